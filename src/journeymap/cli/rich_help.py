"""Typer's Rich help without `rich.markdown` and `rich.traceback`, loaded when first needed.

`typer.rich_utils` draws the help panels, and at import it also loads `rich.markdown` (with
markdown-it) and `rich.traceback` (with Pygments), about a quarter of `journeymap --help`'s CPU
time. Our help never uses either: its markup mode is `rich`, not `markdown`, and pretty
exceptions are off. So `typer.rich_utils` is imported here with two stand-ins for those modules,
removed again right after; the two names it took from them (`Markdown`, `Traceback`) load the
real class the first time they are called or read, so Typer keeps working unchanged should it
need them. The help text is the same as with the ordinary import (tests/cli/test_startup.py).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}
"""The modules `typer.rich_utils` imports but `--help` never uses, and the name it takes."""


class _Deferred(type):
    """The class of a stand-in for a Rich class: any use loads the real one."""

    _module: str

    def real(cls) -> Any:
        return getattr(importlib.import_module(cls._module), cls.__name__)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:  # `Traceback.from_exception(...)`
        return getattr(cls.real(), name)


def _stand_in(module: str, name: str) -> types.ModuleType:
    placeholder = types.ModuleType(module)
    setattr(placeholder, name, _Deferred(name, (), {"_module": module}))
    return placeholder


def rich_utils() -> types.ModuleType:
    """`typer.rich_utils`, imported without the Rich modules the help does not draw with."""
    loaded = sys.modules.get("typer.rich_utils")
    if loaded is not None:
        return loaded
    stand_ins = {
        module: _stand_in(module, name)
        for module, name in DEFERRED.items()
        if module not in sys.modules
    }
    sys.modules.update(stand_ins)
    try:
        return importlib.import_module("typer.rich_utils")
    except ImportError:  # a Typer that takes more from them: import it the ordinary way below
        pass
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    return importlib.import_module("typer.rich_utils")
