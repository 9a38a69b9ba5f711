"""The interactive API page, rendered by a real browser from the running service."""

import json
import os
import shutil
import subprocess

import pytest
from conftest import get

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# .ci/run installs Debian's chromium; elsewhere the test says why it does not run
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("CI"), reason="needs chromium (apt-get install chromium)"
    ),
]


def test_docs_page_lists_every_operation(gunicorn_server, tmp_path):
    assert CHROMIUM, "CI must install chromium (see .ci/run)"
    spec = json.loads(get(gunicorn_server + "/openapi.json")[2])
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            gunicorn_server + "/docs/swagger",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "swagger-ui" in dom
    rendered = {path for path in spec["paths"] if f'data-path="{path}"' in dom}
    assert rendered == set(spec["paths"]), set(spec["paths"]) - rendered
