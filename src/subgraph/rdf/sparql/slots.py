"""A bound on how many queries run at once, shared by every process of the service."""

import atexit
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["QuerySlots", "EngineBusy"]


class EngineBusy(Exception):
    """Every query slot is taken; try again shortly."""


class QuerySlots:
    """At most ``size`` queries at once across the processes that share ``directory``.

    A slot is an exclusive ``flock`` on one of ``size`` files: taking one
    never waits (a full house is :class:`EngineBusy` at once, never a queue
    behind a slow query), and the kernel frees the slot of a process that
    dies. Made before gunicorn forks (``preload_app``), one instance is
    shared by every worker; each thread opens its own file description, so
    threads of one worker count separately too.

    Parameters
    ----------
    size : int
        How many queries may run at once, at least 1.
    directory : path-like, optional
        Where the slot files live; default a new private temporary directory,
        removed when the process that made it exits.

    Examples
    --------
    >>> slots = QuerySlots(1)
    >>> with slots.hold():
    ...     with slots.hold():
    ...         pass
    Traceback (most recent call last):
    ...
    subgraph.rdf.sparql.slots.EngineBusy: all 1 query slots are busy
    >>> with slots.hold():
    ...     "free again"
    'free again'
    """

    def __init__(self, size: int, directory: str | os.PathLike[str] | None = None) -> None:
        if size < 1:
            raise ValueError(f"at least one query slot is needed, not {size}")
        self.size = size
        if directory is None:
            directory = tempfile.mkdtemp(prefix="subgraph-sparql-slots-")
            atexit.register(_remove_if_owner, directory, os.getpid())
        self.directory = Path(directory)
        self._paths = [self.directory / f"slot-{index}" for index in range(size)]
        for path in self._paths:
            path.touch(mode=0o600, exist_ok=True)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold a slot for the block, or raise :class:`EngineBusy` at once."""
        for path in self._paths:
            descriptor = os.open(path, os.O_RDWR | os.O_CLOEXEC)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            try:
                yield
            finally:
                os.close(descriptor)  # closing the description releases its lock
            return
        raise EngineBusy(f"all {self.size} query slots are busy")


def _remove_if_owner(directory: str, owner: int) -> None:
    # forked workers run atexit handlers too; only the process that made the directory removes it
    if os.getpid() == owner:
        shutil.rmtree(directory, ignore_errors=True)
