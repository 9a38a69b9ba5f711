"""A non-editable install carries the graph and installs the web package under a name that cannot collide."""

import json
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """The wheel, built as pip builds it, and what the build said."""
    folder = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", folder, ROOT],
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = folder.glob("subgraph-*.whl")
    return built, done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(build):
    return build[0]


def test_the_package_builds_without_a_warning(build):
    """A newcomer's first install prints no warning of setuptools' (a licence, a data folder it was not told of)."""
    said = build[1]
    assert "Warning" not in said, said


def test_the_wheel_holds_the_graph_and_subgraph_api(wheel, kg):
    names = set(zipfile.ZipFile(wheel).namelist())
    graph_files = {name for name in names if name.startswith("subgraph/graph_data/") and name.endswith(".ttl")}
    assert len(graph_files) == len(list((ROOT / "graph").rglob("*.ttl")))
    assert "subgraph/graph_data/shapes.ttl" in names and "subgraph_api/__init__.py" in names
    assert not {name for name in names if name.startswith("api/")}, "a top-level 'api' package would collide"


def test_an_installed_copy_answers_from_another_directory(wheel, tmp_path, catalogue, fitted_cache):
    target, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, wheel],
        check=True,
        capture_output=True,
    )
    # the installed copy first on the path, its dependencies from this environment; a cache of the classifiers
    # alone, so the graph is read and validated from the installed copy's own files
    script = (
        f"import sys; sys.path.insert(0, {str(target)!r})\n"
        "import subgraph, subgraph_api\n"
        "from subgraph.cli import main\n"
        "print(subgraph.__file__, subgraph_api.__file__, subgraph.default_graph_dir(), sep='\\n', flush=True)\n"
        "main(['stats', '--json'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SUBGRAPH_CACHE": str(fitted_cache)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    package, web, graph, stats = done.stdout.split("\n", 3)
    assert all(path.startswith(str(target)) for path in (package, web, graph)), done.stdout[:500]
    assert json.loads(stats)["services"] == len(catalogue.services)


def test_the_wheel_holds_the_guide_pages_templates_and_stylesheet(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    folders = [ROOT / "api" / "templates", ROOT / "api" / "static"]
    shipped = {p.relative_to(ROOT / "api").as_posix() for folder in folders for p in folder.iterdir()}
    assert {"templates/guide.html", "static/site.css"} <= shipped
    assert {f"subgraph_api/{name}" for name in shipped} <= names
