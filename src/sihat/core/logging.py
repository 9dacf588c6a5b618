"""Structured JSON logs in which no identity number, phone, password, OTP or token appears.

Redaction works twice: by key (any field named like a secret is masked) and by content
(digit runs that look like MyKad or phone numbers are masked wherever they occur).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import structlog

SECRET_KEYS = re.compile(
    r"(password|passwd|otp|code|token|secret|id_number|nric|mykad|phone|authorization|cookie)",
    re.IGNORECASE,
)
# 12-digit identity numbers (with optional separators) and phone-like runs of 9+ digits.
SECRET_VALUES = re.compile(r"\+?\d[\d\s-]{7,}\d")


def redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return SECRET_VALUES.sub("[redacted]", value)
    if isinstance(value, dict):
        return {k: _redact_item(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value


def _redact_item(key: str, value: Any) -> Any:
    if key in {"event", "level", "timestamp", "logger", "request_id"}:
        return redact_value(value) if key == "event" else value
    if SECRET_KEYS.search(key) and key not in {"status_code", "error_code"}:
        return "[redacted]"
    return redact_value(value)


def crash_fields(exc: BaseException) -> dict[str, Any]:
    """What the log keeps of an unhandled error: its type and, for each exception in the chain,
    where it was raised (file, line, function) -- never its message or the values on the stack,
    which may hold SQL parameters, a psycopg ``DETAIL`` with a row's values, or a name."""
    chain: list[str] = []
    frames: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(type(current).__name__)
        for frame in traceback.extract_tb(current.__traceback__):
            frames.append(f"{_short(frame.filename)}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
    return {"error_type": chain[0], "error_chain": chain, "trace": frames[-30:]}


def _short(filename: str) -> str:
    for marker in ("/site-packages/", "/src/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def _redact(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> dict[str, Any]:
    return {k: _redact_item(k, v) for k, v in event_dict.items()}


class _Stderr:
    """Whatever ``sys.stderr`` is at the moment of writing (test runners swap it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def _log_crash(exc: BaseException, where: str) -> None:
    get_logger("sihat.crash").error("unhandled", where=where, **crash_fields(exc))


def _excepthook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    _log_crash(exc, "main")


def _thread_excepthook(args: Any) -> None:
    if args.exc_value is not None:
        _log_crash(args.exc_value, f"thread {getattr(args.thread, 'name', '?')}")


def install_crash_hooks() -> None:
    """An error nobody caught (main thread or any other) is logged like a request's crash: its
    type and frames, never its message. Installed by the ``sihat`` command (not by tests, whose
    runner watches threads itself)."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def configure(level: str = "INFO", stream: Any = None, path: Path | None = None) -> None:
    """JSON lines to ``stream`` (default stderr), or appended to the file ``path``."""
    if stream is None and path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = path.open("a", encoding="utf-8", buffering=1)
    stream = stream or _Stderr()
    logging.basicConfig(format="%(message)s", stream=stream, level=level)
    for chatty in ("alembic", "httpx"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=False,
    )


def get_logger(name: str = "sihat") -> Any:
    return structlog.get_logger(name)
