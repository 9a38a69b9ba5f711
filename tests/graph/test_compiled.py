"""The compiled graph: a snapshot reused while nothing changed, never trusted when anything did."""

import errno
import io
import os
import pickle
import shutil
import subprocess
import sys

import pytest
from conftest import recommend_plain

from subgraph import GraphInvalid, load_graph
from subgraph.graph.compiled import _MAGIC, KEEP_SNAPSHOTS, cache_directory, read_snapshot, snapshot_key, write_snapshot


@pytest.fixture()
def cache(fitted_cache, monkeypatch):
    """An empty cache of graphs, holding the resolver's fitted classifiers: the tests here are about the graph's."""
    monkeypatch.setenv("SUBGRAPH_CACHE", str(fitted_cache))
    return fitted_cache


def test_a_loaded_graph_is_compiled_once_and_reused(small_graph, cache):
    first = load_graph(small_graph)
    snapshots = list(cache.glob("graph-*.snapshot"))
    assert len(snapshots) == 1
    second = load_graph(small_graph)
    assert second is not first
    assert len(list(cache.glob("graph-*.snapshot"))) == 1
    assert second.triples == first.triples
    assert set(second.catalogue.services) == set(first.catalogue.services) == {"norton", "kaspersky", "mcafee"}
    assert len(second.rdf) == first.triples  # read from the snapshot on first use
    # the fitted resolver came along and answers as the full load does
    question = dict(reasons=["renewal price doubled"], usage="never")
    assert recommend_plain(second, "kaspersy", **question) == recommend_plain(first, "kaspersy", **question)


def test_a_changed_file_is_loaded_and_validated_again(small_graph, cache):
    load_graph(small_graph)
    (small_graph / "services" / "norton.ttl").write_text(":norton a .")
    with pytest.raises(GraphInvalid, match="norton.ttl"):
        load_graph(small_graph)


def test_validate_always_reads_the_files(small_graph, cache, monkeypatch):
    load_graph(small_graph)
    monkeypatch.setattr("subgraph.graph.loader.read_snapshot", lambda key: pytest.fail("a snapshot was read"))
    assert load_graph(small_graph, compiled=False).triples > 0


def test_a_corrupt_snapshot_is_ignored_and_rebuilt(tmp_path):
    key = "0" * 64
    path = write_snapshot(key, {"answer": 42}, tmp_path)
    assert read_snapshot(key, tmp_path) == {"answer": 42}
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0xFF
    path.write_bytes(bytes(blob))
    assert read_snapshot(key, tmp_path) is None
    path.write_bytes(path.read_bytes()[:100])  # torn
    assert read_snapshot(key, tmp_path) is None
    write_snapshot(key, {"answer": 43}, tmp_path)
    assert read_snapshot(key, tmp_path) == {"answer": 43}


def test_a_snapshot_under_another_key_is_not_taken(tmp_path):
    path = write_snapshot("a" * 64, "old", tmp_path)
    path.rename(path.with_name(path.name.replace("a" * 40, "b" * 40)))
    assert read_snapshot("b" * 64, tmp_path) is None


def test_a_snapshot_on_a_read_only_file_system_is_still_read(tmp_path, monkeypatch):
    """Marking a snapshot as recently used fails on a read-only volume; the snapshot is read all the same.

    The file system is simulated (these tests may run as root, whom permissions do not stop).
    """
    write_snapshot("k", {"a": 1}, tmp_path / "cache")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "utime", read_only)
    assert read_snapshot("k", tmp_path / "cache") == {"a": 1}


def test_snapshots_in_a_folder_others_may_write_are_not_read(tmp_path):
    key = "1" * 64
    write_snapshot(key, "payload", tmp_path)
    os.chmod(tmp_path, 0o777)
    try:
        assert read_snapshot(key, tmp_path) is None
        assert write_snapshot(key, "payload", tmp_path) is None
    finally:
        os.chmod(tmp_path, 0o700)


