"""A stand-in SMS gateway: a small real HTTP server, for tests, the bench and a demo that
wants to see the HTTP path work. Run it with ``python -m sihat.notifications.standin --port
9100 [--receipt-url http://127.0.0.1:8000/api/v1/notifications/receipts --secret ...]``.

- ``POST /sms`` (JSON or form: ``to``, ``text``, ``sender``, ``reference``; header
  ``Idempotency-Key``) answers ``{"message_id": ...}``. A key seen before is answered with the
  first id and not "sent" again (``duplicate: true``): the handset receives a message once.
- ``GET /_standin/messages[?to=...]``: what the handsets received.
- ``POST /_standin/control``: ``fail_next`` (answer 503 that many times), ``reject_next``
  (400), ``delay_ms`` (answer after accepting), ``hold`` (accept, then hold the answer until
  ``hold`` is set false: a worker can be killed mid-send), ``auto_receipts``, ``receipt_url``.
- ``POST /_standin/receipts`` ``{"status": "DELIVERED"}``: post signed receipts (see
  ``receipts.py``) for every accepted message not receipted yet; answers how many.
- ``GET /_standin/stats``: requests, accepted, duplicates.
"""

from __future__ import annotations

import argparse
import itertools
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from sihat.notifications.receipts import HEADER, sign


class Gateway:
    def __init__(self, receipt_url: str = "", secret: str = "") -> None:
        self.receipt_url, self.secret = receipt_url, secret
        self.lock = threading.Lock()
        self.by_key: dict[str, str] = {}
        self.handsets: list[dict[str, Any]] = []
        self.unreceipted: list[dict[str, Any]] = []
        self.control: dict[str, Any] = {
            "fail_next": 0,
            "reject_next": 0,
            "delay_ms": 0,
            "auto_receipts": False,
        }
        self.released = threading.Event()
        self.released.set()
        self.stats = {"requests": 0, "accepted": 0, "duplicates": 0}
        self.ids = itertools.count(1)

    def set_control(self, change: dict[str, Any]) -> None:
        with self.lock:
            if "receipt_url" in change:
                self.receipt_url = str(change.pop("receipt_url"))
            if "hold" in change:
                (self.released.clear if change.pop("hold") else self.released.set)()
            self.control.update(change)

    def accept(self, fields: dict[str, str], key: str) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.stats["requests"] += 1
            if self.control["fail_next"] > 0:
                self.control["fail_next"] -= 1
                return 503, {"error": "temporarily unavailable"}
            if self.control["reject_next"] > 0:
                self.control["reject_next"] -= 1
                return 400, {"error": "number not valid"}
            if not fields.get("to") or not fields.get("text"):
                return 400, {"error": "to and text are required"}
            if key and key in self.by_key:
                self.stats["duplicates"] += 1
                return 200, {"message_id": self.by_key[key], "duplicate": True}
            message_id = f"SG{next(self.ids):09d}"
            if key:
                self.by_key[key] = message_id
            entry = {
                "message_id": message_id,
                "to": fields["to"],
                "text": fields["text"],
                "reference": fields.get("reference") or key,
                "at": time.time(),
            }
            self.handsets.append(entry)
            self.unreceipted.append(entry)
            self.stats["accepted"] += 1
            auto = self.control["auto_receipts"]
        if auto:
            threading.Thread(target=self.post_receipts, args=("DELIVERED",), daemon=True).start()
        return 200, {"message_id": message_id, "duplicate": False}

    def post_receipts(self, status: str) -> dict[str, Any]:
        with self.lock:
            batch, self.unreceipted = self.unreceipted, []
        if not batch or not self.receipt_url:
            return {"sent": 0}
        body = json.dumps(
            [
                {"message_id": e["message_id"], "reference": e["reference"], "status": status}
                for e in batch
            ]
        ).encode()
        signature = sign(self.secret, body, int(time.time()))
        headers = {"Content-Type": "application/json", HEADER: signature}
        answer = httpx.post(self.receipt_url, content=body, headers=headers, timeout=30)
        return {"sent": len(batch), "answer": answer.status_code}


def handler_for(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        owner = gateway
        disable_nagle_algorithm = True
        wbufsize = 64 * 1024  # headers and body in one write (flushed after each request)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return None

        def _answer(self, status: int, payload: object) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/_standin/messages":
                to = urllib.parse.parse_qs(url.query).get("to", [None])[0]
                with gateway.lock:
                    found = [e for e in gateway.handsets if to is None or e["to"] == to]
                self._answer(200, found)
            elif url.path == "/_standin/stats":
                with gateway.lock:
                    self._answer(200, dict(gateway.stats))
            else:
                self._answer(404, {"error": "not found"})

        def do_POST(self) -> None:
            raw = self._body()
            if self.path == "/sms":
                if "json" in (self.headers.get("Content-Type") or ""):
                    fields = json.loads(raw or b"{}")
                else:
                    fields = dict(urllib.parse.parse_qsl(raw.decode()))
                status, payload = gateway.accept(fields, self.headers.get("Idempotency-Key", ""))
                if status == 200 and not payload.get("duplicate"):
                    gateway.released.wait(timeout=120)
                    delay = gateway.control["delay_ms"]
                    if delay:
                        time.sleep(delay / 1000)
                self._answer(status, payload)
            elif self.path == "/_standin/control":
                gateway.set_control(json.loads(raw or b"{}"))
                self._answer(200, {"ok": True})
            elif self.path == "/_standin/receipts":
                status = json.loads(raw or b"{}").get("status", "DELIVERED")
                self._answer(200, gateway.post_receipts(status))
            else:
                self._answer(404, {"error": "not found"})

    return Handler


def make_server(port: int, receipt_url: str = "", secret: str = "") -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(Gateway(receipt_url, secret)))
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="stand-in SMS gateway")
    parser.add_argument("--port", type=int, default=9100)
    parser.add_argument("--receipt-url", default="")
    parser.add_argument("--secret", default="")
    parser.add_argument("--auto-receipts", action="store_true")
    args = parser.parse_args(argv)
    server = make_server(args.port, args.receipt_url, args.secret)
    gateway_of(server).set_control({"auto_receipts": args.auto_receipts})
    server.serve_forever()


def gateway_of(server: ThreadingHTTPServer) -> Gateway:
    handler: Any = server.RequestHandlerClass
    return handler.owner  # type: ignore[no-any-return]


if __name__ == "__main__":
    main()
