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
  for its own highlights and key terms (soundbite highlights by itself).

While Whoosh's own modules are first imported, those names resolve to
stand-ins (`indexer.lazy_imports`) that load the real module on first use and
leave `sys.modules` straight after, so any later `import` gets the real thing.
Importing this module does the work once, before the first Whoosh import
(`indexer.engine.storage.schema` imports it first).
"""

from __future__ import annotations

import sys

from indexer.lazy_imports import stand_in


def _import_whoosh() -> None:
    if "whoosh.compat" in sys.modules:
        return
    with (
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
        import whoosh.query  # noqa: F401  (imports whoosh.query.terms, the user of morph_en)


_import_whoosh()
