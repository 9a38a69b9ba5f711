"""The labelled corpus: reproducible, and detection and matching above the issue's floors."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # noqa: E402


def test_corpus_files_are_what_the_generator_writes():
    for name, data, _ in corpus.generate():
        assert (corpus.CORPUS / name).read_bytes() == data, f"{name}: run python tests/statements/corpus.py"


@pytest.fixture(scope="module")
def scores(kg):
    return corpus.score(kg)


@pytest.mark.parametrize("part", ["tuning", "held_out"])
def test_precision_recall_and_accuracy_floors(scores, part):
    got = scores[part]
    assert got["streams"] >= 50
    assert got["precision"] >= 0.95, got
    assert got["recall"] >= 0.95, got
    assert got["biller_accuracy"] >= 0.97, got
    assert got["service_accuracy"] >= 0.95, got
