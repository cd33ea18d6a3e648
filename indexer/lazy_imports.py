"""Stand-ins for standard modules that a library imports on start-up but a search never uses.

Every `soundbite search` is a fresh process, so import time is part of every
query. Some of what Python's own modules and Whoosh import at the top is only
ever used in a corner soundbite does not reach: `dataclasses` imports
`inspect` (with `ast`, `dis`, `tokenize`: about 6 ms) to write a docstring for
a class that has none; Whoosh imports `hashlib`, `html`, `tempfile`,
`calendar` and `random` for functions a search never calls.

`stand_in(name)` puts a stand-in module under that name while a library is
imported: an attribute looked up on it (`module.function`, later) loads the
real module and answers from it; `function_names` are forwarders for a
library that takes them at import (`from hashlib import md5`): called, they
load the real module and call its function; `unused_class` stands in for a
class so taken that is only ever checked against or called (`from decimal
import Decimal`). The stand-in leaves `sys.modules`
straight after, so any later `import` gets the real module. Nothing is ever
answered wrongly: a use the stand-in did not foresee loads the real module.
"""

from __future__ import annotations

import importlib
import sys
import types


def _real(module_name: str) -> types.ModuleType:
    """The real module, loaded now if need be (a stand-in still in `sys.modules` steps aside for it)."""
    if isinstance(sys.modules.get(module_name), _StandIn):
        del sys.modules[module_name]
    return importlib.import_module(module_name)


def _forwarding(module_name: str, function_name: str):
    def forward(*args, **kwargs):
        return getattr(_real(module_name), function_name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = function_name
    forward.__doc__ = f"Loads {module_name} on first use and calls its {function_name}."
    return forward


class _UnusedClassType(type):
    """The type of `unused_class`'s stand-ins: checks answer as the real class would, calls make real objects."""

    _module_name: str

    def __instancecheck__(cls, obj) -> bool:
        module = sys.modules.get(cls._module_name)
        if module is None or isinstance(module, _StandIn):
            return False  # (no object of a class exists before its module is loaded)
        return isinstance(obj, getattr(module, cls.__name__))

    def __subclasscheck__(cls, other) -> bool:
        module = sys.modules.get(cls._module_name)
        if module is None or isinstance(module, _StandIn):
            return other is cls
        return issubclass(other, getattr(module, cls.__name__))

    def __call__(cls, *args, **kwargs):
        return getattr(_real(cls._module_name), cls.__name__)(*args, **kwargs)


def unused_class(module_name: str, class_name: str) -> type:
    """A stand-in for `module_name.class_name` that loads the module only when an object of it is made."""
    return _UnusedClassType(
        class_name, (), {"_module_name": module_name, "__doc__": f"Stand-in for {module_name}.{class_name}."}
    )


class _StandIn(types.ModuleType):
    """A module that loads the real one at its first attribute lookup, and answers from it."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # what the import machinery probes (`__path__`): a stand-in has none
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


class stand_in:
    """`with stand_in("inspect"): import dataclasses`: see the module's docstring."""

    def __init__(self, module_name: str, *function_names: str, **attributes):
        self.module_name, self.function_names, self.attributes = module_name, function_names, attributes
        self.module: types.ModuleType | None = None

    def __enter__(self) -> None:
        if self.module_name in sys.modules:  # already loaded by someone: nothing to save
            return
        module = _StandIn(self.module_name, f"stand-in for {self.module_name} while a library is imported")
        for name in self.function_names:
            setattr(module, name, _forwarding(self.module_name, name))
        for name, value in self.attributes.items():
            setattr(module, name, value)
        sys.modules[self.module_name] = self.module = module

    def __exit__(self, *exc) -> None:
        if self.module is not None and sys.modules.get(self.module_name) is self.module:
            del sys.modules[self.module_name]
            parent, _, child = self.module_name.rpartition(".")
            if parent and getattr(sys.modules.get(parent), child, None) is self.module:
                delattr(sys.modules[parent], child)  # (`import a.b` looks for b on a)
