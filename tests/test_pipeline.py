"""Corpus runs on the seeds and align-dev: all formats, manifest counts, failures reported, determinism across
jobs and engines, resume. The same on the team-written documents (no ../shared needed) is in test_fixtures.py."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from bilingual.cli import app
from bilingual.export import read_jsonl, read_tmx
from bilingual.pipeline import Pipeline, RunOptions

from .conftest import (
    ALIGN_DEV,
    SEEDS,
    assert_spans_point_into_sources,
    outputs_of_each_engine,
    requires_shared,
    run_files,
)

DEV_DOCS = ALIGN_DEV / "align_docs"

pytestmark = requires_shared("seeds", "align-dev")


def corpus(tmp: Path, n_dev: int = 12) -> Path:
    """Seeds, some align-dev documents, a duplicate, and bad inputs of every kind."""
    d = tmp / "corpus"
    d.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, d / p.name)
    for p in sorted(DEV_DOCS.glob("*.txt"))[:n_dev]:
        shutil.copy(p, d / p.name)
    shutil.copy(DEV_DOCS / "v0001.txt", d / "v0001-copy.txt")  # the same pairs again
    (d / "bad-1256-not.txt").write_bytes("Привет мир, это текст".encode("koi8-r") * 4)
    (d / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (d / "empty.txt").write_bytes(b"")
    (d / "more.jsonl").write_text(
        json.dumps({"id": "j1", "text": (DEV_DOCS / "v0002.txt").read_text(encoding="utf-8")}) + "\n{not json\n",
        encoding="utf-8",
    )
    return d


def files(out: Path) -> dict[str, bytes]:
    return run_files(out)


def test_run_writes_every_format_and_counts_add_up(tmp_path: Path) -> None:
    src = corpus(tmp_path)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["run", str(src), "-o", str(out)])
    assert r.exit_code == 1, r.output  # some inputs are bad
    assert "failed" in r.stderr and "errors.jsonl" in r.stderr
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["documents_read"] == m["documents_succeeded"] + m["documents_failed"] == 5 + 12 + 1 + 3 + 2
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    reasons = {Path(e["source"]).name: e["reason"] for e in errors}
    assert reasons.keys() == {"bad-1256-not.txt", "image.bin", "empty.txt", "more.jsonl:2"}
    assert m["documents_failed"] == 4
    assert m["duplicates_dropped"] >= 2  # the copy of v0001 repeats its pairs
    pairs = list(read_jsonl(out / "corpus.jsonl"))
    assert len(pairs) == m["pairs_written"] == m["pairs_found"] - m["duplicates_dropped"] > 20
    assert [p.ar for p in read_tmx(out / "corpus.tmx")] == [p.ar for p in pairs]
    lines = {s: len((out / f"corpus.ar-en.{s}").read_text(encoding="utf-8").splitlines()) for s in ("ar", "en", "ids")}
    assert set(lines.values()) == {len(pairs)}
    assert not (out / ".bilingual-partial").exists()
    assert_spans_point_into_sources(pairs)


def test_jobs_and_dask_write_the_same_bytes(tmp_path: Path) -> None:
    outs = outputs_of_each_engine(corpus(tmp_path, n_dev=8), tmp_path, chunk_size=5)
    assert outs["one"] == outs["two"] == outs["dask"]


def test_normalised_export_keeps_the_raw_arabic(tmp_path: Path) -> None:
    out = tmp_path / "out"
    Pipeline(RunOptions(formats=("jsonl",), normalize="search")).run([SEEDS / "000_e860bb3c3b32c8e3.txt"], out)
    (first, *_) = read_jsonl(out / "corpus.jsonl")
    assert "إنهاءه" in first.ar_raw and "انهاءه" in first.ar


def test_resume_after_kill_gives_the_same_files(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    for i, p in enumerate(sorted(DEV_DOCS.glob("*.txt"))[:40]):
        shutil.copy(p, src / f"{i:03d}.txt")
    for i, p in enumerate(sorted(SEEDS.glob("*.txt")) * 8):
        shutil.copy(p, src / f"seed{i:03d}.txt")
    full = tmp_path / "full"
    Pipeline(RunOptions(), chunk_size=2).run([src], full)
    cut = tmp_path / "cut"
    cmd = [sys.executable, "-m", "bilingual", "run", str(src), "-o", str(cut), "--chunk-size", "2", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state = cut / ".bilingual-partial" / "state.json"
    deadline = time.time() + 120
    while time.time() < deadline:
        if state.exists() and json.loads(state.read_text() or "{}").get("documents_done", 0) >= 10:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (cut / "manifest.json").exists(), "the run finished before it could be interrupted"
    r = subprocess.run([*cmd, "--resume"], capture_output=True, check=False)
    assert r.returncode == 0, r.stderr
    assert files(cut) == files(full)
