"""A local HTTP endpoint that answers the few OpenSearch APIs `soundbite push` uses, for its failure paths.

It is not a search engine: it keeps the documents sent to it by id, answers
the Bulk API item by item as OpenSearch does (created, updated, deleted,
not_found), and can be told to misbehave: answer 429 to the next N bulk
requests, drop the connection of the next N, refuse credentials, reject
chosen documents with a mapping error, or hold an index whose mapping
conflicts with soundbite's. What passes against it is only that the client
side is right; docs/cluster.md says which parts ran against a real cluster.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeCluster:
    def __init__(self):
        self.indexes: dict[str, dict] = {}  # name -> {"mappings": ..., "docs": {id: source}}
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.bulk_bodies: list[list[dict]] = []  # each bulk request's parsed lines
        self.headers: list[dict] = []
        self.too_many = 0  # answer 429 to this many bulk requests
        self.drop = 0  # close the connection, unanswered, on this many bulk requests
        self.drop_after_lines = None  # ... only once this many bulk lines have been stored
        self.password: str | None = None  # require basic auth with this password
        self.api_key: str | None = None
        self.reject: set[str] = set()  # document ids answered with a mapping error
        self.lock = threading.Lock()
        cluster = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, status: int, body=None):
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _handle(self):
                body = self._body()
                with cluster.lock:
                    cluster.requests.append((self.command, self.path))
                    cluster.headers.append(dict(self.headers))
                    refused = cluster._refused(self.headers)
                    if refused:
                        return self._answer(401, {"error": {"type": "security_exception", "reason": "unauthorized"}})
                    path = self.path.split("?")[0]
                    if path == "/":
                        return self._answer(200, {"version": {"number": "2.17.0", "distribution": "opensearch"}})
                    if path.endswith("/_bulk"):
                        return cluster._bulk(self, body)
                    parts = path.strip("/").split("/")
                    name = parts[0]
                    if len(parts) == 1 and self.command == "HEAD":
                        return self._answer(200 if name in cluster.indexes else 404)
                    if len(parts) == 1 and self.command == "PUT":
                        spec = json.loads(body or b"{}")
                        cluster.indexes[name] = {"mappings": spec.get("mappings", {}), "docs": {}, "body": spec}
                        return self._answer(200, {"acknowledged": True, "index": name})
                    if len(parts) == 2 and parts[1] == "_mapping":
                        if name not in cluster.indexes:
                            return self._answer(404, {"error": {"type": "index_not_found_exception"}})
                        return self._answer(200, {name: {"mappings": cluster.indexes[name]["mappings"]}})
                    return self._answer(400, {"error": {"type": "illegal_argument_exception", "reason": path}})

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _refused(self, headers) -> bool:
        given = headers.get("Authorization", "")
        if self.password is not None:
            return given != "Basic " + base64.b64encode(f"admin:{self.password}".encode()).decode()
        if self.api_key is not None:
            return given != f"ApiKey {self.api_key}"
        return False

    def docs(self, name: str = "soundbite") -> dict:
        return self.indexes[name]["docs"]

    def bulk_lines(self) -> int:
        return sum(len(body) for body in self.bulk_bodies)

    def _bulk(self, handler, body: bytes):
        if self.too_many:
            self.too_many -= 1
            return handler._answer(429, {"error": {"type": "es_rejected_execution_exception"}, "status": 429})
        if self.drop and (self.drop_after_lines is None or self.bulk_lines() >= self.drop_after_lines):
            self.drop -= 1
            handler.close_connection = True
            handler.connection.shutdown(2)
            return None
        lines = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        self.bulk_bodies.append(lines)
        items, errors = [], False
        position = 0
        while position < len(lines):
            ((op, meta),) = lines[position].items()
            name, doc_id = meta.get("_index") or handler.path.strip("/").split("/")[0], meta["_id"]
            docs = self.indexes.setdefault(name, {"mappings": {}, "docs": {}})["docs"]
            if op == "delete":
                found = docs.pop(doc_id, None) is not None
                items.append(
                    {
                        op: {
                            "_id": doc_id,
                            "status": 200 if found else 404,
                            "result": "deleted" if found else "not_found",
                        }
                    }
                )
                position += 1
                continue
            source = lines[position + 1]
            position += 2
            if doc_id in self.reject:
                errors = True
                items.append(
                    {
                        op: {
                            "_id": doc_id,
                            "status": 400,
                            "error": {
                                "type": "mapper_parsing_exception",
                                "reason": "failed to parse field [start] of type [float]",
                            },
                        }
                    }
                )
                continue
            result = "updated" if doc_id in docs else "created"
            docs[doc_id] = source
            items.append({op: {"_id": doc_id, "status": 201 if result == "created" else 200, "result": result}})
        return handler._answer(200, {"took": 1, "errors": errors, "items": items})
