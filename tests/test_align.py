"""The aligner on the seed, on built documents, and its pluggable parts (encoder, lexicon)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from bilingual import Aligner, Document
from bilingual.align_eval import Score, load_gold
from bilingual.cli import app
from bilingual.encoders import SentenceTransformerEncoder, get_encoder
from bilingual.lexicon import Lexicon

from .conftest import ALIGN_DEV, fixture_path, requires_shared, seed_path


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner()


@requires_shared("seeds")
def test_seed_000_both_tweets_paired(aligner: Aligner) -> None:
    text = seed_path("000").read_text(encoding="utf-8")
    result = aligner.align(Document(id="000", text=text))
    lines = text.split("\n")
    pairs = {p.ar: p for p in result.pairs}
    assert set(pairs) == {lines[3], lines[5]}
    # Tweet 1 pairs with a window holding its paraphrase ("Qais al-Khazali, ... said in a tweet on Monday that
    # Washington looks at its own interests ...") and the sentence before it.
    assert lines[1] in pairs[lines[3]].en
    assert pairs[lines[5]].en == lines[2]  # "Right now, he said, Washington needs the terrorist group ..."
    for p in result.pairs:
        assert text[p.ar_span[0] : p.ar_span[1]] == p.ar and text[p.en_span[0] : p.en_span[1]] == p.en
        assert 0.0 <= p.score <= 1.0
        assert p.meta["handle"] == "Qais_alkhazali"
        assert {"cos", "lex_ar", "names", "dist", "leadin"} <= set(p.evidence)
    assert result.unpaired == []


def test_arabic_with_no_translation_is_left_unpaired(aligner: Aligner) -> None:
    text = (
        "The minister of transport said on Tuesday that the new bridge will open in June.\n"
        "الأعمال في جسر الزرقاء الجديد شارفت على الانتهاء وسيفتح أمام حركة السير في حزيران.\n"
        "Football fans celebrated in the streets after the match.\n"
        "انخفضت أسعار القمح في الأسواق العالمية بسبب وفرة المحصول هذا العام.\n"
    )
    result = aligner.align(Document(id="t", text=text))
    assert [p.ar[:8] for p in result.pairs] == ["الأعمال "]
    assert result.pairs[0].en.startswith("The minister of transport")
    (u,) = result.unpaired
    assert u.ar.startswith("انخفضت") and u.reason
    assert u.best_score is not None and u.best_score < aligner.min_score


class CountingEncoder:
    """A deterministic stand-in that records every text it is asked to encode."""

    name = "counting"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        rng = [np.random.default_rng(abs(hash(t)) % (2**32)).normal(size=16) for t in texts]
        v = np.array(rng, dtype=np.float32).reshape(len(texts), 16)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_no_arabic_costs_no_encoding_and_texts_are_encoded_once() -> None:
    enc = CountingEncoder()
    al = Aligner(encoder=enc)
    res = al.align(Document(id="en", text="Only English here. Nothing else at all.\nA second line.\n"))
    assert res.pairs == [] and enc.seen == []
    text = fixture_path("tweets").read_text(encoding="utf-8")
    al.align(Document(id="tweets", text=text))
    assert len(enc.seen) == len(set(enc.seen)) > 0


def test_sentence_transformers_checkpoint_from_a_local_path(tmp_path: Path) -> None:
    """Build a tiny BERT checkpoint on disk (nothing downloaded) and load it through st:PATH."""
    reason = "the st:PATH encoder needs the optional extra: pip install 'bilingual[st]' (PyTorch, transformers)"
    torch = pytest.importorskip("torch", reason=reason)
    pytest.importorskip("transformers", reason=reason)
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    torch.manual_seed(0)
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "bridge", "opens", "جسر", "يفتح"])}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    cfg = BertConfig(
        vocab_size=len(vocab),
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=16,
        max_position_embeddings=32,
    )
    BertModel(cfg).save_pretrained(tmp_path)
    fast.save_pretrained(tmp_path)
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_mean_tokens": True}))
    enc = get_encoder(f"st:{tmp_path}")
    assert isinstance(enc, SentenceTransformerEncoder)
    v = enc.encode(["the bridge opens", "جسر يفتح", "the bridge opens"])
    assert v.shape == (3, 8)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(v[0], v[2], rtol=1e-6)
    # The aligner runs end to end with it.
    res = Aligner(encoder=enc).align(Document(id="x", text="the bridge opens\nجسر يفتح\n"))
    assert res.doc_id == "x"
    with pytest.raises(ValueError, match="not a model directory"):
        SentenceTransformerEncoder(tmp_path / "missing")


def test_lexicon_loader_on_small_data(tmp_path: Path) -> None:
    """The Buckwalter file formats, on a lexicon small enough to read."""
    (tmp_path / "dictPrefixes").write_text(
        ";; prefixes\n\t\tPref-0\t\nw\twa\tPref-Wa\tand <pos>wa/CONJ+</pos>\n", encoding="latin1"
    )
    (tmp_path / "dictStems").write_text(";; qarAr_1\nqrAr\tqarAr\tNdu\tdecision;resolution\n", encoding="latin1")
    (tmp_path / "dictSuffixes").write_text("\t\tSuff-0\t\np\tap\tNSuff-ap\t[fem.sg.]\n", encoding="latin1")
    for name, rows in (
        ("tableAB", "Pref-0 Ndu\nPref-Wa Ndu\n"),
        ("tableAC", "Pref-0 Suff-0\nPref-Wa Suff-0\n"),
        ("tableBC", "Ndu Suff-0\n"),
    ):
        (tmp_path / name).write_text(rows, encoding="latin1")
    lex = Lexicon(tmp_path)
    assert lex.glosses("قرار") == {"decision", "resolution"}
    assert lex.glosses("وقرار") == {"decision", "resolution"}  # the prefix w- is analysed off
    assert lex.glosses("قرارة") == frozenset()  # NSuff-ap is not allowed after Ndu by tableBC


@requires_shared("align-dev")
def test_align_dev_subset_scores(aligner: Aligner) -> None:
    """A regression guard on 16 align-dev documents (the full evaluation is scripts/eval_align.py)."""
    score = Score()
    for g in load_gold(ALIGN_DEV)[::5]:
        doc = Document(id=g.doc_id, text=g.path.read_text(encoding="utf-8"))
        score.add(aligner.align(doc), g)
    assert score.f1 >= 0.85, (score.f1, score.precision, score.recall)


@requires_shared("seeds")
def test_cli_align_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    r = CliRunner().invoke(app, ["align", str(seed_path("000")), str(seed_path("001")), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["doc_id"] for row in rows] == [seed_path("000").stem, seed_path("001").stem]
    assert len(rows[0]["pairs"]) == 2 and rows[1]["pairs"] == []
    pair = rows[0]["pairs"][0]
    assert {"ar", "en", "score", "ar_span", "en_span", "evidence"} <= set(pair)
    assert CliRunner().invoke(app, ["align", str(seed_path("000")), "--encoder", "bogus"]).exit_code == 2


@requires_shared("align-dev")
def test_rival_max_equals_the_brute_force_definition(aligner: Aligner) -> None:
    """The rival of a candidate is the best one whose units share no segment with it; the fast
    interval form must give exactly that on real documents' units."""
    from bilingual.align.model import _span, rival_max

    rng = np.random.default_rng(0)
    checked = 0
    for g in load_gold(ALIGN_DEV)[:12]:
        cands = aligner.candidates(Document(id=g.doc_id, text=g.path.read_text(encoding="utf-8")))
        assert cands is not None
        for units in (cands.en_units, cands.ar_units):
            grid = rng.normal(size=(3, len(units)))
            segs = [set(u.segments) for u in units]
            brute = np.array(
                [
                    [
                        max([grid[r, k] for k in range(len(units)) if not segs[j] & segs[k]], default=-30.0)
                        for j in range(len(units))
                    ]
                    for r in range(3)
                ]
            )
            np.testing.assert_array_equal(rival_max(grid, *_span(units)), np.maximum(brute, -30.0))
            checked += 1
    assert checked == 24


