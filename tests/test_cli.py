from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from bilingual import Document, __version__
from bilingual.cli import app

from .conftest import SEEDS, fixture_path, requires_shared, seed_path

runner = CliRunner()


def test_version() -> None:
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and __version__ in r.stdout


def test_help_explains_commands() -> None:
    r = runner.invoke(app, ["segment", "--help"])
    assert r.exit_code == 0
    assert "tweet" in r.stdout and "--format" in r.stdout


@requires_shared("seeds")
def test_segment_seeds_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    r = runner.invoke(app, ["segment", str(SEEDS), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    docs = [Document.from_dict(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 5
    assert docs[0].id == seed_path("000").stem
    assert len(docs[0].of_kind("tweet")) == 2


def test_segment_table_to_stdout() -> None:
    r = runner.invoke(app, ["segment", str(fixture_path("tweets")), "--format", "table", "-q"])
    assert r.exit_code == 0
    assert "attribution" in r.stdout and "handle=Nadia_Rubaie" in r.stdout


def test_align_table_keeps_one_line_per_row_and_shows_kind_and_best_candidate(tmp_path: Path) -> None:
    doc = tmp_path / "post.txt"
    doc.write_text(
        "The ministry posted a two-line statement on Monday.\n\n"
        "الجسر الجديد سيفتح في حزيران\nشكرا لكل العاملين\n\n"
        "The new bridge will open in June. Thanks to all the workers, the ministry said.\n\n"
        "وقال مواطن إن الطريق إلى المدينة مزدحم منذ الصباح الباكر بسبب الأمطار الغزيرة\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["align", str(doc), "--format", "table", "--encoder", "none", "-q"])
    assert r.exit_code == 0, r.output
    rows = r.stdout.splitlines()
    ar_rows = [x for x in rows if " AR " in x]
    assert ar_rows and all(x.count("AR ") == 1 for x in ar_rows)
    # A two-line post stays on one row, its line break shown as \n.
    assert any("حزيران\\nشكرا" in x for x in ar_rows)
    paired = [x for x in ar_rows if not x.lstrip().startswith("--")]
    assert all(any(k in x for k in ("translation", "paraphrase", "partial", "gloss")) for x in paired)
    unpaired = [i for i, x in enumerate(rows) if x.lstrip().startswith("--")]
    assert paired and unpaired
    assert all(rows[i + 1].lstrip().startswith("best candidate") for i in unpaired if i + 1 < len(rows))


def test_partial_failure_exits_1_and_lists_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    huge = tmp_path / "huge.txt"
    huge.write_text("a" * 2_000_001, encoding="utf-8")
    good = fixture_path("tweets")
    r = runner.invoke(app, ["segment", str(good), str(bad), str(huge), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 1
    assert f"{bad}: binary file" in r.stderr
    assert f"{huge}: a single paragraph of 2,000,001 characters" in r.stderr
    assert "1 document processed, 2 failed" in r.stderr
    assert len((tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_usage_error_exits_2() -> None:
    assert runner.invoke(app, ["segment", "x", "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["segment"]).exit_code == 2


def test_console_script_reads_stdin() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "bilingual", "segment", "-", "-q"],
        input="Hello there.\nمرحبا بكم.\n".encode(),
        capture_output=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["id"] == "stdin" and [s["lang"] for s in doc["segments"] if "parent" not in s] == ["en", "ar"]


def test_normalize_file_keeps_line_ends(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes("أحمد إلى\r\nHello \u200fWorld\nمدرسة".encode())
    out = tmp_path / "out.txt"
    r = runner.invoke(app, ["normalize", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == "احمد الي\r\nHello \u200fWorld\nمدرسه".encode()
    r = runner.invoke(app, ["normalize", str(src), "-o", str(out), "--profile", "search"])
    assert out.read_bytes() == "احمد الي\r\nHello World\nمدرسه".encode()


def test_normalize_stdin_and_show_changes() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "bilingual", "normalize", "-", "--profile", "search", "--show-changes"],
        input="نص عادي\nقال ٣٫٥\u200f\n".encode(),
        capture_output=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().splitlines() == [
        "line 2: 4 change(s)",
        "  4: ٣ → 3",
        "  5: ٫ → .",
        "  6: ٥ → 5",
        "  7: <U+200F RIGHT-TO-LEFT MARK> → ∅",
    ]
    assert "1 of 2 lines changed by profile search" in r.stderr.decode()


def test_normalize_errors(tmp_path: Path) -> None:
    assert runner.invoke(app, ["normalize", "-", "--profile", "nfc"]).exit_code == 2
    r = runner.invoke(app, ["normalize", str(tmp_path / "missing.txt")])
    assert r.exit_code == 2 and "missing.txt" in r.stderr  # a typo is a usage error
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\xfe\xfa\n")
    r = runner.invoke(app, ["normalize", str(bad), "-o", str(tmp_path / "o.txt")])
    assert r.exit_code == 1 and "line 2 is not valid utf-8" in r.stderr
