"""soundbite's passages in an OpenSearch or Elasticsearch cluster: the mapping, the Bulk API's lines, and `push`.

When an archive outgrows one machine, the same passages go to a search
cluster. The mapping mirrors soundbite's analysers (words in every script,
normalised, CJK bigrams, accents folded, Porter stemming on `text`, a
`text.<language>` sub-field stemmed in each other language the index holds,
and an unstemmed `text.exact`), so a query finds there what it finds here.
Each passage is filed under `passage_id` (transcript id and number), so
sending it again replaces it.

`push` sends what changed since the last push to the same cluster and index
name (remembered in `pushed.json` in the index folder: per file, its hash and
how many passages each of its transcripts had), with opensearch-py's
streaming bulk helper: chunked, 429s retried with back-off by the helper, a
lost connection resumed with back-off here from the first action it had not
answered. The local index is only read.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from indexer.engine.features.export import (
    exported,
    passage_id,
    passages_of_files,
    shared_transcript_ids,
    transcript_key,
)
from indexer.engine.storage import store
from indexer.errors import SoundbiteError
from indexer.model import Hit, PushProgress, PushReport

DEFAULT_INDEX_NAME = "soundbite"
PUSHED_FILE = "pushed.json"
CHUNK_SIZE = 500  # actions a bulk request
CONNECTION_RETRIES = 5
MAX_BACKOFF = 60.0

# Elasticsearch's and OpenSearch's built-in stemmers, by the ISO 639-1 code soundbite stores.
CLUSTER_STEMMERS = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "bn": "bengali",
    "bg": "bulgarian",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "nl": "dutch",
    "et": "estonian",
    "fi": "finnish",
    "fr": "light_french",
    "gl": "galician",
    "de": "light_german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ms": "indonesian",
    "ga": "irish",
    "it": "light_italian",
    "lv": "latvian",
    "lt": "lithuanian",
    "no": "norwegian",
    "nb": "norwegian",
    "fa": "persian",
    "pt": "light_portuguese",
    "ro": "romanian",
    "ru": "russian",
    "es": "light_spanish",
    "sv": "swedish",
    "tr": "turkish",
}
# soundbite's normalisation (analysis.py) with the clusters' built-in filters: width folding, digits of
# every script, Arabic and Persian letter forms, the Hindi nukta; then lower case.
_NORMALISE = ["cjk_width", "decimal_digit", "arabic_normalization", "persian_normalization", "hindi_normalization"]
_NORMALISE += ["lowercase"]


def mapping(languages=("en",)) -> dict:
    """Index settings and mappings for soundbite's passages (PUT /NAME with this body).

    The analysers mirror soundbite's (`analysis.py`): the standard tokenizer (Unicode word breaks, a
    Han or kana character a token), its normalisation, Lucene's CJK bigrams (as soundbite's bigrams
    of scripts written without spaces), accents folded; `text` is stemmed as English (Porter) and,
    for each other language of `languages` (the index's), in a `text.<code>` sub-field with that
    language's stemmer, before folding. A query asks `text` and every `text.*` sub-field, as
    soundbite stems a query in every language its index holds.
    """
    words = {"type": "text", "analyzer": "soundbite_words", "fields": {"keyword": {"type": "keyword"}}}
    keyword = {"type": "keyword"}
    analyzers = {
        "soundbite_words": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [*_NORMALISE, "cjk_bigram", "asciifolding"],
        },
        "soundbite_stemmed": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [*_NORMALISE, "cjk_bigram", "asciifolding", "porter_stem"],
        },
    }
    filters = {}
    text_fields = {"exact": {"type": "text", "analyzer": "soundbite_words"}}
    for code in sorted(set(languages)):
        stemmer = CLUSTER_STEMMERS.get(code)
        if stemmer is None:
            continue
        filters[f"soundbite_stem_{code}"] = {"type": "stemmer", "language": stemmer}
        analyzers[f"soundbite_{code}"] = {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [*_NORMALISE, "cjk_bigram", f"soundbite_stem_{code}", "asciifolding"],
        }
        text_fields[code] = {"type": "text", "analyzer": f"soundbite_{code}"}
    analysis = {"analyzer": analyzers}
    if filters:
        analysis["filter"] = filters
    return {
        "settings": {"analysis": analysis},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "transcript": keyword,
                "path": keyword,
                "passage": {"type": "integer"},
                "start": {"type": "float"},
                "end": {"type": "float"},
                "estimated": {"type": "boolean"},
                "kind": keyword,
                "text": {"type": "text", "analyzer": "soundbite_stemmed", "fields": text_fields},
                "speaker": words,
                "speaker_label": words,  # the label as the file wrote it (`MS. PSAKI` for Jen Psaki)
                "role": words,
                "network": words,
                "reporter": words,
                "place": words,
                "title": {"type": "text", "analyzer": "soundbite_words"},
                "date": {"type": "date", "format": "strict_date||yyyy-MM||yyyy"},
                "date_text": keyword,  # a date the transcript gives in another form
                "aired": {"type": "date", "format": "strict_date_optional_time"},
                "url": keyword,
                "media": keyword,
                "duration": {"type": "float"},
                "format": keyword,
                "story": keyword,
                "program": keyword,
                "language": keyword,  # ISO 639-1
            },
        },
    }


_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def cluster_document(hit: Hit) -> dict:
    """A passage as the cluster stores it: the mapping's fields, those without a value left out."""
    transcript, passage, meta = hit.transcript, hit.passage, hit.transcript.meta
    date = meta.date.strip()
    doc = {
        "transcript": transcript.id,
        "path": transcript.path,
        "passage": passage.number,
        "start": passage.start,
        "end": passage.end,
        "estimated": passage.estimated,
        "kind": passage.kind,
        "text": passage.text,
        "speaker": passage.speaker,
        "speaker_label": passage.label,
        "role": passage.role,
        "network": meta.network,
        "reporter": meta.reporter,
        "place": meta.place,
        "title": meta.title,
        "date": date if _ISO_DATE.fullmatch(date) else None,
        "date_text": date if date and not _ISO_DATE.fullmatch(date) else None,
        "aired": meta.aired,
        "url": hit.url,
        "media": meta.url,
        "duration": meta.duration,
        "format": transcript.format,
        "story": meta.story,
        "program": meta.program,
        "language": meta.language or "en",
    }
    return {key: value for key, value in doc.items() if value not in (None, "")}


def bulk_lines(hits: Iterator[Hit], index_name: str, shared: frozenset[str]) -> Iterator[str]:
    """The Bulk API's NDJSON: an `index` action line and the document line for each passage."""
    for hit in hits:
        action = {"index": {"_index": index_name, "_id": passage_id(hit, shared)}}
        yield json.dumps(action, ensure_ascii=False) + "\n"
        yield json.dumps(cluster_document(hit), ensure_ascii=False) + "\n"


# push


@dataclass
class Target:
    """A cluster and index name, and how to sign in (never written anywhere)."""

    url: str
    index_name: str = DEFAULT_INDEX_NAME
    user: str | None = None
    password: str | None = None
    api_key: str | None = None
    verify_certs: bool = True

    @property
    def key(self) -> str:
        """The cluster and index as remembered: the URL without credentials, and the index name."""
        return f"{without_credentials(self.url).rstrip('/')} {self.index_name}"


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """(the URL without its user info, the user, the password) of `http://user:pass@host:9200`.

    The host is what follows the last `@`, so a password holding an unencoded `/`, `#` or `?` is
    still the password, not a path; percent-escapes in user and password are decoded."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url, None, None
    userinfo, _, host = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return f"{scheme}://{host}", unquote(user) or None, unquote(password) if colon else None


def without_credentials(url: str) -> str:
    """`url` as it may be shown or remembered: no user, no password, no query or fragment."""
    bare, _, _ = split_credentials(url)
    try:
        parts = urlsplit(bare)
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:  # a port that is not a number: the URL up to its host, as written
        return bare.split("?", 1)[0].split("#", 1)[0]


_INDEX_NAME = re.compile(r"[a-z0-9][a-z0-9_.+-]{0,254}")


def check_target(target: Target) -> None:
    shown = without_credentials(target.url)
    parts = urlsplit(target.url)
    try:
        parts.port  # noqa: B018  (it is parsed when asked for)
    except ValueError:
        raise SoundbiteError(f"{shown!r}: the port is not a number (encode a '/', '#' or '?' in a password)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SoundbiteError(f"{shown!r} is not a cluster URL: give http(s)://HOST[:PORT]")
    check_index_name(target.index_name)


def check_index_name(name: str) -> None:
    """A name OpenSearch and Elasticsearch take for an index, or one line saying what they take."""
    if not _INDEX_NAME.fullmatch(name) or name in (".", ".."):
        raise SoundbiteError(
            f"--index-name {name!r}: lower-case letters, digits, '_', '-', '.' and '+', "
            "not starting with '-', '_' or '+'"
        )


def _client(target: Target):
    from opensearchpy import OpenSearch

    options: dict = {"hosts": [target.url], "max_retries": 0, "timeout": 60}
    if target.user:
        options["http_auth"] = (target.user, target.password or "")
    if target.api_key:
        options["headers"] = {"Authorization": f"ApiKey {target.api_key}"}
    if target.url.startswith("https"):
        options["verify_certs"] = target.verify_certs
        options["ssl_show_warn"] = False
    return OpenSearch(**options)


def _say(exc: Exception, target: Target) -> SoundbiteError:
    """One line for what the cluster (or the way to it) answered."""
    from opensearchpy import exceptions as errors

    where = target.key.split(" ")[0]
    if isinstance(exc, errors.SSLError):
        return SoundbiteError(f"{where}: TLS failed ({_reason(exc)}); --insecure skips the certificate check")
    if isinstance(exc, errors.ConnectionError):
        return SoundbiteError(f"{where}: cannot connect ({_reason(exc)})")
    if isinstance(exc, errors.AuthenticationException):
        return SoundbiteError(f"{where}: the cluster refused the credentials (401)")
    if isinstance(exc, errors.AuthorizationException):
        return SoundbiteError(f"{where}: these credentials may not write to index {target.index_name!r} (403)")
    if isinstance(exc, errors.TransportError):
        return SoundbiteError(f"{where}: the cluster answered {exc.status_code}: {_reason(exc)}")
    return SoundbiteError(f"{where}: {exc}")


def _reason(exc) -> str:
    from opensearchpy import exceptions as errors

    if isinstance(exc, errors.ConnectionError):
        cause = exc.info if isinstance(exc.info, BaseException) else None
        text = str(cause.__cause__ or cause) if cause else str(exc.error)
        text = re.sub(r"<[^>]*>: ", "", text)
        return text.split(": ", 1)[-1][:200] if ": " in text else text[:200]
    info = exc.info
    if isinstance(info, dict):
        error = info.get("error")
        if isinstance(error, dict):
            return f"{error.get('type', '')}: {error.get('reason', '')}".strip(": ")[:300]
        if error:
            return str(error)[:300]
    return str(exc.error)[:300]


def _ensure_index(client, target: Target, languages=("en",)) -> bool:
    """Create the index with soundbite's mapping if missing (True); else check its mapping fits ours.

    An index made before transcripts had a language gets the `language` field added (a keyword needs
    no new analyser); its `text` then has no per-language sub-fields: recreate it for those."""
    wanted = mapping(languages)
    if not client.indices.exists(index=target.index_name):
        client.indices.create(index=target.index_name, body=wanted)
        return True
    found = client.indices.get_mapping(index=target.index_name)
    properties = {}
    for body in found.values():
        properties.update(body.get("mappings", {}).get("properties", {}))
    for name, spec in wanted["mappings"]["properties"].items():
        have = properties.get(name)
        if have is not None and have.get("type", "object") != spec["type"]:
            raise SoundbiteError(
                f"index {target.index_name!r} on {target.key.split(' ')[0]} has {name!r} as "
                f"{have.get('type', 'object')}, soundbite writes it as {spec['type']}: "
                "use another --index-name or delete that index"
            )
    if properties and "language" not in properties:
        client.indices.put_mapping(index=target.index_name, body={"properties": {"language": {"type": "keyword"}}})
    return False


def _read_pushed(index_dir: Path) -> dict:
    try:
        data = json.loads((index_dir / PUSHED_FILE).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_pushed(index_dir: Path, data: dict) -> None:
    from indexer.engine.storage.manifest import write_json

    write_json(index_dir / PUSHED_FILE, data)


@dataclass
class _PushPlan:
    """What a push has to do, from the index's manifest and what was pushed before."""

    changed: list[str]  # files to send: new, changed, or filed under other transcript keys
    removed: list[str]  # files pushed before and no longer indexed
    old_counts: dict[str, int]  # transcript key -> passages it had in the cluster, for the files above
    sent: dict[str, dict]  # file -> {"sha256", "keys": {key: passages}} as it will be remembered
    total: int  # actions at most (a delete is only sent for a passage that is not sent again)


def _plan_push(manifest, before: dict, shared) -> _PushPlan:
    # What each file's transcripts are filed under now, and which files to send.
    local = {
        path: {transcript_key(tid, path, shared) for tid in record.transcript_ids}
        for path, record in manifest.files.items()
    }
    changed = [
        path
        for path, record in manifest.files.items()
        if before.get(path, {}).get("sha256") != record.version or set(before[path].get("keys", {})) != local[path]
    ]
    removed = [path for path in before if path not in manifest.files]
    old_counts: dict[str, int] = {}
    for path in [*changed, *removed]:
        for key, count in before.get(path, {}).get("keys", {}).items():
            old_counts[key] = max(old_counts.get(key, 0), count)
    total = sum(manifest.files[path].passages for path in changed) + sum(old_counts.values())
    # (`version`: the content hash, and a people file's renaming since, which changes passages, not the file)
    sent = {path: {"sha256": manifest.files[path].version, "keys": {}} for path in changed}
    return _PushPlan(changed, removed, old_counts, sent, total)


def push(
    index_dir: Path,
    target: Target,
    on_progress: Callable[[PushProgress], None] | None = None,
    backoff: float = 2.0,
    retries: int = CONNECTION_RETRIES,
) -> PushReport:
    """Bring `target` up to date with the index: new and changed files' passages sent, removed ones deleted."""
    from opensearchpy import exceptions as errors

    check_target(target)
    began = time.perf_counter()
    manifest = store.read_manifest(index_dir)
    shared = shared_transcript_ids(index_dir)
    all_pushed = _read_pushed(index_dir)
    before: dict = all_pushed.get(target.key, {})
    plan = _plan_push(manifest, before, shared)
    report = PushReport(
        unchanged=len(manifest.files) - len(plan.changed), files=len(plan.changed), removed=len(plan.removed)
    )
    client = _client(target)
    try:
        client.info()
        report.created_index = _ensure_index(client, target, tuple(manifest.languages))
    except errors.OpenSearchException as exc:
        raise _say(exc, target) from None

    failed_keys: set[str] = set()
    done = 0
    actions = _push_actions(index_dir, target, plan, shared, whole=len(plan.changed) == len(manifest.files))
    try:
        for ok, op, item in _send(client, actions, backoff, retries, report):
            done += 1
            if on_progress and done % 500 == 0:
                on_progress(PushProgress(done, max(plan.total, done)))
            _count_answer(report, failed_keys, ok, op, item)
    except errors.OpenSearchException as exc:
        # Nothing is remembered of this push: the next one sends the same again (by id: no copies).
        raise _say(exc, target) from None
    if on_progress:
        on_progress(PushProgress(done, done))
    all_pushed[target.key] = _remembered(before, manifest, plan, failed_keys)
    _save_pushed(index_dir, all_pushed)
    report.seconds = time.perf_counter() - began
    return report


def _push_actions(index_dir: Path, target: Target, plan: _PushPlan, shared, whole: bool) -> Iterator[dict]:
    """The Bulk API's actions of a push: the changed files' passages (the `whole` index read straight
    through on a first push), then deletes for what is not sent again (removed files, and the surplus of
    shortened transcripts). `plan.sent` learns each transcript's passages as they go."""

    def index_actions(hits) -> Iterator[dict]:
        for hit in hits:
            path = hit.transcript.path
            key = transcript_key(hit.transcript.id, path, shared)
            keys = plan.sent[path]["keys"] if path in plan.sent else {}
            keys[key] = max(keys.get(key, 0), hit.passage.number)
            yield {
                "_op_type": "index",
                "_index": target.index_name,
                "_id": f"{key}#{hit.passage.number}",
                "_source": cluster_document(hit),
            }

    if whole:
        with exported(index_dir) as everything:
            yield from index_actions(everything.hits)
    else:
        yield from index_actions(passages_of_files(index_dir, plan.changed))
    now = {key: count for entry in plan.sent.values() for key, count in entry["keys"].items()}
    for key, count in plan.old_counts.items():
        for number in range(now.get(key, 0) + 1, count + 1):
            yield {"_op_type": "delete", "_index": target.index_name, "_id": f"{key}#{number}"}


def _count_answer(report: PushReport, failed_keys: set[str], ok: bool, op: str, item: dict) -> None:
    """One action's answer into the report; a failure's transcript key into `failed_keys`."""
    status = item.get("status", 500)
    if op == "delete" and (ok or status == 404):  # 404: already gone, which is what a delete wants
        report.deleted += 1
    elif op != "delete" and ok:
        report.created += item.get("result") == "created"
        report.updated += item.get("result") != "created"
    else:
        error = item.get("error")
        reason = f"{error.get('type', '')}: {error.get('reason', '')}" if isinstance(error, dict) else error
        report.failed.append(f"{item.get('_id', '?')}: {status} {reason or ''}".strip())
        failed_keys.add(str(item.get("_id", "")).rsplit("#", 1)[0])


def _remembered(before: dict, manifest, plan: _PushPlan, failed_keys: set[str]) -> dict:
    """What the cluster holds after the push, file by file: a file whose passages all arrived as sent, and
    the earlier record of one that failed (so that the next push sends it, or its deletes, again)."""

    def clean(keys) -> bool:
        return not failed_keys.intersection(keys)

    sending = set(plan.changed)
    remembered = {path: before[path] for path in before if path in manifest.files and path not in sending}
    for path in plan.changed:
        old = before.get(path)
        if clean(plan.sent[path]["keys"]) and (old is None or clean(old.get("keys", {}))):
            remembered[path] = plan.sent[path]
        elif old is not None:  # kept as it was: the next push sends this file again
            remembered[path] = old
    for path in plan.removed:
        if not clean(before[path].get("keys", {})):
            remembered[path] = before[path]  # its deletes are tried again next time
    return remembered


def _send(client, actions: Iterator[dict], backoff: float, retries: int, report: PushReport):
    """(ok, op, item) for every action, in streaming bulk requests; a lost connection resumed with back-off.

    The helper retries 429s itself (whole requests and single items). A
    connection error ends its generator: the actions it had taken but not
    answered are sent again (indexing by id is idempotent), then the rest.
    """
    from opensearchpy import exceptions as errors
    from opensearchpy.helpers import streaming_bulk

    pending: dict[tuple[str, str], dict] = {}  # taken by the helper, not yet answered

    def tracked(source):
        for action in source:
            pending[(action["_op_type"], action["_id"])] = action
            yield action

    rest = iter(actions)
    attempt = 0
    while True:
        stream = streaming_bulk(
            client,
            # itertools.chain, not a generator's `yield from`: when the helper's generator is dropped after
            # a lost connection, closing a `yield from` would close `rest`, and the push would end early.
            tracked(itertools.chain(list(pending.values()), rest)),
            chunk_size=CHUNK_SIZE,
            max_retries=retries,
            initial_backoff=backoff,
            max_backoff=MAX_BACKOFF,
            raise_on_error=False,
            raise_on_exception=True,
        )
        try:
            for ok, result in stream:
                op, item = next(iter(result.items()))
                pending.pop((op, item.get("_id")), None)
                attempt = 0
                yield ok, op, item
            return
        except errors.ConnectionError:
            attempt += 1
            if attempt > retries:
                raise
            report.retries += 1
            time.sleep(min(MAX_BACKOFF, backoff * 2 ** (attempt - 1)))