@pytest.mark.parametrize(
    ("sentence", "after", "quote"),
    [
        ("“Tom and I are nonsmokers.” the Foreign Ministry tweeted on Tuesday.", "", "Tom and I are nonsmokers."),
        ('"We are ready," he said.', "", "We are ready"),
        ("“The boat is unsafe.”", "Nadia al-Jubouri tweeted on Tuesday.", "The boat is unsafe."),
        ("“The boat is unsafe.”", "Nobody listened to the warning that came far too late.", None),
        ("The ministry wrote: “This boat is no longer seaworthy.”", "", "This boat is no longer seaworthy."),
        ("“It is over,” a fan said, leaving after the match ended in the rain past midnight yesterday.", "", None),
    ],
)
def test_quoted_content_before_or_after_the_reporting_clause(sentence: str, after: str, quote: str | None) -> None:
    from bilingual.align import quoted_content

    span = quoted_content(sentence, 0, len(sentence), after)
    assert (sentence[span[0] : span[1]] if span else None) == quote


def _evidence(text: str, ar_prefix: str, en_prefix: str) -> dict:
    """The evidence of one candidate (encoder off: the signals that need no model)."""
    al = Aligner(encoder=None)
    cands = al.candidates(Document(id="t", text=text))
    assert cands is not None
    for (i, j), ev in zip(cands.index, cands.evidence, strict=True):
        a, e = cands.ar_units[i], cands.en_units[j]
        if text[a.start : a.end].startswith(ar_prefix) and text[e.start : e.end].startswith(en_prefix):
            return ev
    raise AssertionError("no such candidate")


