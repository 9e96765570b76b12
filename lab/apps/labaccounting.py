"""Per-worker request accounting the lab driver reads, the same for every
setup: each worker process keeps two counters (requests in flight, requests
finished) in a 16-byte file under LAB_STATS_DIR named by its process id, and
names itself in an `x-lab-worker` response header.

The driver reads the files between points: a point starts only when every
worker reads zero in flight, the counters show how the load fell on the
workers, and what is still in flight when the window closes is counted as
unfinished. A request counts as in flight from the moment the server hands it
to the app until the app returns, so a handler that keeps running after its
client went away still counts."""

import mmap
import os
import struct
import threading

_LAYOUT = struct.Struct("<qq")
_HEADER = b"x-lab-worker"


class _Counters:
    def __init__(self, folder: str):
        self.pid = os.getpid()
        fd = os.open(os.path.join(folder, str(self.pid)), os.O_CREAT | os.O_RDWR, 0o644)
        try:
            os.ftruncate(fd, _LAYOUT.size)
            self.map = mmap.mmap(fd, _LAYOUT.size)
        finally:
            os.close(fd)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.finished = 0
        self.header = str(self.pid).encode()

    def start(self):
        with self.lock:
            self.in_flight += 1
            _LAYOUT.pack_into(self.map, 0, self.in_flight, self.finished)

    def finish(self):
        with self.lock:
            self.in_flight -= 1
            self.finished += 1
            _LAYOUT.pack_into(self.map, 0, self.in_flight, self.finished)


_counters: _Counters | None = None
_counters_lock = threading.Lock()


def _mine() -> _Counters | None:
    """This process's counters, created on first use (after any fork)."""
    global _counters
    folder = os.environ.get("LAB_STATS_DIR")
    if not folder:
        return None
    if _counters is None or _counters.pid != os.getpid():
        with _counters_lock:
            if _counters is None or _counters.pid != os.getpid():
                _counters = _Counters(folder)
    return _counters


class AsgiAccounting:
    """Wraps an ASGI app (FastAPI, or Django's ASGI handler)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        counters = _mine() if scope["type"] == "http" else None
        if counters is None:
            return await self.app(scope, receive, send)

        async def send_with_worker(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (_HEADER, counters.header)]}
            await send(message)

        counters.start()
        try:
            return await self.app(scope, receive, send_with_worker)
        finally:
            counters.finish()


class WsgiAccounting:
    """Wraps a WSGI app: a request is finished when the server closes its body."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        counters = _mine()
        if counters is None:
            return self.app(environ, start_response)

        def start_with_worker(status, headers, exc_info=None):
            return start_response(status, [*headers, (_HEADER.decode(), counters.header.decode())], exc_info)

        counters.start()
        try:
            body = self.app(environ, start_with_worker)
        except BaseException:
            counters.finish()
            raise
        return _ClosingBody(body, counters)


class _ClosingBody:
    def __init__(self, body, counters: _Counters):
        self.body = body
        self.counters = counters
        self.closed = False

    def __iter__(self):
        return iter(self.body)

    def close(self):
        if self.closed:
            return
        self.closed = True
        try:
            close = getattr(self.body, "close", None)
            if close:
                close()
        finally:
            self.counters.finish()
