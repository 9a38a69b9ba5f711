"""The habits the test command enforces: ruff's lint and format, type hints on every public function, and (slow)
mypy over the package."""

import importlib
import inspect
import pkgutil
import subprocess
import sys
from functools import cached_property
from pathlib import Path

import click
import pytest
from conftest import ROOT

import subgraph
import subgraph_api

BIN = Path(sys.executable).parent
#: every tracked source tree; ruff reads its settings from pyproject.toml
SOURCES = ["src", "api", "tests", "benchmarks", "notebooks", "dev.py", "gunicorn.conf.py"]


def _run(*command):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_fix():
    done = _run(str(BIN / "ruff"), "check", "--output-format", "concise", *SOURCES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_formatted_as_ruff_formats_it():
    done = _run(str(BIN / "ruff"), "format", "--check", *SOURCES)
    assert done.returncode == 0, "run `ruff format` on:\n" + done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_finds_nothing():
    """mypy over src/subgraph and api, with the settings of pyproject.toml, reports no error."""
    done = _run(str(BIN / "mypy"))  # files and settings from pyproject.toml
    assert done.returncode == 0, "mypy:\n" + done.stdout + done.stderr


def _modules(*packages):
    """Every module of the packages, imported."""
    for package in packages:
        yield package
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            yield importlib.import_module(info.name)


def _public_names(module):
    """The module's ``__all__``; without one, every public name it defines."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name in vars(module) if not name.startswith("_")]
    return names


def _unannotated(function, *, returns=True):
    """The parts of ``function``'s signature without an annotation (self and cls need none).

    Decorated functions are read through ``__wrapped__``, so a memoised function shows its own
    signature; ``*args`` and ``**kwargs`` are annotated like any parameter.
    """
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # a builtin or a C extension: nothing of ours to annotate
        return []
    missing = [
        name
        for name, parameter in signature.parameters.items()
        if name not in ("self", "cls") and parameter.annotation is inspect.Parameter.empty
    ]
    if returns and signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


def _callables(module):
    """(qualified name, function, whether its return counts) of every public function, class and method.

    A class is checked through its constructor (our own ``__init__``, a dataclass's included; the
    return of ``__init__`` does not count) and its public methods and properties. A click command
    is checked through its callback.
    """
    for name in _public_names(module):
        obj = getattr(module, name)
        if isinstance(obj, click.Command) and obj.callback is not None:
            obj = obj.callback
        if getattr(obj, "__module__", None) != module.__name__:
            continue  # imported from elsewhere, checked there
        qualified = f"{module.__name__}.{name}"
        if inspect.isfunction(obj) or inspect.isfunction(inspect.unwrap(obj)):
            yield qualified, obj, True
        elif inspect.isclass(obj):
            init = next((vars(c)["__init__"] for c in obj.__mro__ if "__init__" in vars(c)), None)
            if inspect.isfunction(init) and init.__module__.split(".")[0] in ("subgraph", "subgraph_api"):
                yield qualified, init, False
            for attribute, member in vars(obj).items():
                if attribute.startswith("_"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if isinstance(member, property):
                    member = member.fget
                elif isinstance(member, cached_property):
                    member = member.func
                if inspect.isfunction(member):
                    yield f"{qualified}.{attribute}", member, True


def test_every_public_function_has_type_hints():
    """Every public function of subgraph and api annotates its parameters and return, so mypy checks its callers."""
    missing = [
        f"{name} ({', '.join(parts)})"
        for module in _modules(subgraph, subgraph_api)
        for name, function, returns in _callables(module)
        if (parts := _unannotated(function, returns=returns))
    ]
    assert not missing, "annotate the parameters and return of:\n" + "\n".join(missing)
