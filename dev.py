#!/usr/bin/env python3
"""Set up and run subgraph with nothing but Python 3.11+.

    python3 dev.py serve   # create .venv, install, serve with gunicorn (the graph is validated as it loads)
    python3 dev.py test    # create .venv, install with test tools, run the whole test suite

Extra arguments go to gunicorn or pytest. The fast loop, `python3 dev.py test
-m "not slow"`, runs on every core (pytest-xdist's `-n auto`) unless `-n`,
`--pdb` or `-p no:xdist` is given; the whole suite runs in one process, because its timed service tests
(slow clients' p99, reload under load) measure the machine they share.
Dependencies come from
requirements-dev.lock (exact versions with hashes, the dev extra of
pyproject.toml); the project itself is installed editable on top of them.
The virtual environment is re-installed only when the lock or
pyproject.toml changes. CONTRIBUTING.md says how to regenerate the lock.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("SUBGRAPH_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCK = ROOT / "requirements-dev.lock"


def _setup():
    if sys.version_info < (3, 11):
        sys.exit(f"subgraph needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / ".subgraph-installed"
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"installing {LOCK.name} and subgraph into {VENV}", flush=True)
        pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "--require-hashes", "-r", str(LOCK)], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
        stamp.write_text(wanted)


def serve(args):
    _setup()
    # no separate `subgraph validate`: the app validates the graph as it loads it (or reads the
    # snapshot of these very files that passed), and an invalid graph stops gunicorn with file and line
    os.chdir(ROOT)
    os.execv(
        str(BIN / "gunicorn"),
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), *args, "subgraph_api:create_app()"],
    )


def test(args):
    _setup()
    os.chdir(ROOT)
    if _fast_loop(args) and not any(a.startswith(("-n", "--numprocesses", "--pdb")) or "no:xdist" in a for a in args):
        args = ["-n", "auto", *args]
    os.execv(str(BIN / "python"), [str(BIN / "python"), "-m", "pytest", *args])


def _fast_loop(args):
    """True when the marker expression leaves the slow tests out (``-m "not slow"``)."""
    for flag, value in zip(args, args[1:]):
        if flag == "-m" and "not slow" in value:
            return True
    return any(a.startswith("-m") and "not slow" in a for a in args)


if __name__ == "__main__":
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])