@pytest.mark.slow  # two full loads with nothing cached, fits included
def test_without_a_usable_cache_the_graph_still_loads(small_graph, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("SUBGRAPH_CACHE", str(not_a_folder / "cache"))
    assert load_graph(small_graph).triples > 0
    monkeypatch.setenv("SUBGRAPH_CACHE", "off")
    assert load_graph(small_graph).triples > 0


def test_the_key_covers_the_code_and_every_file(small_graph):
    before = snapshot_key(small_graph)
    (small_graph / "services" / "zz-new.ttl").write_text("")
    assert snapshot_key(small_graph) != before


@pytest.mark.slow  # fits the resolver's classifiers once, on purpose
def test_the_resolvers_classifiers_are_saved_and_read_back_by_their_texts(kg, tmp_path, monkeypatch):
    from subgraph.text.resolve import MEANING_KINDS, build_resolver

    monkeypatch.setenv("SUBGRAPH_CACHE", str(tmp_path / "cache"))
    fitted = build_resolver(kg.catalogue)
    # a file's inode, since a fit saved again replaces the file under the same name (os.replace)
    saved = sorted((path, path.stat().st_ino) for path in (tmp_path / "cache").glob("fitted-*.snapshot"))
    assert len(saved) == len(MEANING_KINDS)
    # without the whole resolver saved, as when a name elsewhere changed: its classifiers are still read back
    for resolver in (tmp_path / "cache").glob("resolver-*.snapshot"):
        resolver.unlink()
    read_back = build_resolver(kg.catalogue)
    after = sorted((path, path.stat().st_ino) for path in (tmp_path / "cache").glob("fitted-*.snapshot"))
    assert after == saved  # nothing fitted and saved again
    for text, kind in [("the renewal price doubled", "reason"), ("anti virus", "feature"), ("iphone", "platform")]:
        assert read_back.resolve(text, kind) == fitted.resolve(text, kind)


def test_the_resolver_is_read_back_while_every_name_and_phrasing_is_unchanged(small_graph, cache, monkeypatch):
    def resolvers():
        return {path: path.stat().st_ino for path in cache.glob("resolver-*.snapshot")}

    for copied in resolvers():  # the session's: this test counts its own
        copied.unlink()
    load_graph(small_graph)
    saved = resolvers()
    assert len(saved) == 1
    norton = small_graph / "services" / "norton.ttl"
    text = norton.read_text()
    # a fact no one types: the graph is read and validated again, the resolver is neither indexed nor fitted
    norton.write_text(text.replace('"Consumer security subscriptions', '"Security subscriptions'))
    with monkeypatch.context() as patched:
        patched.setattr("subgraph.text.resolve._char_vectorizer", lambda: pytest.fail("the resolver was built again"))
        edited = load_graph(small_graph)
    assert len(list(cache.glob("graph-*.snapshot"))) == 2
    assert resolvers() == saved
    assert edited.resolver.resolve("nortn", "service").id == "norton"
    # a new name is a new resolver, which knows it
    norton.write_text(text.replace('"Norton Security" ;', '"Norton Security", "Yellow Shield" ;'))
    renamed = load_graph(small_graph)
    assert len(resolvers()) == 2
    assert renamed.resolver.resolve("yellow shield", "service").id == "norton"
    assert edited.resolver.resolve("yellow shield", "service").id != "norton"


@pytest.mark.slow  # two processes
def test_the_resolver_is_keyed_alike_in_every_process():
    """The texts a saved resolver is found by come in one order, whatever a process's string hashing."""
    script = (
        "import hashlib; from subgraph import load_graph; from subgraph.text.resolve import _entries; "
        "print(hashlib.sha256(repr(tuple(_entries(load_graph().catalogue))).encode()).hexdigest())"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True
        ).stdout
        for seed in ("1", "2")
    }
    assert len(keys) == 1 and "" not in keys, keys


def test_a_change_to_the_code_compiles_the_graph_again_but_fits_again_only_for_the_text_code(tmp_path, monkeypatch):
    """A change to the decision (say) makes a new graph snapshot, and reads the fitted resolver back."""
    import subgraph.graph.compiled as compiled

    package = tmp_path / "subgraph"
    shutil.copytree(compiled._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(compiled, "_PACKAGE", package)
    monkeypatch.setattr(compiled, "_FITTING_CODE", package / "text")
    graph = tmp_path / "graph"
    graph.mkdir()
    (graph / "a.ttl").write_text("<https://a.test/s> <https://a.test/p> 1 .")
    graph_key, fitted = snapshot_key(graph), compiled.fitted_key("m", ["a"])
    with (package / "decide" / "score.py").open("a") as code:
        code.write("\n# a change to how options are scored\n")
    assert snapshot_key(graph) != graph_key
    assert compiled.fitted_key("m", ["a"]) == fitted
    with (package / "text" / "embedding.py").open("a") as code:
        code.write("\n# a change to what the models are fitted on\n")
    assert compiled.fitted_key("m", ["a"]) != fitted


def test_saved_models_hold_no_code_of_the_package_outside_the_text_package(kg):
    """Their key covers ``subgraph.text`` alone: an object of another module of the package pickled in a
    resolver or a classifier would be read back unchanged after that module changed."""
    modules = set()

    class Recording(pickle.Unpickler):
        def find_class(self, module, name):
            modules.add(module)
            return super().find_class(module, name)

    Recording(io.BytesIO(pickle.dumps(kg.resolver, protocol=pickle.HIGHEST_PROTOCOL))).load()
    for fitted in cache_directory().glob("fitted-*.snapshot"):
        Recording(io.BytesIO(fitted.read_bytes()[len(_MAGIC) + 32 :])).load()  # after the magic and the digest
    ours = {module for module in modules if module.split(".")[0] == "subgraph"}
    assert "subgraph.text.resolve" in ours and all(module.startswith("subgraph.text.") for module in ours), ours


def test_only_the_most_recently_used_snapshots_are_kept(tmp_path):
    folder = tmp_path / "cache"
    keys = [f"{n:040x}" for n in range(KEEP_SNAPSHOTS["graph"])]
    for age, key in enumerate(keys):
        path = write_snapshot(key, {"n": age}, folder)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # written in this order, a second apart
    assert read_snapshot(keys[0], folder) == {"n": 0}  # the oldest, used again: kept
    write_snapshot("f" * 40, {"n": "last"}, folder)
    kept = {p.name for p in folder.glob("graph-*.snapshot")}
    assert len(kept) == KEEP_SNAPSHOTS["graph"]
    assert any(keys[0] in name for name in kept) and not any(keys[1] in name for name in kept)
