"""Sphinx configuration for the myopathy_outcomes documentation.

Build: ``python -m sphinx -W -b html docs docs/_build/html`` after
``pip install ".[docs]"``. The package is imported as installed; notebooks
(the tutorial and the how-to guides written as MyST notebooks) run on every
build, and any error in a cell fails it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from types import ModuleType
from typing import Any

import myopathy_outcomes
from myopathy_outcomes._version import __version__

project = "myopathy_outcomes"
author = "myopathy_outcomes developers"
copyright = "myopathy_outcomes developers, MIT licence"
release = __version__
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "_templates", "jupyter_execute", "**.ipynb_checkpoints"]

# --- prose and notebooks (MyST, MyST-NB) ---------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
nb_merge_streams = True

# --- API reference (autosummary, autodoc, numpydoc) ---------------------------------------
autosummary_generate = True
autosummary_ignore_module_all = True  # a module page lists what the module defines
# ``python -m myopathy_outcomes`` runs the command when imported; the recursive
# walk over the package would import it, so it is mocked (and so left out).
autosummary_mock_imports = ["myopathy_outcomes.__main__"]
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc's Parameters and Returns give the types
autodoc_preserve_defaults = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

html_theme = "pydata_sphinx_theme"
html_title = f"myopathy_outcomes {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_static_path = ["_static"]
html_css_files = ["custom.css"]
# The tutorial and the landing page are single pages: no section navigation.
html_sidebars = {"index": [], "tutorial": []}


def _public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


def _reachable(name: str) -> bool:
    """Whether every step of the dotted name is the module itself.

    ``stats/chi_square.py`` is not: ``myopathy_outcomes.stats.chi_square`` is
    the function the package imports from it, and autosummary (rightly) gives
    no page to a module its package shadows.
    """
    parts = name.split(".")
    for i in range(1, len(parts)):
        parent = importlib.import_module(".".join(parts[:i]))
        module = importlib.import_module(".".join(parts[: i + 1]))
        if getattr(parent, parts[i], None) is not module:
            return False
    return True


def _public_modules(package: ModuleType) -> list[ModuleType]:
    """The package and every public module under it that gets a page, imported."""
    modules = [package]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if _public(info.name) and _reachable(info.name):
            modules.append(importlib.import_module(info.name))
    return modules


def _defines(module: ModuleType, name: str) -> bool:
    """Whether ``name`` is assigned at the top level of the module's source."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return False
    return re.search(rf"^{re.escape(name)}\b\s*(:[^=\n]*)?=", source, re.MULTILINE) is not None


def _public_api(package: ModuleType) -> dict[str, dict[str, list[str]]]:
    """Where each public name is documented, once, for the module template.

    A class or function is documented in the public module that defines it.
    A name defined in a private or shadowed module, and a constant, is
    documented in a public module that lists it in ``__all__``: the one that
    assigns it, else the shortest. Every other module that lists the name in
    ``__all__`` links to that page. Computed at build time, so that modules
    can move without editing the documentation.
    """
    modules = _public_modules(package)
    by_name = {m.__name__: m for m in modules}
    home: dict[int, str] = {}
    candidates: dict[int, list[tuple[ModuleType, str]]] = {}
    for module in modules:
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                continue
            candidates.setdefault(id(obj), []).append((module, name))
    for key, where in candidates.items():
        module, name = where[0]
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            defining = by_name.get(getattr(obj, "__module__", ""))
            qualname = getattr(obj, "__qualname__", "")
            if defining is not None and getattr(defining, qualname, None) is obj:
                home[key] = f"{defining.__name__}.{qualname}"
                continue
        assigning = [(m, n) for m, n in where if _defines(m, n)]
        m, n = min(assigning or where, key=lambda mn: (len(mn[0].__name__), mn[0].__name__))
        home[key] = f"{m.__name__}.{n}"
    api: dict[str, dict[str, list[str]]] = {}
    for module in modules:
        entry: dict[str, list[str]] = {"links": [], "here": [], "submodules": []}
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                entry["submodules"].append(obj.__name__)
                continue
            target = home[id(obj)]
            defined_here = getattr(obj, "__module__", None) == module.__name__ and (
                inspect.isclass(obj) or inspect.isfunction(obj)
            )
            if target == f"{module.__name__}.{name}":
                if not defined_here:  # autosummary lists what the module defines itself
                    entry["here"].append(name)
            else:
                entry["links"].append(target)
        api[module.__name__] = entry
    return api


autosummary_context: dict[str, Any] = {"public_api": _public_api(myopathy_outcomes)}
