#!/usr/bin/env python3
"""Set up and run subgraph with nothing but Python 3.11+.

    python3 dev.py serve   # create .venv, install, validate the graph, serve with gunicorn
    python3 dev.py test    # create .venv, install with test tools, run the whole test suite

Extra arguments go to gunicorn or pytest. The virtual environment is
re-installed only when pyproject.toml changes.
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


def _setup(extras):
    if sys.version_info < (3, 11):
        sys.exit(f"subgraph needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / ".subgraph-installed"
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"installing subgraph[{extras}] into {VENV}", flush=True)
        subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]"],
                       check=True)
        stamp.write_text(wanted)


def serve(args):
    _setup("dev")
    subprocess.run([str(BIN / "subgraph"), "validate"], check=True)
    os.chdir(ROOT)
    os.execv(str(BIN / "gunicorn"), [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), *args,
                                     "api:create_app()"])


def test(args):
    _setup("dev")
    os.chdir(ROOT)
    os.execv(str(BIN / "python"), [str(BIN / "python"), "-m", "pytest", *args])


if __name__ == "__main__":
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])