def test_author_counts_only_when_the_english_names_all_of_them() -> None:
    tweet = "الأعمال في الجسر الجديد شارفت على الانتهاء وسيفتح في حزيران.\n— سارة الخطيب (@SaraKhatib_) May 8, 2018\n"
    full = "Sara al-Khatib said in a post that the new bridge will open in June.\n" + tweet
    ev = _evidence(full, "الأعمال", "Sara al-Khatib")
    assert ev["author"] > 0 and ev["names_unmatched"] == 0  # the author's name is explained by the attribution
    # One three-letter skeleton (ktb: Qutaybah, Kitab, al-Khatib) in a list of other names is not the author.
    partial = "Abu Kathib and Yunus bin Harb said the new bridge will open in June.\n" + tweet
    ev = _evidence(partial, "الأعمال", "Abu Kathib")
    assert ev["author"] == 0 and ev["names_unmatched_n"] > 0


def test_a_gloss_matches_another_form_of_the_same_english_word() -> None:
    text = "He said they need it to justify the presence of forces.\nنحتاجه لتبرير التواجد.\n"
    ev = _evidence(text, "نحتاجه", "He said")
    assert {"justify", "presence"} <= set(ev["matched_words"])


def test_blocks_closed_by_a_bidi_mark_are_not_joined() -> None:
    """Scraped Arabic often ends "….\u200f"; the mark must not make a finished block look broken off
    (it did, and two hadith were paired as one with a single translation)."""
    text = (
        "The bridge will open in June, the minister said.\n"
        "الجسر الجديد سيفتح في حزيران.\u200f\n"
        "أسعار القمح انخفضت هذا العام.\u200f\n"
        "يقول الوزير إن العمل\n"
        "سينتهي قريبا.\n"
    )
    _, ar_units, _ = Aligner._units(Document(id="t", text=text))
    # The two closed lines stay apart; the line that breaks off runs on into the next (one post).
    assert [text[u.start : u.end] for u in ar_units] == [
        "الجسر الجديد سيفتح في حزيران.\u200f",
        "أسعار القمح انخفضت هذا العام.\u200f",
        "يقول الوزير إن العمل\nسينتهي قريبا.",
    ]


def test_a_possessive_is_the_same_name_once() -> None:
    """English that is about an Arabic text repeats its names ("Sisi's speech … Sisi"): the possessive is
    not another name, so one person counts once among the names both sides share."""
    from bilingual.skeleton import en_skeleton

    assert en_skeleton("Khazali's") == en_skeleton("Khazali") == en_skeleton("Khazali’s")
    assert en_skeleton("Ra's") != en_skeleton("Ra")  # a short transliteration keeps its hamza mark
    text = (
        "Critics of Qais al-Khazali's movement said Khazali spoke for an hour about Baghdad.\n"
        "تحدث قيس الخزعلي أمام البرلمان في بغداد عن الاقتصاد.\n"
    )
    ev = _evidence(text, "تحدث", "Critics")
    assert ev["matched_names"] == ["bjd", "kzl"]  # not also "kzls" for Khazali's
