from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from bilingual.io import DecodeError, ReadFailure, decode_bytes, iter_documents

ARTICLE = "The minister spoke.\nقال الوزير إن الجسر سيفتح في حزيران.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-bom"),
        (ARTICLE.encode("utf-16"), "utf-16-bom"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16-bom"),
        (ARTICLE.encode("cp1256"), "windows-1256"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    text, enc = decode_bytes(data)
    assert text == ARTICLE
    assert enc == encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Привет мир, это текст".encode("koi8-r") * 3, "not Windows-1256 Arabic"),
    ],
)
def test_undecodable(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def _write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def test_directory_batch_goes_on_and_reports_each_failure(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", ARTICLE.encode())
    _write(tmp_path, "sub/b.txt", ARTICLE.encode("cp1256"))
    _write(tmp_path, "sub/empty.txt", b"")
    _write(tmp_path, "sub/blank.txt", b"  \n\n")
    _write(tmp_path, "img.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(tmp_path, ".hidden.txt", b"ignored")
    lines = [
        json.dumps({"id": "j1", "text": ARTICLE, "url": "http://x"}),
        "{broken",
        json.dumps({"id": "j3"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "No id here."}),
    ]
    _write(tmp_path, "c.jsonl", "\n".join(lines).encode())
    items = list(iter_documents([tmp_path, tmp_path / "missing.txt"]))
    docs = [i for i in items if not isinstance(i, ReadFailure)]
    fails = [i for i in items if isinstance(i, ReadFailure)]
    assert sorted(d.id for d in docs) == ["a", "b", "c:6", "j1"]
    assert {d.id: d.metadata["encoding"] for d in docs if "encoding" in d.metadata} == {
        "a": "utf-8",
        "b": "windows-1256",
    }
    assert next(d for d in docs if d.id == "j1").metadata["url"] == "http://x"
    reasons = {f.source.replace(str(tmp_path), ""): f.reason for f in fails}
    assert reasons["/c.jsonl:2"].startswith("malformed JSON")
    assert reasons["/c.jsonl:3"] == 'missing "text" string field'
    assert "must be an object" in reasons["/c.jsonl:5"]
    assert reasons["/img.png"].startswith("binary file")
    assert reasons["/sub/empty.txt"] == "empty file"
    assert reasons["/sub/blank.txt"].startswith("empty document")
    assert reasons["/missing.txt"] == "no such file or directory"
    assert len(items) == 11


def test_stdin_text_and_jsonl() -> None:
    (doc,) = iter_documents(["-"], stdin=io.BytesIO(ARTICLE.encode()))
    assert not isinstance(doc, ReadFailure) and doc.id == "stdin" and doc.text == ARTICLE
    data = (json.dumps({"id": "x", "text": "Hi."}) + "\n" + json.dumps({"id": "y", "text": "Yo."}) + "\n").encode()
    assert [d.id for d in iter_documents(["-"], stdin=io.BytesIO(data))] == ["x", "y"]  # type: ignore[union-attr]


def test_jsonl_lone_surrogate_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    p = _write(tmp_path, "s.jsonl", b'{"id": "s", "text": "bad \\ud800 text"}\n')
    (item,) = iter_documents([p])
    assert isinstance(item, ReadFailure) and "lone surrogate" in item.reason
