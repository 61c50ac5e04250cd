"""The review page's data and file (without a browser), decisions.jsonl, and runs with --review/--decisions.

The page in a real browser: tests/test_review_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual.align import AlignedPair, AlignmentResult
from bilingual.cli import app
from bilingual.export import read_jsonl
from bilingual.model import Document
from bilingual.pipeline import Pipeline, RunOptions
from bilingual.review import (
    Decision,
    DecisionFilter,
    DecisionsError,
    ReviewBuilder,
    document_payload,
    json_for_script,
    read_decisions,
    write_decisions,
)
from bilingual.segment import segment

from .conftest import ALIGN_DEV, requires_shared, run_files

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = ALIGN_DEV / "align_docs"
HOSTILE = (
    "<script>window.__xss = 1</script> </script><script>window.__xss = 2</script> <!-- ]]> "
    '</textarea><img src=x onerror="window.__xss = 3"> <a href="javascript:window.__xss = 4">click</a> & &amp;'
)


def page_parts(html: str) -> tuple[dict, dict[str, str]]:
    """The summary and the per-document JSON blocks of a review page."""
    summary = json.loads(re.search(r'<script type="application/json" id="summary">(.*?)</script>', html, re.S)[1])
    blocks = dict(re.findall(r'<script type="application/json" id="(d\d+)">(.*?)</script>', html, re.S))
    return summary, blocks


def aligned(text: str, pairs: list[tuple[str, str]], doc_id: str = "doc") -> tuple[Document, AlignmentResult]:
    """A segmented document and a result pairing the given (Arabic, English) substrings."""
    doc = Document(id=doc_id, text=text, source=f"{doc_id}.txt")
    segment(doc)
    out = []
    for ar, en in pairs:
        a, e = text.index(ar), text.index(en)
        out.append(AlignedPair(ar, en, 0.9, (a, a + len(ar)), (e, e + len(en)), (), (), {"cos": 0.5}, {}))
    return doc, AlignmentResult(doc.id, doc.source, out, [])


def test_json_for_script_cannot_end_the_block_and_reads_back() -> None:
    obj = {"text": HOSTILE + " \u2028\u2029 \x00 \u202e", "n": [1, 2.5]}
    out = json_for_script(obj)
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == obj


def test_payload_uses_utf16_offsets_for_layout_and_code_points_for_decisions() -> None:
    text = "Party time 🎉🎉 tonight.\nنحن فخورون 🎉 بهذا الإنجاز.\nWe are proud 🎉 of this achievement.\n"
    doc, result = aligned(text, [("نحن فخورون 🎉 بهذا الإنجاز.", "We are proud 🎉 of this achievement.")])
    p = document_payload(doc, result)["pairs"][0]
    assert text[p["ar_span"][0] : p["ar_span"][1]] == result.pairs[0].ar  # as bilingual align writes them
    units = text.encode("utf-16-le")
    a0, a1, e0, e1 = p["r"]
    assert units[2 * a0 : 2 * a1].decode("utf-16-le") == result.pairs[0].ar
    assert units[2 * e0 : 2 * e1].decode("utf-16-le") == result.pairs[0].en
    assert p["r"][0] == p["ar_span"][0] + 2  # two emoji before it, two UTF-16 units each


def test_payload_reads_kind_and_unit_of_pairs_old_and_new() -> None:
    doc, result = aligned("Hello there friend.\nمرحبا يا صديقي.\n", [("مرحبا يا صديقي.", "Hello there friend.")])
    pair = result.pairs[0]
    pair.kind, pair.unit = "gloss", "phrase"
    p = document_payload(doc, result)["pairs"][0]
    assert (p["kind"], p["unit"]) == ("gloss", "phrase")

    class OldPair:  # a pair from before pairs had a kind and a unit
        def __init__(self, new: AlignedPair, unit: str | None) -> None:
            for name in ("ar", "en", "score", "ar_span", "en_span", "ar_segments", "en_segments", "evidence"):
                setattr(self, name, getattr(new, name))
            self.meta = {"handle": "x", **({"unit": unit} if unit else {})}

    ar_block = next(s.index for s in doc.blocks() if s.lang == "ar")
    pair.ar_segments = (ar_block,)
    for unit, expected in (("phrase", "phrase"), (None, "paragraph")):
        old = AlignmentResult(doc.id, doc.source, [OldPair(pair, unit)], [])  # type: ignore[list-item]
        p = document_payload(doc, old)["pairs"][0]
        assert (p["kind"], p["unit"], p["meta"]) == (None, expected, {"handle": "x"})


def test_page_holds_every_document_escaped_with_a_csp_for_its_own_script(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    with ReviewBuilder(out, title="<b>title</b>") as review:
        for i in range(3):
            doc, result = aligned(f"{HOSTILE}\nHello friend {i}.\nمرحبا يا صديقي.\n", [], doc_id=f"<i>{i}</i>")
            review.add(doc, result)
        review.add_failure("bad</script>.txt", "bad", "binary file <x>")
    html = out.read_text(encoding="utf-8")
    assert review.stats is not None and review.stats.documents == 3 and review.stats.failed == 1
    assert "<img" not in html and "<b>title" not in html and "<i>0" not in html and "bad</script>" not in html
    assert html.count("<script") == 5  # summary, the page's script, three documents
    summary, blocks = page_parts(html)
    assert [d["id"] for d in summary["docs"]] == ["<i>0</i>", "<i>1</i>", "<i>2</i>"]
    assert summary["failed"][0]["reason"] == "binary file <x>"
    assert json.loads(blocks["d1"])["text"].startswith(HOSTILE)
    script = re.search(r"<script>(.*?)</script>", html, re.S)[1]
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html and "default-src 'none'" in html
    assert not list(tmp_path.glob("*.spool")) and not list(tmp_path.glob("*.tmp"))


def test_a_failing_builder_leaves_no_page(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    with pytest.raises(RuntimeError), ReviewBuilder(out) as review:
        review.add(*aligned("Hello.\n", []))
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_review_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "r" / "review.html"
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    args = ["review", str(ROOT / "examples" / "article.txt"), str(bad), "-o", str(out), "--encoder", "none"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 1, r.output  # the binary file failed, and is listed
    summary, blocks = page_parts(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in summary["docs"]] == ["article"] and len(blocks) == 1
    assert summary["failed"][0]["source"] == str(bad)
    assert summary["meta"]["encoder"] == "none" and 0 < summary["meta"]["threshold"] < 1


# --- decisions.jsonl -------------------------------------------------------------------------------


def test_read_decisions_names_the_bad_line(tmp_path: Path) -> None:
    good = '{"doc_id": "a", "ar_span": [1, 5], "en_span": [7, 9], "decision": "accept"}'
    cases = {
        "{not json": "not JSON (Expecting property name",
        '{"doc_id": "a", "ar_span": [1, 5], "en_span": [7, 9], "decision": "maybe"}': 'not "maybe"',
        '{"doc_id": "a", "ar_span": [5, 1], "en_span": [7, 9], "decision": "reject"}': "ar_span must be",
        '{"doc_id": "a", "ar_span": [1, 5], "decision": "reject"}': "missing en_span",
        '{"doc_id": 3, "ar_span": [1, 5], "en_span": [7, 9], "decision": "reject"}': "doc_id must be",
    }
    for line, message in cases.items():
        path = tmp_path / "d.jsonl"
        path.write_text(good + "\n\n" + line + "\n", encoding="utf-8")
        with pytest.raises(DecisionsError, match=re.escape(message)) as e:
            read_decisions(path)
        assert f"{path}:3:" in str(e.value)
    path.write_text(good + "\n", encoding="utf-8")
    assert read_decisions(path) == [Decision("a", (1, 5), (7, 9), "accept", 1)]
    with pytest.raises(DecisionsError, match="No such file"):
        read_decisions(tmp_path / "missing.jsonl")


class _P:
    def __init__(self, ar: tuple[int, int], en: tuple[int, int]) -> None:
        self.ar_start, self.ar_end = ar
        self.en_start, self.en_end = en


def test_decision_filter_keeps_account_of_every_decision() -> None:
    decisions = [
        Decision("a", (0, 5), (6, 9), "accept"),
        Decision("a", (10, 15), (16, 20), "accept"),
        Decision("a", (10, 15), (16, 20), "reject"),  # the later line wins
        Decision("a", (30, 35), (36, 40), "reject"),  # its Arabic now pairs with other English
        Decision("a", (50, 55), (56, 60), "reject"),  # no pair with this Arabic any more
        Decision("b", (0, 5), (6, 9), "reject"),  # b fails
        Decision("c", (0, 5), (6, 9), "accept"),  # c is not in the run
    ]
    f = DecisionFilter(decisions)
    assert len(f) == 6
    v = f.apply("a", [_P((0, 5), (6, 9)), _P((10, 15), (16, 20)), _P((30, 35), (41, 44)), _P((70, 75), (76, 80))])
    assert (v.accepted, v.rejected, v.undecided_dropped, len(v.kept)) == (1, 1, 0, 3)
    f.failed("b", "binary file")
    assert f.matched() == 2
    reasons = {(d.doc_id, d.ar_span): why for d, why in f.unmatched()}
    assert reasons == {
        ("a", (30, 35)): "its Arabic is now paired with other English, en_span [41, 44]",
        ("a", (50, 55)): "the run found no pair with this Arabic span",
        ("b", (0, 5)): "the document failed in this run: binary file",
        ("c", (0, 5)): "the document is not in this run",
    }
    g = DecisionFilter(decisions, undecided="drop")
    v = g.apply("a", [_P((0, 5), (6, 9)), _P((70, 75), (76, 80))])
    assert (v.accepted, v.undecided_dropped, len(v.kept)) == (1, 1, 1)
    g.restore(json.loads(json.dumps(f.state())))
    assert g.unmatched() == f.unmatched()


# --- runs ------------------------------------------------------------------------------------------


def _corpus(tmp: Path, n: int = 8) -> Path:
    d = tmp / "corpus"
    d.mkdir()
    for p in sorted(DEV_DOCS.glob("*.txt"))[:n]:
        shutil.copy(p, d / p.name)
    (d / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    return d


def export_counts(out: Path) -> dict[str, int]:
    """Pairs in each export file of a run."""
    text = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.name.startswith("corpus.")}
    return {
        "tmx": text["corpus.tmx"].count("<tu "),
        "tsv": len(list(csv.reader(io.StringIO(text["corpus.tsv"], newline=""), delimiter="\t"))) - 1,
        "jsonl": len(text["corpus.jsonl"].splitlines()),
        **{f"moses{s}": len(text[f"corpus.ar-en{s}"].splitlines()) for s in (".ar", ".en", ".ids")},
    }


@requires_shared("align-dev")
def test_run_with_decisions_exports_exactly_n_fewer_in_every_format(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    base = tmp_path / "base"
    r = CliRunner().invoke(app, ["run", str(src), "-o", str(base), "--encoder", "none", "-q"])
    assert r.exit_code == 1, r.output  # image.bin
    pairs = list(read_jsonl(base / "corpus.jsonl"))
    before = export_counts(base)
    assert set(before.values()) == {len(pairs)} and len(pairs) > 10
    rejected, accepted = pairs[1:8:2], pairs[0:8:2]
    decisions = [Decision(p.doc_id, (p.ar_start, p.ar_end), (p.en_start, p.en_end), "reject") for p in rejected]
    decisions += [Decision(p.doc_id, (p.ar_start, p.ar_end), (p.en_start, p.en_end), "accept") for p in accepted]
    p0 = pairs[0]
    decisions.append(Decision(p0.doc_id, (p0.ar_start, p0.ar_end), (0, 3), "reject"))  # not a pair of the run
    decisions.append(Decision("gone", (0, 5), (6, 9), "accept"))
    decisions.append(Decision("image", (0, 5), (6, 9), "accept"))
    write_decisions(decisions, tmp_path / "decisions.jsonl")

    out = tmp_path / "out"
    args = ["run", str(src), "-o", str(out), "--encoder", "none", "--decisions", str(tmp_path / "decisions.jsonl")]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 1
    assert f"{len(accepted)} accepted, {len(rejected)} rejected pairs dropped, 3 matched no pair" in r.stderr
    after = export_counts(out)
    assert after == {k: v - len(rejected) for k, v in before.items()}
    gone = {(p.doc_id, p.ar_start, p.en_start) for p in rejected}
    assert not gone & {(p.doc_id, p.ar_start, p.en_start) for p in read_jsonl(out / "corpus.jsonl")}
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (m["decisions_read"], m["pairs_accepted"], m["pairs_rejected"], m["decisions_unmatched"]) == (
        len(decisions),
        len(accepted),
        len(rejected),
        3,
    )
    assert m["pairs_written"] == m["pairs_found"] - m["pairs_rejected"] - m["duplicates_dropped"]
    assert m["parameters"]["decisions"] == str(tmp_path / "decisions.jsonl") and "decisions_sha256" in m["parameters"]
    unmatched = [json.loads(x) for x in (out / "decisions_unmatched.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(u["doc_id"], u["reason"][:24]) for u in unmatched] == [
        (p0.doc_id, "its Arabic is now paired"),
        ("gone", "the document is not in t"),
        ("image", "the document failed in t"),
    ]

    only = tmp_path / "only"
    r = CliRunner().invoke(app, [*args[:3], str(only), *args[4:], "--undecided", "drop", "-q"])
    assert set(export_counts(only).values()) == {len(accepted)}


@requires_shared("align-dev")
def test_run_review_with_decisions_survives_an_interruption(tmp_path: Path) -> None:
    src = _corpus(tmp_path, n=6)
    write_decisions([Decision("v0001", (0, 5), (6, 9), "reject")], tmp_path / "d.jsonl")
    options = RunOptions(encoder="none", review=True, decisions=str(tmp_path / "d.jsonl"))
    whole = tmp_path / "whole"
    Pipeline(options, chunk_size=2).run([src], whole)

    class Stop(Exception):
        pass

    def stop_after_two_chunks(done: int, failed: int) -> None:
        if done >= 4:
            raise Stop

    cut = tmp_path / "cut"
    with pytest.raises(Stop):
        Pipeline(options, chunk_size=2, progress=stop_after_two_chunks).run([src], cut)
    assert not (cut / "review.html").exists()
    Pipeline(options, chunk_size=2).run([src], cut, resume=True)
    cut_files, whole_files = run_files(cut), run_files(whole)  # the manifests without their timing
    for name in ("review.html", "corpus.jsonl", "decisions_unmatched.jsonl", "manifest.json"):
        assert cut_files[name] == whole_files[name], name
    summary, blocks = page_parts((whole / "review.html").read_text(encoding="utf-8"))
    assert len(summary["docs"]) == len(blocks) == 6 and summary["failed"][0]["doc_id"] == "image"
    assert summary["meta"]["decisions"] == [["v0001", 0, 5, 6, 9, "reject"]]
    m = json.loads((whole / "manifest.json").read_text(encoding="utf-8"))
    assert "review.html" in m["outputs"] and m["decisions_unmatched"] == 1
    assert sum(len(d["pairs"]) for d in summary["docs"]) == m["pairs_found"]
