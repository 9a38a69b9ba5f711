"""The query process: it holds a copy of the graph, answers queries, and can reach nothing.

Run as ``python -m subgraph.rdf.sparql.sandbox READ_FD WRITE_FD`` by
:class:`subgraph.rdf.sparql.engine.SparqlEngine`, never by hand. Before it reads
the graph it confines itself, so no query can undo it:

1. it dies with the process that started it (``PR_SET_PDEATHSIG``), so a
   killed web worker leaves no query running;
2. its address space is limited (``RLIMIT_AS``): a query that needs more
   memory ends this process, not the machine;
3. it leaves the host's network for an empty network namespace where it can
   (root, or unprivileged user namespaces); there no address is reachable;
4. a seccomp filter makes ``socket``, ``connect``, ``execve`` and
   ``io_uring_setup`` fail with ``EPERM``, so no socket can be opened and no
   program started, in any namespace, whatever a query says; and ``ptrace``,
   ``process_vm_*``, ``pidfd_open``/``pidfd_getfd``, ``setns``, ``unshare``,
   ``mount`` and ``bpf`` too, so it cannot reach into another process (and
   take a socket of its parent) or leave its namespace.

Step 4 is the guarantee and works without privileges on any Linux since
3.17 (x86-64 and arm64); step 3 is depth. Where seccomp is unavailable (not
Linux, another architecture, a kernel without it) the process reports that
and exits, and the engine refuses to answer queries: it never runs one
without the filter.

The protocol on the two pipes is length-prefixed messages
(:class:`multiprocessing.connection.Connection`): the settings as JSON (answered
with how the process is confined), then the graph as N-Triples (answered
once it is loaded); then per query a JSON request and a status message
followed by the serialised result, or a refusal of the parse-tree check
(:func:`subgraph.rdf.sparql.checks.check_parse_tree`, run here so that the time
limit covers it too).
"""

import ctypes
import errno
import importlib.util
import json
import os
import platform
import resource
import signal
import struct
import sys
from multiprocessing.connection import Connection
from pathlib import Path

__all__ = ["SandboxUnavailable", "confine"]

_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000

# (audit arch, first x32 syscall or None, {name: number}) per machine
_SYSCALLS = {
    "x86_64": (
        0xC000003E,
        0x40000000,
        {
            **{"socket": 41, "connect": 42, "execve": 59, "execveat": 322, "io_uring_setup": 425},
            # no reaching into other processes (e.g. taking a socket of the parent with pidfd_getfd)
            **{"ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_open": 434},
            **{"pidfd_getfd": 438, "setns": 308, "unshare": 272, "mount": 165, "bpf": 321},
        },
    ),
    "aarch64": (
        0xC00000B7,
        None,
        {
            **{"socket": 198, "connect": 203, "execve": 221, "execveat": 281, "io_uring_setup": 425},
            **{"ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_open": 434},
            **{"pidfd_getfd": 438, "setns": 268, "unshare": 97, "mount": 40, "bpf": 280},
        },
    ),
}
_BPF_LD_W_ABS, _BPF_JEQ_K, _BPF_JGE_K, _BPF_RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW, _RET_ERRNO, _RET_KILL_PROCESS = 0x7FFF0000, 0x00050000, 0x80000000


class SandboxUnavailable(RuntimeError):
    """The query process could not be confined; no query may run."""


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return libc


def _seccomp_program(machine):
    """The BPF program: wrong architecture kills, listed syscalls fail with EPERM, the rest run."""
    arch, x32, numbers = _SYSCALLS[machine]
    denied = sorted(numbers.values())
    checks = [(_BPF_JGE_K, x32)] if x32 else []
    checks += [(_BPF_JEQ_K, number) for number in denied]
    program = [(_BPF_LD_W_ABS, 0, 0, 4)]  # seccomp_data.arch
    # after the checks come: ALLOW, ERRNO, KILL
    program.append((_BPF_JEQ_K, 0, len(checks) + 3, arch))  # not our architecture: to KILL
    program.append((_BPF_LD_W_ABS, 0, 0, 0))  # seccomp_data.nr
    for index, (code, value) in enumerate(checks):
        program.append((code, len(checks) - index, 0, value))  # match: to ERRNO
    program += [
        (_BPF_RET_K, 0, 0, _RET_ALLOW),
        (_BPF_RET_K, 0, 0, _RET_ERRNO | errno.EPERM),
        (_BPF_RET_K, 0, 0, _RET_KILL_PROCESS),
    ]
    return program


