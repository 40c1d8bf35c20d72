"""skops.io, imported without its five-second search of every loaded module (issue 23: training and cold start).

When skops.io is first imported, its `_trusted_types` names every ufunc of NumPy and scipy.special. A ufunc has no
`__module__`, so skops 0.9's `whichmodule` looks for it in every module in `sys.modules`, in import order, raising and
catching an AttributeError for each module that lacks the name. A Rasa process has about 5,600 modules loaded, so the
import took 4.8 s there (0.85 s in a bare Python): paid once by every training, at `persist`, and once by every Rasa
server process, when it loads the model. skops 0.16 makes the loop cheaper, but needs NumPy 1.25, which Rasa 3.6
refuses, and is still 2.4 s.

Here the same search reads a plain module's own namespace, a dict lookup, and falls back to skops' `getattr` for
anything else (a module with a module-level `__getattr__`, a lazy loader, a dotted or dunder name), so it finds the
same module for every object. tests/nlu/test_skops_import.py holds the two equal on every ufunc of NumPy and
scipy.special in a process with Rasa loaded. The patch is made only on the skops it was read against.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Sequence
from typing import Any

WRITTEN_FOR = "0.9.0"
_UTILS = "skops.io._utils"


def skops_io() -> types.ModuleType:
    """skops.io, imported (the first time) with `whichmodule` replaced before `_trusted_types` calls it."""
    if "skops.io" in sys.modules:
        return sys.modules["skops.io"]
    import skops

    if skops.__version__ != WRITTEN_FOR:
        raise RuntimeError(
            f"nlu/skops_import.py was written for skops {WRITTEN_FOR}, not {skops.__version__}: re-read "
            "skops.io._utils.whichmodule, then update or remove the patch"
        )
    finder = _PatchUtils()
    sys.meta_path.insert(0, finder)
    try:
        return importlib.import_module("skops.io")
    finally:
        sys.meta_path.remove(finder)


def whichmodule(obj: Any, name: str) -> str:
    """What skops.io._utils.whichmodule returns: the object's `__module__`, else the first module in `sys.modules`
    (in import order, `__main__` aside) that has `name` bound to this very object, else "__main__"."""
    module_name = getattr(obj, "__module__", None)
    if module_name is not None:
        return module_name
    from skops.io._utils import _getattribute

    plain = "." not in name and not name.startswith("__")
    for module_name, module in sys.modules.copy().items():
        if module_name in ("__main__", "__mp_main__") or module is None:
            continue
        # A module of the plain type without a module-level __getattr__ has nothing but its namespace to give:
        # getattr would find exactly what the dict holds (a dunder name could come from the type, hence `plain`).
        namespace = getattr(module, "__dict__", None) if type(module) is types.ModuleType else None
        if plain and isinstance(namespace, dict) and "__getattr__" not in namespace:
            if namespace.get(name, _MISSING) is obj:
                return module_name
            continue
        try:
            if _getattribute(module, name)[0] is obj:
                return module_name
        except AttributeError:
            pass
    return "__main__"


_MISSING = object()


class _PatchUtils(importlib.abc.MetaPathFinder):
    """Finds skops.io._utils as Python would, and replaces its `whichmodule` as soon as the module has run."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _UTILS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        run = spec.loader.exec_module

        def exec_module(module: types.ModuleType) -> None:
            run(module)
            if not hasattr(module, "whichmodule"):
                raise RuntimeError("skops.io._utils has no whichmodule: nlu/skops_import.py no longer fits")
            module.whichmodule = whichmodule

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec
