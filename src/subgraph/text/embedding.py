"""Sentences as vectors that carry meaning: a static embedding shipped inside a PyPI package.

A static embedding gives every subword token a fixed vector; a sentence is the
weighted mean of its tokens' vectors, normalised. Common pieces ("the", "my",
"it") say little about meaning, so they weigh less: a token's weight is the
logarithm of its id, since the tokenizer numbers its pieces from the most to
the least frequent (a cheap stand-in for SIF's inverse-frequency weights, for
which no frequency table ships). There is no network to run, so a
sentence costs one tokenisation and one table lookup (tens of microseconds),
yet "my intro deal ended" lands near "the renewal price went up" although they
share no word: the vectors were trained so that sentences of like meaning lie
close.

The table used is WordLlama's ``l2_supercat`` at 256 dimensions (token
embeddings of a large language model, trained further on sentence pairs),
which the ``wordllama`` wheel on PyPI ships as package data: 32,000 tokens x
256 float16, 16 MB, with its tokenizer. Only those two files are read, through
``safetensors`` and ``tokenizers``; wordllama's own loader is not used, since
it looks for the tokenizer in the wrong folder and then tries to download it,
and importing it configures the root logger.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["StaticEmbedding"]


class StaticEmbedding:
    """The mean of pretrained subword vectors, L2-normalised, as a sentence's meaning.

    Parameters
    ----------
    package : str
        The installed package that ships the table and its tokenizer.
    table : str
        The ``safetensors`` file of the token table, inside the package.
    tensor : str
        The tensor holding the table in that file.
    tokenizer : str
        The ``tokenizers`` JSON file, inside the package.
    scale : float
        Every vector is multiplied by this: how much the meaning counts
        beside other features of the same model.
    rank_offset : float or None
        A token of id ``i`` weighs ``log(i + rank_offset)``; None weighs
        every token alike (the plain mean).

    Attributes
    ----------
    width : int
        The number of dimensions (set by :meth:`fit`).

    Examples
    --------
    >>> embedding = StaticEmbedding().fit()
    >>> vectors = embedding.embed(["the price went up at renewal", "my promo rate ended", "it keeps crashing"])
    >>> vectors.shape
    (3, 256)
    >>> bool(vectors[0] @ vectors[1] > vectors[0] @ vectors[2])
    True
    """

    def __init__(
        self,
        *,
        package: str = "wordllama",
        table: str = "weights/l2_supercat_256.safetensors",
        tensor: str = "embedding.weight",
        tokenizer: str = "tokenizers/l2_supercat_tokenizer_config.json",
        scale: float = 1.0,
        rank_offset: float | None = 10.0,
    ) -> None:
        self.package, self.table, self.tensor, self.tokenizer, self.scale = package, table, tensor, tokenizer, scale
        self.rank_offset = rank_offset

    def _folder(self) -> Path:
        # find_spec does not import the package: wordllama's __init__ sets up logging on import
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError(f"{self.package!r} is not installed: it ships the embedding table")
        return Path(next(iter(spec.submodule_search_locations)))

    def fit(self, texts: Any = None, y: Any = None) -> StaticEmbedding:
        """Read the pretrained table and tokenizer (nothing is learnt from ``texts``)."""
        from safetensors.numpy import load_file

        folder = self._folder()
        # float16 as shipped: half the memory and snapshot size; a query averages a handful of rows in float32
        self.table_ = np.ascontiguousarray(load_file(str(folder / self.table))[self.tensor], dtype=np.float16)
        self.tokenizer_json_ = (folder / self.tokenizer).read_text(encoding="utf-8")
        self.width = int(self.table_.shape[1])
        self._tokenizer: Any = None
        return self

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_tokenizer"] = None  # rebuilt from its JSON on first use: a snapshot holds plain data only
        return state

    def _tokens(self, text: str) -> list[int]:
        if self._tokenizer is None:
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_str(self.tokenizer_json_)
            tokenizer.no_padding()
            tokenizer.no_truncation()
            self._tokenizer = tokenizer
        return self._tokenizer.encode(text, add_special_tokens=False).ids

    def vector(self, text: str) -> np.ndarray:
        """The unit vector of ``text``'s weighted mean token, times :attr:`scale` (zeros for a text with no token)."""
        ids = self._tokens(text)
        if not ids:
            return np.zeros(self.width)
        rows = np.clip(ids, 0, len(self.table_) - 1)
        # measured on issue 17's independent reasons: 156 of 190 read right against 153 with the plain mean
        weights = np.ones(len(rows)) if self.rank_offset is None else np.log(rows + self.rank_offset)
        mean = weights @ self.table_[rows].astype(np.float64) / weights.sum()
        length = np.sqrt(mean @ mean)
        return mean * (self.scale / length) if length > 0 else mean

    def embed(self, texts: list[str]) -> np.ndarray:
        """:meth:`vector` of each text, one row each."""
        return np.array([self.vector(text) for text in texts]).reshape(len(texts), self.width)

    def transform(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`vector` as (columns, weights), the form the fitted linear models in ``textindex`` take."""
        return np.arange(self.width), self.vector(text)
