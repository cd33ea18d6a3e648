"""Import Whoosh without the modules it loads on start-up that a search never calls.

Every `soundbite search` is a fresh process, so import time is part of every
query. Whoosh 2.7.4 loads, whatever the caller needs:

- `urllib.request` (with `http.client`, `email`, `ssl`: 13-22 ms), only so
  that `whoosh.compat` can offer `urlretrieve`, which nothing here calls;
- `whoosh.lang.morph_en` (about 5 ms of regular expressions compiled at
  import), only for the `Variations` query, which soundbite does not build;
- `html` (its entity table), for `escape` in Whoosh's own highlighter;
  `hashlib` (OpenSSL's bindings), for `md5` in Whoosh's hash tables; `tempfile`
  and `shutil`, `calendar` (with `locale`) and `random`, for temporary storage,
  compound files, date fields and random file names: together about 7 ms;
- `whoosh.highlight` and `whoosh.classify`, which `whoosh.searching` imports
  for its own highlights and key terms (soundbite highlights by itself);
- `decimal` and `datetime` (with `whoosh.util.times`: about 2.5 ms), for
  DATETIME fields and NUMERIC fields of decimals, which soundbite's schema does
  not have (`Decimal` stays a stand-in in `whoosh.fields`: a `NUMERIC(Decimal)`
  made elsewhere would not be recognised as one); `queue` and `threading`, for
  Whoosh's multiprocess writer (its caches' `Lock` is the interpreter's own
  lock, what `threading.Lock` is).

`md5` in Whoosh's hash tables is asked for on every term looked up, so it is
used by every search; it is taken from `_md5`, the interpreter's own module
(the same digests, 0.4 ms to load), where `hashlib` first loads OpenSSL's
bindings (3 ms).

While Whoosh's own modules are first imported, those names resolve to
stand-ins (`indexer.lazy_imports`) that load the real module on first use and
leave `sys.modules` straight after, so any later `import` gets the real thing.
Importing this module does the work once, before the first Whoosh import
(`indexer.engine.storage.schema` imports it first).
"""

from __future__ import annotations

import _thread
import sys

from indexer.lazy_imports import stand_in, unused_class


def _import_whoosh() -> None:
    if "whoosh.compat" in sys.modules:
        return
    with (
        stand_in("decimal", Decimal=unused_class("decimal", "Decimal")),
        stand_in("datetime"),
        stand_in("whoosh.util.times", "datetime_to_long", "long_to_datetime"),
        stand_in("queue"),
        stand_in("threading", Lock=_thread.allocate_lock),
        stand_in("urllib.request", "urlretrieve"),
        stand_in("whoosh.lang.morph_en", "variations"),
        stand_in("html", "escape"),
        stand_in("hashlib", "md5"),
        stand_in("tempfile"),
        stand_in("shutil", "copyfileobj"),
        stand_in("calendar"),
        stand_in("random"),
        stand_in("whoosh.highlight"),
        stand_in("whoosh.classify"),
    ):
        import whoosh.codec.whoosh3  # (imports whoosh.filedb.filetables, the user of md5)
        import whoosh.collectors  # (imports whoosh.classify, a user of random)
        import whoosh.compat
        import whoosh.fields  # (the user of decimal, datetime and times)
        import whoosh.query  # (imports whoosh.query.terms, the user of morph_en)
    try:
        from _md5 import md5  # (absent from some builds: hashlib's then, through the forwarder)
    except ImportError:
        return
    import whoosh.filedb.filetables

    whoosh.filedb.filetables.md5 = md5


_import_whoosh()
