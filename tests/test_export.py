"""Export formats: TMX 1.4b structure (checked against the spec's rules) and read back by translate-toolkit,
TSV read back by pandas and csv, JSONL through Hugging Face datasets, Moses/OPUS columns, unpaired.jsonl,
the Python export API, escaping, forbidden characters, XXE-safe reading (issue 12, items 1-4 and 6)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import bilingual
from bilingual.export import (
    TSV_COLUMNS,
    ExportPair,
    make_writer,
    read_jsonl,
    read_tmx,
    read_tsv,
    read_unpaired,
    writer_suffixes,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PAIRS = [
    ExportPair(
        "d1",
        "seeds/d1.txt",
        'العراق يرفض <b>&</b> "الاتهامات"',
        'Iraq rejects <b>&</b> "charges"',
        0.91,
        0,
        30,
        40,
        70,
        "قيس الخزعلي",
        "Qais_alkhazali",
        "2019-02-10",
        kind="paraphrase",
        unit="tweet",
    ),
    ExportPair("d1", "seeds/d1.txt", "سطر\tأول\nسطر ثان", "line\tone\n\nline two", 0.5, 80, 95, 100, 120),
    ExportPair("d2", "x.txt", "نص\x01فيه\x0bتحكم", "text\x01with\ufffecontrols", 0.4, 1, 2, 3, 4, ar_raw="نصّ"),
    # Cells that start with a quote (align-dev v0031 shifted pandas' columns), a lone CR, CRLF, a backslash.
    ExportPair(
        "v0031",
        "v0031.txt",
        '"قال" إنه\r\nسيعود',
        '"He said" he\rwould \\n return',
        0.8123,
        5,
        9,
        10,
        20,
        kind="gloss",
        unit="hashtag",
    ),
]
# What XML 1.0 can hold of each pair (the controls of PAIRS[2] are removed from TMX, and counted).
TMX_SAFE = [PAIRS[0], PAIRS[1], PAIRS[3]]


def write(fmt: str, tmp: Path, pairs: list[ExportPair] = PAIRS) -> tuple[dict[str, Path], int]:
    paths = {suf: tmp / f"corpus{suf}" for suf in writer_suffixes(fmt)}
    handles = {suf: p.open("w", encoding="utf-8", newline="\n") for suf, p in paths.items()}
    w = make_writer(fmt, handles, "9.9", "20240101T120000Z")
    w.header()
    for p in pairs:
        w.write(p)
    w.footer()
    for h in handles.values():
        h.close()
    return paths, w.removed_chars


def check_tmx_14b(path: Path) -> ET.Element:
    """The TMX 1.4b rules this toolkit relies on, from the specification."""
    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert [c.tag for c in root] == ["header", "body"]
    header = root.find("header")
    assert header is not None
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    assert header.get("segtype") in ("block", "paragraph", "sentence", "phrase")
    assert header.get("srclang") == "ar"
    body = root.find("body")
    assert body is not None
    for tu in body:
        assert tu.tag == "tu"
        tags = [c.tag for c in tu]
        first_tuv = tags.index("tuv")
        assert all(t in ("note", "prop") for t in tags[:first_tuv]) and all(t == "tuv" for t in tags[first_tuv:])
        assert all(p.get("type") for p in tu.findall("prop"))
        langs = [tuv.get(XML_LANG) for tuv in tu.findall("tuv")]
        assert langs == ["ar", "en"]  # two languages only: CAT tools import nothing else
        for tuv in tu.findall("tuv"):
            assert [c.tag for c in tuv] == ["seg"]
    return root


def test_tmx_structure_escaping_and_forbidden_characters(tmp_path: Path) -> None:
    paths, removed = write("tmx", tmp_path)
    root = check_tmx_14b(paths[".tmx"])
    segs = [tu.find("tuv/seg").text for tu in root.iter("tu")]  # type: ignore[union-attr]
    assert segs[0] == PAIRS[0].ar  # markup came back as text: it was escaped
    assert removed == 4  # \x01 twice, \x0b and U+FFFE: XML 1.0 forbids them
    back = list(read_tmx(paths[".tmx"]))
    assert back[0] == PAIRS[0] and back[3] == PAIRS[3]
    assert back[2].ar == "نصفيهتحكم" and back[2].en == "textwithcontrols" and back[2].ar_raw == "نصّ"
    header = root.find("header")
    assert header is not None and header.get("segtype") == "block"  # the units are blocks, not sentences
    assert header.get("creationtool") == "bilingual" and header.get("creationtoolversion") == "9.9"
    tus = list(root.iter("tu"))
    assert [tu.get("segtype") for tu in tus] == ["block", "paragraph", "paragraph", "phrase"]
    assert {tu.get("creationdate") for tu in tus} == {"20240101T120000Z"}
    props = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert (props["x-kind"], props["x-unit"], props["x-lang"]) == ("paraphrase", "tweet", "ar")


def test_tmx_round_trip_through_translate_toolkit(tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    paths, _ = write("tmx", tmp_path, TMX_SAFE)
    store = tmxfile(paths[".tmx"].read_bytes())
    units = [u for u in store.units if not u.isheader()]
    assert [(u.source, u.target) for u in units] == [(p.ar, p.en) for p in TMX_SAFE]
    assert [u.getid() for u in units] == [f"{p.doc_id}:{p.ar_start}:{p.en_start}" for p in TMX_SAFE]
    assert list(read_tmx(paths[".tmx"])) == TMX_SAFE


def test_tsv_round_trip_through_pandas_and_csv(tmp_path: Path) -> None:
    import csv

    import pandas as pd

    tsv, _ = write("tsv", tmp_path)
    assert list(read_tsv(tsv[".tsv"])) == PAIRS
    # Python's csv module, its defaults but the tab: every cell exactly as written.
    with tsv[".tsv"].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0] == list(TSV_COLUMNS) and len(rows) == len(PAIRS) + 1
    assert [(r[0], r[1], float(r[2]), r[3], r[6]) for r in rows[1:]] == [
        (p.ar, p.en, p.score, p.kind, p.doc_id) for p in PAIRS
    ]
    # pandas with its defaults: no row or column shifts, text and numbers exact; empty cells are NaN, as
    # pandas reads every empty cell (keep_default_na=False keeps them as "").
    df = pd.read_csv(tsv[".tsv"], sep="\t")
    assert list(df.columns) == list(TSV_COLUMNS) and len(df) == len(PAIRS)
    assert df["ar"].tolist() == [p.ar for p in PAIRS] and df["en"].tolist() == [p.en for p in PAIRS]
    assert df["score"].tolist() == [p.score for p in PAIRS] and df["ar_start"].tolist() == [p.ar_start for p in PAIRS]
    assert df["kind"].tolist() == [p.kind for p in PAIRS] and df["doc"].tolist() == [p.doc_id for p in PAIRS]
    assert df["author"].fillna("").tolist() == [p.author for p in PAIRS]
    exact = pd.read_csv(tsv[".tsv"], sep="\t", dtype=str, keep_default_na=False)
    assert exact.values.tolist() == rows[1:]


def test_tsv_read_back_by_libreoffice(tmp_path: Path) -> None:
    """LibreOffice's text import with the settings a tab-separated file gets (separator Tab, string delimiter
    ", UTF-8), headless: every cell comes back, numbers as numbers."""
    import csv
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("needs LibreOffice (soffice), which is not installed")
    tsv, _ = write("tsv", tmp_path, TMX_SAFE)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--infilter=CSV:9,34,76",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):9,34,76",
            "--outdir",
            str(tmp_path / "lo"),
            str(tsv[".tsv"]),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    with (tmp_path / "lo" / "corpus.csv").open(encoding="utf-8", newline="") as fh:
        back = list(csv.reader(fh, delimiter="\t"))
    with tsv[".tsv"].open(encoding="utf-8", newline="") as fh:
        written = list(csv.reader(fh, delimiter="\t"))
    assert len(back) == len(written) and back[0] == written[0]
    score = written[0].index("score")

    def cell_text(cells: list[str]) -> list[str]:  # a spreadsheet cell's line break is LF: CRLF and CR become one
        return [re.sub("\r\n?", "\n", c) for c in cells[:score] + cells[score + 1 :]]

    for got, row in zip(back[1:], written[1:], strict=True):
        assert float(got[score]) == float(row[score])
        assert cell_text(got) == cell_text(row)


