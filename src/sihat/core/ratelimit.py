"""Rate limits on top of the ``limits`` library: in memory by default, Redis when
``SIHAT_RATE_LIMIT_STORAGE`` points at one, so several API processes share one count.

A shared storage that does not connect or answer within ``SIHAT_RATE_LIMIT_TIMEOUT_S`` fails
closed: the limited request is refused with 503 ``limits_unavailable`` (a login or a one-time
code is never let through uncounted, and no request waits on a dead Redis)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TypeVar

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from sihat.core.errors import Problem

T = TypeVar("T")


class Limiter:
    def __init__(
        self, storage_uri: str = "memory://", key_prefix: str = "LIMITS", timeout_s: float = 2.0
    ) -> None:
        # ``key_prefix`` names the keys in a shared storage (the memory storage ignores it)
        options: dict[str, float] = {}
        if storage_uri.startswith(("redis://", "rediss://", "redis+unix://")):
            options = {"socket_timeout": timeout_s, "socket_connect_timeout": timeout_s}
        self.storage = storage_from_string(
            storage_uri, key_prefix=key_prefix, wrap_exceptions=True, **options
        )
        self.strategy = MovingWindowRateLimiter(self.storage)

    @staticmethod
    def _ask(call: Callable[[], T]) -> T:
        try:
            return call()
        except StorageError as exc:  # the storage's own error (timeout, refused, reset)
            raise Problem("limits_unavailable") from exc

    def hit(self, scope: str, key: str, limit: str | RateLimitItem) -> bool:
        item = parse(limit) if isinstance(limit, str) else limit
        return bool(self._ask(lambda: self.strategy.hit(item, scope, key)))

    def check(self, scope: str, key: str, limit: str) -> bool:
        return bool(self._ask(lambda: self.strategy.test(parse(limit), scope, key)))

    def hit_or_raise(self, scope: str, key: str, limit: str) -> None:
        if not self.hit(scope, key, limit):
            raise Problem("too_many_attempts", scope=scope)

    def retry_after(self, scope: str, key: str, limit: str) -> int:
        """Seconds until ``limit`` lets one more through for ``key`` (0 when it already would)."""
        item = parse(limit)
        if self.check(scope, key, limit):
            return 0
        stats = self._ask(lambda: self.strategy.get_window_stats(item, scope, key))
        # The ``limits`` storage keeps its windows on the process's wall clock (not
        # ``core.clock``), so the wait is measured on the same clock.
        return max(1, math.ceil(stats.reset_time - time.time()))

    def clear(self, scope: str, key: str, limit: str) -> None:
        self._ask(lambda: self.strategy.clear(parse(limit), scope, key))

    def reset(self) -> None:
        self._ask(self.storage.reset)


class LoginGuard:
    """Failed logins per account: at most ``per_hour`` an hour (credential stuffing from many
    addresses gets no more), and a short back-off after a burst, never a permanent lock.
    Only failures count, so a legitimate user who gets in is never slowed by attempts."""

    def __init__(
        self, limiter: Limiter, scope: str, per_hour: int, burst: int = 10, burst_minutes: int = 5
    ) -> None:
        self.limiter = limiter
        self.scope = scope
        self.hourly = f"{per_hour}/hour"
        self.burst = f"{burst}/{burst_minutes} minutes"

    def before(self, key: str) -> None:
        for limit in (self.hourly, self.burst):
            if not self.limiter.check(self.scope, key, limit):
                raise Problem("too_many_attempts", scope=self.scope)

    def failed(self, key: str) -> None:
        self.limiter.hit(self.scope, key, self.hourly)
        self.limiter.hit(self.scope, key, self.burst)


class Tiers:
    """Several windows over one count, so that waits grow with the failures: with
    ``("5/minute", "10/15 minutes", "20/hour")`` five quick failures wait a minute, ten wait
    up to a quarter of an hour, twenty the rest of the hour. Only what :meth:`failed` counts
    is limited; :meth:`before` refuses (``too_many_attempts`` with ``retry_after``) while any
    window is full."""

    def __init__(self, limiter: Limiter, scope: str, limits: tuple[str, ...]) -> None:
        self.limiter = limiter
        self.scope = scope
        self.limits = limits

    def wait(self, key: str) -> int:
        return max(self.limiter.retry_after(self.scope, key, limit) for limit in self.limits)

    def before(self, key: str) -> None:
        wait = self.wait(key)
        if wait:
            raise Problem("too_many_attempts", scope=self.scope, retry_after=wait)

    def failed(self, key: str) -> None:
        for limit in self.limits:
            self.limiter.hit(self.scope, key, limit)
