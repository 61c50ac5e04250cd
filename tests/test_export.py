"""Export formats: TMX 1.4b structure (checked against the spec's rules) and read back by translate-toolkit,
TSV/JSONL round trips, Moses line counts, escaping, forbidden characters, XXE-safe reading."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bilingual.export import ExportPair, make_writer, read_jsonl, read_tmx, read_tsv, writer_suffixes

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
    ),
    ExportPair("d1", "seeds/d1.txt", "سطر\tأول\nسطر ثان", "line\tone\n\nline two", 0.5, 80, 95, 100, 120),
    ExportPair("d2", "x.txt", "نص\x01فيه\x0bتحكم", "text\x01with\ufffecontrols", 0.4, 1, 2, 3, 4, ar_raw="نصّ"),
]


def write(fmt: str, tmp: Path, pairs: list[ExportPair] = PAIRS) -> tuple[dict[str, Path], int]:
    paths = {suf: tmp / f"corpus{suf}" for suf in writer_suffixes(fmt)}
    handles = {suf: p.open("w", encoding="utf-8", newline="\n") for suf, p in paths.items()}
    w = make_writer(fmt, handles, "9.9")
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
    assert back[0] == PAIRS[0]
    assert back[2].ar == "نصفيهتحكم" and back[2].en == "textwithcontrols" and back[2].ar_raw == "نصّ"


def test_tmx_read_by_translate_toolkit(tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    paths, _ = write("tmx", tmp_path, PAIRS[:2])
    store = tmxfile(paths[".tmx"].read_bytes())
    units = [u for u in store.units if not u.isheader()]
    assert [(u.source, u.target) for u in units] == [(p.ar, p.en) for p in PAIRS[:2]]


def test_tsv_and_jsonl_round_trip(tmp_path: Path) -> None:
    tsv, _ = write("tsv", tmp_path)
    lines = tsv[".tsv"].read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith("ar\ten\tscore\tdoc\t")
    assert len(lines) == len(PAIRS) + 2  # header, one line per pair, final newline
    assert list(read_tsv(tsv[".tsv"])) == PAIRS
    js, _ = write("jsonl", tmp_path)
    assert list(read_jsonl(js[".jsonl"])) == PAIRS


def test_moses_files_have_equal_line_counts(tmp_path: Path) -> None:
    paths, flattened = write("moses", tmp_path)
    counts = {suf: len(p.read_text(encoding="utf-8").splitlines()) for suf, p in paths.items()}
    assert set(counts.values()) == {len(PAIRS)}
    assert flattened == 4  # the line breaks inside segments became spaces
    ids = paths[".ar-en.ids"].read_text(encoding="utf-8").splitlines()
    assert ids[0] == "d1\t0:30\t40:70\t0.9100"


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