def _forbid_network_and_exec(libc):
    machine = platform.machine()
    if not sys.platform.startswith("linux") or machine not in _SYSCALLS:
        raise SandboxUnavailable(f"no seccomp filter for {sys.platform}/{machine}")
    program = _seccomp_program(machine)
    filters = (_SockFilter * len(program))(*(_SockFilter(*instruction) for instruction in program))
    fprog = _SockFprog(len(program), filters)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"PR_SET_NO_NEW_PRIVS failed: {os.strerror(ctypes.get_errno())}")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        raise SandboxUnavailable(f"seccomp filter refused: {os.strerror(ctypes.get_errno())}")


def _leave_network(libc):
    """Move into an empty network namespace if the kernel lets us; True if we did."""
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        if libc.unshare(flags) == 0:
            return True
    return False


def confine(*, memory_bytes: int, parent_pid: int) -> str:
    """Confine this process as the module says; a description of what was applied.

    Must run while the process has one thread (user namespaces need it, and
    the seccomp filter is inherited only by threads started after it).

    Raises
    ------
    SandboxUnavailable
        The seccomp filter could not be installed.
    """
    libc = _libc() if sys.platform.startswith("linux") else None
    if libc is None:
        raise SandboxUnavailable(f"no sandbox on {sys.platform}")
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    namespace = _leave_network(libc)
    _forbid_network_and_exec(libc)
    return "seccomp (no sockets, no exec)" + (", empty network namespace" if namespace else "")


def _answer(store, checks, request):
    """(status, body) for one request: check the query's parse tree, then (unless only asked to check) run it."""
    import pyoxigraph as ox

    try:
        checks.check_parse_tree(request["query"])
    except checks.QueryRefused as error:
        return "refused", json.dumps({"reason": error.reason, "message": str(error)}).encode()
    if request.get("check_only"):
        return "ok", b""
    try:
        result = store.query(request["query"])
        if isinstance(result, ox.QueryTriples):
            body = result.serialize(format=getattr(ox.RdfFormat, request["graph_format"]))
        else:
            body = result.serialize(format=getattr(ox.QueryResultsFormat, request["result_format"]))
    except MemoryError:
        return "memory", b""
    except SyntaxError:
        return "syntax", b""
    except Exception:  # evaluation errors; their text may carry what a SERVICE call met, so none is sent
        return "error", b""
    assert body is not None  # serialize returns the bytes when given no output
    if len(body) > request["limit"]:
        return "too-large", struct.pack("!Q", len(body))
    return "ok", body


def _load_checks():
    """The checks module, read from beside this file: importing the package would load the whole core."""
    spec = importlib.util.spec_from_file_location("subgraph_sparql_checks", Path(__file__).with_name("checks.py"))
    assert spec is not None and spec.loader is not None  # a .py file, which has a source loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _serve(reader, writer):
    settings = json.loads(reader.recv_bytes())
    try:
        sandbox = confine(memory_bytes=settings["memory_bytes"], parent_pid=settings["parent_pid"])
    except (SandboxUnavailable, OSError) as error:
        writer.send_bytes(json.dumps({"status": "no-sandbox", "reason": str(error)}).encode())
        return
    writer.send_bytes(json.dumps({"status": "confined", "sandbox": sandbox}).encode())
    checks = _load_checks()
    checks.check_parse_tree("ASK {}")  # rdflib builds its grammar on first use: not in a query's time
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(reader.recv_bytes(), format=ox.RdfFormat.N_TRIPLES)
    writer.send_bytes(json.dumps({"status": "ready", "triples": len(store)}).encode())
    while True:
        try:
            request = json.loads(reader.recv_bytes())
        except EOFError:
            return
        status, body = _answer(store, checks, request)
        writer.send_bytes(status.encode())
        writer.send_bytes(body)


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
