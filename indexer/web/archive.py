"""What the web page and its API ask of the index, answered as the command line answers it.

Searches run on resident searchers (`Searcher(resident=True)`): opened once,
kept with what they have read, and following the index as `soundbite index`
or `--watch` publishes new states. Whoosh's readers are not safe to share
between threads (a posting list is read by seek and read on one file), so
there is a pool of them, one per request at a time; a request waits for a
free one. The other answers (`show`, `trend`, `speakers`, `stats`) are the
command line's own commands run with their output captured: the API's JSON
is the JSON those commands print, by construction.
"""

from __future__ import annotations

import io
import json
import os
import queue
import threading
from pathlib import Path

from indexer.cli import commands
from indexer.cli.environment import Environment
from indexer.errors import SoundbiteError
from indexer.settings import Settings

# Search parameters a request may give, as `SearchOptions` fields, and how to read them.
TEXT_FILTERS = ("speaker", "role", "network", "language", "transcript", "after", "before", "since", "until", "sort")
NUMBERS = {"limit": (1, 100), "offset": (0, 1_000_000), "context": (0, 5)}
PAGE_SIZE = 20


class BadRequest(SoundbiteError):
    """A request's parameter that cannot be used: answered 400 with the message."""


class Archive:
    """The index a server answers from: a pool of resident searchers and the command line's commands."""

    def __init__(self, index_dir: Path, settings: Settings | None = None, searchers: int | None = None):
        from indexer.engine.querying.search import Searcher

        self.index_dir = index_dir
        self.settings = settings or Settings()
        self.check(index_dir)
        count = searchers or max(2, min(4, os.cpu_count() or 2))
        self._free: queue.Queue = queue.Queue()
        for _ in range(count):
            self._free.put(Searcher(index_dir, self.settings, resident=True))
        # Each searcher reads its columns now, one at a time, while the first requests are answered.
        self.warmed = threading.Thread(target=self._warm, args=(count,), daemon=True)
        self.warmed.start()

    @staticmethod
    def check(index_dir: Path) -> None:
        """The command line's own error for a folder that holds no index (or one too old to open)."""
        from indexer.engine.storage import store

        store.read_manifest(index_dir, with_files=False)

    def _warm(self, count: int) -> None:
        for _ in range(count):
            searcher = self._free.get()
            try:
                searcher.warm()
            except Exception:  # (an index replaced under it: the next search reopens it)
                pass
            finally:
                self._free.put(searcher)

    def search(self, params: dict[str, str]) -> dict:
        """`/api/search`: the total, the transcripts, a suggestion and the hits as `search --json` prints them;
        with `count_by`, the counts as `search --count-by --json` prints them."""
        from indexer.cli.render.hits import hit_json

        query = params.get("q", "").strip()
        if params.get("count_by"):
            if not query:
                raise BadRequest("no query: give q=WORDS")
            counts = self.counts(query, params["count_by"], search_options(params))
            return {"query": query, "count_by": params["count_by"], "counts": counts}
        options, result, hits = self.hits(params)
        return {
            "query": query,
            "total": result.total,
            "transcripts": result.transcripts,
            "offset": options["offset"],
            "limit": options["limit"],
            "suggestion": result.suggestion,
            "hits": [hit_json(hit) for hit in hits],
        }

    def hits(self, params: dict[str, str], counts: tuple[str, ...] = ()):
        """(the options, the SearchResult, its hits made) of a request's search, on a resident searcher;
        `counts`: fields whose counts the search makes in the same pass where it can (`result.counts`)."""
        from indexer.model import SearchOptions

        query = params.get("q", "").strip()
        if not query:
            raise BadRequest("no query: give q=WORDS")
        options = search_options(params)
        searcher = self._free.get()
        try:
            result = searcher.search(query, SearchOptions(**options), counts=counts)
            hits = list(result.hits)  # (made while the searcher is this request's alone)
        finally:
            self._free.put(searcher)
        return options, result, hits

    def counts(self, query: str, field: str, options: dict, result=None) -> list[dict]:
        """Matching passages by `field` as `search --count-by FIELD --json` prints them (from `result.counts`
        where its search counted them)."""
        if result is not None and result.counts is not None and field in result.counts:
            return [{field: value, "passages": count} for value, count in result.counts[field]]
        fields = {k: v for k, v in options.items() if k not in ("limit", "offset", "context", "sort")}
        return self.command_json(commands.search, query=query, count_by=field, **fields)

    def view(self, transcript: str, at: str | None = None):
        """A transcript as `show` presents it (TranscriptView), named by its exact id."""
        from indexer.engine.features.browse import resolve, show

        name, _ = resolve(self.index_dir, transcript, exact=True)
        return show(self.index_dir, name, at=at)

    def show(
        self, transcript: str, at: str | None = None, passage: int | None = None, context: int | None = None
    ) -> list[dict]:
        """`/api/show`: a transcript's passages as `show --json` prints them (named by its exact id:
        TranscriptNotFound otherwise); `context`: only that many around the one `at` or `passage` marks."""
        from indexer.engine.features.browse import resolve

        name, _ = resolve(self.index_dir, transcript, exact=True)
        return self.command_json(commands.show, transcript=name, at=at, passage=passage, context=context)

    def trend(self, params: dict[str, str]) -> list[dict]:
        """`/api/trend`: matching passages per period as `trend --json` prints them."""
        queries = [q for q in params.get("q", "").split("\n") if q.strip()]
        if not queries:
            raise BadRequest("no query: give q=WORDS")
        options = search_options(params)
        fields = {k: v for k, v in options.items() if k not in ("limit", "offset", "context", "sort")}
        by = params.get("by") or None
        return self.command_json(commands.trend, queries=queries, by=by, **fields)

    def speakers(self) -> list[dict]:
        """`/api/speakers`: every speaker as `speakers --json` prints them."""
        return self.command_json(commands.speakers)

    def stats(self) -> dict:
        """`/api/stats`: what the index holds, as `stats --json` prints it."""
        rows = self.command_json(commands.stats)
        return rows[0] if rows else {}

    def media_of(self, transcript: str) -> Path | None:
        """The media file beside an indexed transcript (`talk.mp4` beside `talk.srt`), or None: a request
        names a transcript, never a path, so only files beside what was indexed can be served."""
        from indexer.cli.export import media_beside
        from indexer.engine.features.browse import resolve

        try:
            _, path = resolve(self.index_dir, transcript, exact=True)
        except SoundbiteError:
            return None
        name = media_beside(path)
        return Path(path).with_name(name) if name else None

    def command_json(self, command, **params) -> list[dict]:
        """A command line command's `--json` output (JSON Lines) as a list; BadRequest with its message."""
        out, err = io.StringIO(), io.StringIO()
        env = Environment(stdout=out, stderr=err, stdout_isatty=False, no_color=True, settings=self.settings)
        code = commands.run(command, env, index=self.index_dir, json_output=True, **params)
        if code == commands.EXIT_ERROR:
            message = err.getvalue().strip().removeprefix("soundbite: ").removeprefix("error: ")
            raise BadRequest(message or "the request failed")
        return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def search_options(params: dict[str, str]) -> dict:
    """The `SearchOptions` fields a request gives (empty values left out), numbers checked."""
    options: dict = {name: params[name].strip() for name in TEXT_FILTERS if params.get(name, "").strip()}
    for name, (least, most) in NUMBERS.items():
        text = params.get(name, "").strip()
        if not text:
            continue
        if not text.isdigit() or not least <= int(text) <= most:
            raise BadRequest(f"{name} must be a whole number from {least} to {most}, not {text!r}")
        options[name] = int(text)
    options.setdefault("limit", PAGE_SIZE)
    options.setdefault("offset", 0)
    return options
