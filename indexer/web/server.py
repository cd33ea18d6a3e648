"""The HTTP side of `soundbite serve`: routes, the access token, security headers, media by ranges.

Built on the standard library's `ThreadingHTTPServer` (a thread a
connection), chosen by measurement (`bench/serve_stack.py`): on this machine
it answered 5,500 small requests a second from 20 clients at once against
Starlette on uvicorn's 3,300, first answered 54 ms after start against 154,
and adds no dependency (Starlette and uvicorn bring five). What a server of
the standard library does not do is done here: a request's token, the
headers that keep a page to its own scripts, and byte ranges of media files
(a player seeks with them).

Safe by default: it binds to 127.0.0.1; on any other address every request
needs the access token (`?token=` once, then a cookie; or `Authorization:
Bearer`). Nothing a request asks for writes anything. A URL names a
transcript, never a path: media are served only from beside an indexed
transcript.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import mimetypes
import os
import re
import secrets
import signal
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from indexer.errors import SoundbiteError, TranscriptNotFound
from indexer.web import pages
from indexer.web.archive import Archive, BadRequest

LOOPBACK = ("127.0.0.1", "localhost", "::1")
TOKEN_COOKIE = "soundbite_token"
STATIC = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
# The page runs its own script and style only: no inline script, nothing from another host.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def needs_token(host: str) -> bool:
    """Whether a server on `host` must ask every request for the access token: anywhere but loopback."""
    return host not in LOOPBACK


def make_server(archive: Archive, host: str = "127.0.0.1", port: int = 8000, token: str | None = None):
    """A server of `archive` on host:port (port 0: any free one), not yet serving; its `token` is set."""
    if token is None and needs_token(host):
        token = secrets.token_urlsafe(24)
    handler = type("Handler", (Handler,), {"archive": archive, "token": token})
    server = Server((host, port), handler)
    server.token = token
    return server


class Server(ThreadingHTTPServer):
    daemon_threads = True  # (a slow client never keeps the server from stopping)
    allow_reuse_address = True
    token: str | None = None

    def url(self, with_token: bool = True) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        token = f"?token={quote(self.token)}" if self.token and with_token else ""
        return f"http://{shown}:{port}/{token}"


class Handler(BaseHTTPRequestHandler):
    """One request: checked for the token, routed, answered with the security headers."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # (headers and body are two writes: no 40 ms wait for an ACK between)
    server_version = "soundbite"
    sys_version = ""
    archive: Archive
    token: str | None = None
    head = False  # (a HEAD request: headers only)
    media_from: str | None = None  # an address the page's player may load media from (its transcript's URL)

    def log_message(self, format, *args):
        pass  # (a quiet server: errors reach the page, not the terminal)

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        self.head, self.media_from = head, None  # (a connection's handler serves request after request)
        try:
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            if not self._allowed(params):
                return
            if self.token and "token" in params:  # the link printed at start: keep the token in a cookie
                rest = "&".join(f"{quote(k)}={quote(v)}" for k, v in params.items() if k != "token")
                self._redirect(url.path + ("?" + rest if rest else ""), cookie=self.token)
                return
            self._route(unquote(url.path), params)
        except BadRequest as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except TranscriptNotFound as exc:
            self._error(HTTPStatus.NOT_FOUND, str(exc))
        except SoundbiteError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            pass  # (the reader went away)
        except Exception as exc:  # a bug: one line for the page, as the command line says it, no traceback
            from indexer.cli.commands import failure

            message = (failure(exc) or ("internal error", 2))[0]
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, message)

    def do_POST(self):
        self.head, self.media_from = False, None
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only: nothing here takes a POST")

    do_PUT = do_DELETE = do_PATCH = do_POST

    def _allowed(self, params: dict[str, str]) -> bool:
        if not self.token:
            return True
        given = params.get("token") or _bearer(self.headers.get("Authorization", "")) or _cookie(self.headers)
        if given and hmac.compare_digest(given.encode(), self.token.encode()):
            return True
        self._error(HTTPStatus.UNAUTHORIZED, "this server needs its access token: open the link it printed")
        return False

    def _route(self, path: str, params: dict[str, str]) -> None:
        archive = self.archive
        if path in ("/", "/search"):
            self._html(pages.search_page(archive, params))
        elif path.startswith("/t/"):
            page, media_from = pages.transcript_page(archive, path[3:], params)
            self._html(page, media_from=media_from)
        elif path == "/api/search":
            self._json(archive.search(params))
        elif path == "/api/show":
            passage, context = _whole(params, "passage"), _whole(params, "context")
            at = params.get("at") or None
            self._json(archive.show(_required(params, "transcript"), at=at, passage=passage, context=context))
        elif path == "/api/trend":
            self._json(archive.trend(params))
        elif path == "/api/speakers":
            self._json(archive.speakers())
        elif path == "/api/stats":
            self._json(archive.stats())
        elif path.startswith("/media/"):
            self._media(path[len("/media/") :])
        elif path.startswith("/static/") and path[len("/static/") :] in STATIC_FILES:
            name = path[len("/static/") :]
            self._send(HTTPStatus.OK, (STATIC / name).read_bytes(), STATIC_FILES[name], cache=True)
        else:
            self._error(HTTPStatus.NOT_FOUND, f"nothing at {path}")

    def _media(self, transcript: str) -> None:
        media = self.archive.media_of(transcript)
        if media is None:
            self._error(HTTPStatus.NOT_FOUND, f"no media beside transcript {transcript!r}")
            return
        size = media.stat().st_size
        kind = mimetypes.guess_type(media.name)[0] or "application/octet-stream"
        start, end = 0, size - 1
        status = HTTPStatus.OK
        asked = self.headers.get("Range")
        if asked:
            found = _RANGE.match(asked.strip())
            if not found or (not found.group(1) and not found.group(2)):
                self._unsatisfiable(size)
                return
            if found.group(1):
                start = int(found.group(1))
                end = min(int(found.group(2)), size - 1) if found.group(2) else size - 1
            else:  # the last N bytes
                start = max(0, size - int(found.group(2)))
            if start >= size or start > end:
                self._unsatisfiable(size)
                return
            status = HTTPStatus.PARTIAL_CONTENT
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self._security_headers()
        self.end_headers()
        if self.head:
            return
        with media.open("rb") as source:
            source.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = source.read(min(CHUNK, left))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)

    def _unsatisfiable(self, size: int) -> None:
        self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
        self.send_header("Content-Range", f"bytes */{size}")
        self.send_header("Content-Length", "0")
        self._security_headers()
        self.end_headers()

    def _json(self, data) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")

    def _html(self, text: str, media_from: str | None = None) -> None:
        self.media_from = media_from
        self._send(HTTPStatus.OK, text.encode("utf-8"), "text/html; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str) -> None:
        if self.path.startswith("/api/"):
            body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
            self._send(status, body, "application/json; charset=utf-8")
        else:
            self._send(status, pages.error_page(status.value, message).encode("utf-8"), "text/html; charset=utf-8")

    def _redirect(self, location: str, cookie: str | None = None) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", location)
        if cookie:
            self.send_header("Set-Cookie", f"{TOKEN_COOKIE}={cookie}; HttpOnly; SameSite=Strict; Path=/")
        self.send_header("Content-Length", "0")
        self._security_headers()
        self.end_headers()

    def _send(self, status: HTTPStatus, body: bytes, kind: str, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=300" if cache else "no-store")
        self._security_headers()
        self.end_headers()
        if not self.head:
            self.wfile.write(body)

    def _security_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            if name == "Content-Security-Policy" and self.media_from:  # (a transcript's media, elsewhere)
                value = value.replace("media-src 'self'", f"media-src 'self' {self.media_from}")
            self.send_header(name, value)


def _required(params: dict[str, str], name: str) -> str:
    value = params.get(name, "").strip()
    if not value:
        raise BadRequest(f"give {name}=…")
    return value


def _whole(params: dict[str, str], name: str) -> int | None:
    value = params.get(name, "").strip()
    if value and not value.isdigit():
        raise BadRequest(f"{name} must be a whole number, not {value!r}")
    return int(value) if value else None


def _bearer(header: str) -> str | None:
    kind, _, value = header.partition(" ")
    return value.strip() if kind.lower() == "bearer" and value.strip() else None


def _cookie(headers) -> str | None:
    for part in headers.get("Cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == TOKEN_COOKIE and value:
            return value
    return None


def serve_in_workers(server, make_archive, workers: int) -> None:
    """Serve in `workers` processes, each answering from its own archive (`make_archive()`: resident
    searchers of its own) on the server's one listening socket, forked once it listens and before any
    thread starts. Python answers one request at a time a process; more processes use more cores.
    Returns when they have all ended: at Ctrl-C (the terminal's interrupt reaches each), or at a SIGTERM
    to this process, which is passed on."""
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a worker
            code = 0
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                server.RequestHandlerClass.archive = make_archive()
                server.serve_forever()
            except KeyboardInterrupt:
                pass
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        children.append(pid)

    def stop(*_) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):  # (one that has ended already)
                os.kill(child, signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while children:
            try:
                ended, _ = os.waitpid(-1, 0)
            except KeyboardInterrupt:
                stop()
                continue
            except ChildProcessError:
                break
            if ended in children:
                children.remove(ended)
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve_in_thread(server) -> threading.Thread:
    """Serve in a daemon thread (tests, benches); `server.shutdown()` stops it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread
