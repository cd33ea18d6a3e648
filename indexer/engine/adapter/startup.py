"""Import Whoosh without two modules it loads on start-up that soundbite never calls.

Every `soundbite search` is a fresh process, so import time is part of every
query. Whoosh 2.7.4 loads, whatever the caller needs:

- `urllib.request` (with `http.client`, `email`, `ssl`: 13-22 ms), only so
  that `whoosh.compat` can offer `urlretrieve`, which nothing here calls;
- `whoosh.lang.morph_en` (about 5 ms of regular expressions compiled at
  import), only for the `Variations` query, which soundbite does not build.

While Whoosh's own modules are first imported, those two names resolve to
stand-ins whose functions load the real module on first call; the stand-ins are
taken out of `sys.modules` straight after, so any later `import urllib.request`
gets the real thing. Importing this module does the work once, before the
first Whoosh import (`indexer.engine.storage.schema` imports it first).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Iterator


def _forwarding(module_name: str, function_name: str):
    def forward(*args, **kwargs):
        return getattr(importlib.import_module(module_name), function_name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = function_name
    forward.__doc__ = f"Loads {module_name} on first use and calls its {function_name}."
    return forward


@contextlib.contextmanager
def _stand_in(module_name: str, *function_names: str) -> Iterator[None]:
    if module_name in sys.modules:  # already loaded by someone: nothing to save
        yield
        return
    stand_in = types.ModuleType(module_name, f"stand-in for {module_name} while Whoosh is imported")
    for name in function_names:
        setattr(stand_in, name, _forwarding(module_name, name))
    sys.modules[module_name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(module_name) is stand_in:
            del sys.modules[module_name]


def _import_whoosh() -> None:
    if "whoosh.compat" in sys.modules:
        return
    with _stand_in("urllib.request", "urlretrieve"), _stand_in("whoosh.lang.morph_en", "variations"):
        import whoosh.compat
        import whoosh.query  # noqa: F401  (imports whoosh.query.terms, the user of morph_en)


_import_whoosh()