def test_jsonl_gives_datasets_a_translation_column(tmp_path: Path) -> None:
    from datasets import load_dataset

    js, _ = write("jsonl", tmp_path)
    assert list(read_jsonl(js[".jsonl"])) == PAIRS
    ds = load_dataset("json", data_files=str(js[".jsonl"]), split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.column_names[0] == "translation"
    assert ds.features["translation"].keys() == {"ar", "en"}
    assert ds["translation"] == [{"ar": p.ar, "en": p.en} for p in PAIRS]
    assert {"doc_id", "score", "kind", "unit", "lang", "author", "ar_start"} <= set(ds.column_names)
    assert ds["kind"] == [p.kind for p in PAIRS] and ds["score"] == [p.score for p in PAIRS]


def test_moses_files_have_equal_line_counts_and_opus_ids(tmp_path: Path) -> None:
    paths, flattened = write("moses", tmp_path)
    counts = {suf: len(p.read_text(encoding="utf-8").splitlines()) for suf, p in paths.items()}
    assert set(counts.values()) == {len(PAIRS)}
    assert flattened == 6  # the line breaks inside segments became spaces
    ids = paths[".ar-en.ids"].read_text(encoding="utf-8").splitlines()
    assert ids[0] == "d1\td1\t0:30\t40:70"  # OPUS: src_doc trg_doc src_ids trg_ids
    meta = paths[".ar-en.meta"].read_text(encoding="utf-8").splitlines()
    assert meta[0] == "0.9100\tparaphrase\ttweet\tar"


UNPAIRED_TEXT = """Officials in Baghdad met on Monday to discuss the new budget for schools and hospitals.
سنبني مدارس جديدة في كل محافظة هذا العام، وهذا وعد للجميع
— Ahmed Ali (@ahmed_ali) March 3, 2021
The minister wrote in a tweet that new schools will be built in every province this year, calling it a promise.
الطقس جميل اليوم في بغداد والسماء صافية تماما
— Sara Hadi (@sara_hadi) March 4, 2021
Markets were closed for the holiday.
"""


def test_write_api_on_an_alignment_result_with_unpaired(tmp_path: Path) -> None:
    doc = bilingual.segment_text(UNPAIRED_TEXT, "t1")
    result = bilingual.align(doc, min_score=0.95)
    assert len(result.pairs) == 1 and len(result.unpaired) == 1
    written = bilingual.export.write(result, tmp_path / "out", documents=[doc])
    names = sorted(p.name for p in written)
    assert names == sorted(
        ["corpus.tmx", "corpus.tsv", "corpus.jsonl", "unpaired.jsonl"]
        + [f"corpus.ar-en.{s}" for s in ("ar", "en", "ids", "meta")]
    )
    (pair,) = read_jsonl(tmp_path / "out" / "corpus.jsonl")
    assert (pair.kind, pair.unit, pair.lang, pair.handle) == ("translation", "tweet", "ar", "ahmed_ali")
    (u,) = read_unpaired(tmp_path / "out" / "unpaired.jsonl")
    assert u.text == doc.text[u.ar_start : u.ar_end] and u.text.startswith("الطقس")
    assert (u.doc_id, u.unit, u.lang, u.author, u.handle, u.date) == (
        "t1",
        "tweet",
        "ar",
        "Sara Hadi",
        "sara_hadi",
        "2021-03-04",
    )
    assert u.best_en == doc.text[u.best_en_start : u.best_en_end] and u.best_en  # type: ignore[misc]
    assert u.best_score is not None and u.best_score < 0.95 and "0.95" in u.reason
    # One file by its suffix; a list of pairs; the records read back equal.
    one = bilingual.export.write([pair], tmp_path / "one.tsv")
    assert one == [tmp_path / "one.tsv"] and list(read_tsv(one[0])) == [pair]
    with pytest.raises(ValueError, match="unknown format"):
        bilingual.export.write(result, tmp_path / "x", formats=["xml"])


def test_public_modules_declare_all() -> None:
    import importlib

    for name in (
        "bilingual",
        "bilingual.export",
        "bilingual.pipeline",
        "bilingual.align",
        "bilingual.io",
        "bilingual.model",
        "bilingual.segment",
        "bilingual.normalization",
        "bilingual.review",
        "bilingual.web",
        "bilingual.embeds",
        "bilingual.progress",
        "bilingual.cli",
        "bilingual.encoders",
        "bilingual.cache",
    ):
        module = importlib.import_module(name)
        assert isinstance(getattr(module, "__all__", None), list), name
        for attr in module.__all__:
            assert hasattr(module, attr), f"{name}.{attr}"


def test_tmx_reader_refuses_entities(tmp_path: Path) -> None:
    from defusedxml import EntitiesForbidden

    evil = tmp_path / "evil.tmx"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="ar"><seg>&xxe;</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    with pytest.raises(EntitiesForbidden):
        list(read_tmx(evil))
    _ = io
