"""The compiled graph: parsed, validated, read, projected and fitted once per version of its files.

Loading the graph in full (parse every Turtle file, SHACL, read the
catalogue, project to networkx, fit the resolver) takes seconds; a snapshot
of the result takes a tenth of one to read. :func:`subgraph.load_graph`
saves one after a full load that passed validation and reuses it while
nothing it was built from has changed:

* the key is a SHA-256 of every ``.ttl`` file of the graph directory (names
  and bytes, shapes included), the package's own source files, the Python
  version and the versions of the libraries whose objects are saved; any
  change is a new key, so a stale snapshot is never found (models saved on
  their own, :func:`fitted_key`, are keyed by their inputs and by the code
  that fits and holds them, ``subgraph.text`` and this module);
* the file holds a digest of its payload, checked before unpickling, and
  the key again inside; a torn or corrupt file is ignored and rebuilt;
* snapshots are read only from a directory that this user owns and nobody
  else may write (a pickle is code); anything else falls back to a full
  load, as does a missing or read-only cache directory.

The directory is ``$SUBGRAPH_CACHE``, or ``$XDG_CACHE_HOME/subgraph``, or
``~/.cache/subgraph``; ``SUBGRAPH_CACHE=off`` turns snapshots off.
"""

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["cache_directory", "snapshot_key", "fitted_key", "read_snapshot", "write_snapshot", "KEEP_SNAPSHOTS"]

#: bump when the snapshot layout changes
_FORMAT = 1
_MAGIC = b"subgraph-compiled-graph\n"
_LIBRARIES = ("rdflib", "networkx", "scikit-learn", "scipy", "numpy", "wordllama", "tokenizers", "safetensors")
#: snapshots of each kind kept in the cache directory, most recently used first; older ones are removed.
#: A graph's is about 35 MB: the graph served, the embedded one and a test graph or two fit, and a
#: checkout edited all day does not fill a disk (16 kept half a gigabyte). Fitted models are 0.2-3 MB
#: and come three to a graph's texts (reasons, features, platforms): four graphs' worth are kept. A
#: resolver (its embedding table included) is about 30 MB and serves every graph with the same texts.
KEEP_SNAPSHOTS = {"graph": 4, "fitted": 12, "resolver": 4}
#: The package's source, all of which a graph's snapshot is keyed by.
_PACKAGE = Path(__file__).resolve().parents[1]
#: The code that fits and holds the models of :func:`fitted_key` (the resolver, its indexes, the embedding).
_FITTING_CODE = _PACKAGE / "text"


def cache_directory() -> Path | None:
    """Where snapshots live, or None when they are turned off."""
    configured = os.environ.get("SUBGRAPH_CACHE")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "subgraph"


def snapshot_key(directory: Path) -> str:
    """The key of the graph in ``directory`` as this code would compile it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a.ttl").write_text("<https://a.test/s> <https://a.test/p> 1 .")
    ...     before = snapshot_key(Path(folder))
    ...     _ = (Path(folder) / "a.ttl").write_text("<https://a.test/s> <https://a.test/p> 2 .")
    ...     before != snapshot_key(Path(folder))
    True
    """
    digest = _code_digest()
    digest.update(f"directory:{Path(directory).name}\0".encode())  # files are named by it in problems
    _add_files(digest, "graph", Path(directory), "*.ttl")
    return digest.hexdigest()


def fitted_key(name: str, *inputs: object) -> str:
    """The key of a model called ``name`` that this code fits on ``inputs`` alone.

    A model whose fit depends only on a few of the graph's texts (the
    resolver's classifiers read the reasons, features and platforms, not the
    prices) is saved on its own, so a load after an edit elsewhere in the
    graph reads it instead of fitting it again. ``inputs`` are the training
    data and settings, compared by their ``repr``. Of the package's code the
    key covers what fits and holds such models (``subgraph.text`` and this
    module), not the rest: a change to the decision or the views compiles
    the graph again but fits nothing again.

    Examples
    --------
    >>> fitted_key("m", ["a", "b"], {"C": 1}) == fitted_key("m", ["a", "b"], {"C": 1})
    True
    >>> fitted_key("m", ["a", "b"], {"C": 1}) != fitted_key("m", ["a", "c"], {"C": 1})
    True
    """
    digest = _code_digest(_FITTING_CODE)
    digest.update(hashlib.sha256(Path(__file__).read_bytes()).digest())
    digest.update(f"fitted:{name}\0".encode())
    for value in inputs:
        digest.update(hashlib.sha256(repr(value).encode()).digest())
    return digest.hexdigest()


def _code_digest(code: Path | None = None) -> "hashlib._Hash":
    """A digest of the snapshot format, Python, the saved libraries' versions and the code under ``code``.

    By default the whole package's code.
    """
    digest = hashlib.sha256(f"{_FORMAT}\0{sys.version}\0".encode())
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=-\0".encode())
    _add_files(digest, "code", _PACKAGE if code is None else code, "*.py")
    return digest


def _add_files(digest: "hashlib._Hash", label: str, root: Path, pattern: str) -> None:
    for path in sorted(root.rglob(pattern)):
        digest.update(f"{label}:{path.relative_to(root).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def _path(folder: Path, key: str, kind: str) -> Path:
    return folder / f"{kind}-{key[:40]}.snapshot"


def _trusted(folder: Path) -> bool:
    """True if only this user can have written the snapshots in ``folder``."""
    try:
        info = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_snapshot(key: str, folder: Path | None = None, *, kind: str = "graph") -> Any:
    """The object saved under ``key``, or None if there is none to trust.

    ``kind`` names the files: ``graph`` for whole graphs, ``fitted`` for the
    models saved by :func:`fitted_key`; each kind keeps its own newest files.
    """
    folder = cache_directory() if folder is None else folder
    if folder is None or not _trusted(folder):
        return None
    path = _path(folder, key, kind)
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None
            blob = file.read()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    if not blob.startswith(_MAGIC) or hashlib.sha256(blob[head:]).digest() != blob[len(_MAGIC) : head]:
        return None
    try:
        saved_key, value = pickle.loads(blob[head:])
    except Exception:  # written by other code that shares the key: treat as missing
        return None
    if saved_key != key:
        return None
    with contextlib.suppress(OSError):  # a read-only cache (a mounted volume) is still read
        os.utime(path)  # recently used snapshots are the ones kept
    return value


def write_snapshot(key: str, value: object, folder: Path | None = None, *, kind: str = "graph") -> Path | None:
    """Save ``value`` under ``key``; the path written, or None if the cache is off or not writable."""
    folder = cache_directory() if folder is None else folder
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return None
        payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".graph-", suffix=".tmp")
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        path = _path(folder, key, kind)
        os.replace(temporary, path)  # readers see the old file or the whole new one, never half
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return None
    _prune(folder, kind)
    return path


def _prune(folder: Path, kind: str) -> None:
    snapshots = []
    for path in folder.glob(f"{kind}-*.snapshot"):
        try:
            snapshots.append((path.stat().st_mtime, path))
        except OSError:  # removed meanwhile by another process
            continue
    for _, old in sorted(snapshots, reverse=True)[KEEP_SNAPSHOTS[kind] :]:
        try:
            old.unlink()
        except OSError:
            pass
