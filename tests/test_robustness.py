"""Hostile input, large input, interruptions and two runs at once (issue 11): one test per probe, with
the large sizes scaled down (full sizes in scripts/stress.py). XXE in TMX: test_export.py.

Each probe checks the exit status, the one-line message, and what lands in errors.jsonl and the
manifest. Probes that held before the issue are here too, so they keep holding."""

from __future__ import annotations

import codecs
import csv
import errno
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bilingual.budget import AlignBudget, BudgetExceeded
from bilingual.cli import app
from bilingual.export import TSV_COLUMNS, read_jsonl, read_pairs, read_tsv
from bilingual.io import ReadFailure, ReadLimits, iter_documents, read_text_bytes
from bilingual.labels import escape_label
from bilingual.outlock import LOCK_NAME, OutputLock, OutputLocked
from bilingual.pipeline import Pipeline, RunOptions

from .conftest import ALIGN_DEV, FIXTURES, requires_shared

DEV_DOCS = ALIGN_DEV / "align_docs"
needs_shared = requires_shared("align-dev")  # skips without ../shared/align-dev; fails under CI=true
runner = CliRunner()
FAST = RunOptions(encoder="none")  # no sentence encoder: the probes are about robustness, not scores


def dev_text(name: str = "v0001") -> str:
    return (DEV_DOCS / f"{name}.txt").read_text(encoding="utf-8")


def errors_of(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def manifest_of(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def cli(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """The real console entry point in a child process (stdio, signals and exit codes as a user sees them)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run(
        [sys.executable, "-m", "bilingual", *args], input=stdin, capture_output=True, timeout=timeout, env=env
    )


def flat(text: str) -> str:
    """Usage errors come in a box that wraps the message: the words, without the box."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


def one_line_error(stderr: str | bytes) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    (line,) = [ln for ln in text.splitlines() if ln.startswith("bilingual: error: ")]
    return line


# --- What held before the issue ---------------------------------------------------------------------------


@needs_shared
def test_bad_encodings_binaries_and_empty_files_fail_alone(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = dev_text()
    (src / "good.txt").write_text(text, encoding="utf-8")
    (src / "utf16.txt").write_bytes(text.encode("utf-16"))  # with BOM: read
    (src / "utf16-nobom.txt").write_bytes(text.encode("utf-16-le"))  # NUL bytes, no BOM: binary
    (src / "cp1256.txt").write_bytes("قال الوزير إن الجسر سيفتح.\nThe minister said.\n".encode("cp1256"))
    (src / "invalid-utf8.txt").write_bytes("Привет мир, это текст".encode("koi8-r") * 4)
    (src / "nul.txt").write_bytes(b"text\x00more")
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_bytes(b" \n\t\n")
    (src / "huge-line.txt").write_bytes(b"a" * 2_000_001)
    out = tmp_path / "out"
    m = Pipeline(RunOptions(encoder="none", dedup=False)).run([src], out)
    reasons = {Path(e["source"]).name: e["reason"] for e in errors_of(out)}
    assert reasons.keys() == {
        "utf16-nobom.txt",
        "invalid-utf8.txt",
        "nul.txt",
        "empty.txt",
        "blank.txt",
        "huge-line.txt",
    }
    assert reasons["nul.txt"].startswith("binary file (NUL byte at offset 4)")
    assert "a single paragraph of 2,000,001 characters" in reasons["huge-line.txt"]
    assert m.documents_read == 9 and m.documents_succeeded == 3 and m.documents_failed == 6
    assert {p.source.rsplit("/", 1)[-1] for p in read_jsonl(out / "corpus.jsonl")} >= {"good.txt", "utf16.txt"}


# --- 1. One long document: the per-document budget -------------------------------------------------------


def long_document(lines: int) -> str:
    """Many short numbered lines, Arabic and English (the shape scripts/stress.py uses at full size)."""
    ar = ["قال الوزير إن الجسر سيفتح.", "البحر غاضب اليوم.", "هل هذا صحيح؟"]
    en = ["The minister said the bridge will open.", "The sea is angry today.", "Is this true?"]
    return "\n".join(f"{i} {(ar if i % 2 else en)[i % 3]}" for i in range(lines)) + "\n"


@needs_shared
def test_document_past_the_block_budget_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"id": "good", "text": dev_text()}, {"id": "long", "text": long_document(300)}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", str(src), "-o", str(out), "--encoder", "none", "--max-align-blocks", "100"])
    assert r.exit_code == 1, r.output
    assert "1 over the alignment budget" in r.stderr
    (err,) = errors_of(out)
    assert err["doc_id"] == "long" and err["size"] == {"characters": len(rows[1]["text"]), "blocks": 300}
    assert err["reason"].startswith("too large to align: 300 blocks, over the limit of 100")
    m = manifest_of(out)
    assert (m["documents_failed"], m["documents_over_budget"], m["documents_succeeded"]) == (1, 1, 1)
    assert m["parameters"]["max_align_blocks"] == 100
    assert {p.doc_id for p in read_jsonl(out / "corpus.jsonl")} == {"good"}


def test_character_budget_is_checked_before_segmenting_and_skips_documents_without_arabic(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"id": "ar", "text": long_document(400)}, {"id": "en", "text": "An English line.\n" * 4000}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    m = Pipeline(RunOptions(encoder="none", max_align_chars=5_000)).run([src], out)
    (err,) = errors_of(out)
    assert err["doc_id"] == "ar" and err["size"] == {"characters": len(rows[0]["text"])}
    assert "characters, over the limit of 5,000" in err["reason"]
    assert m.documents_over_budget == 1 and m.documents_succeeded == 1  # English only: nothing to align


def test_alignment_time_budget() -> None:
    budget = AlignBudget(timeout=0.05)
    from bilingual.model import Document

    doc = Document(id="x", text="مرحبا\n")
    with pytest.raises(BudgetExceeded, match=r"time limit of 0\.05 s") as e:
        with budget.clock(doc):
            time.sleep(5)
    assert e.value.size["characters"] == 6
    with budget.clock(doc):  # under the limit: nothing happens, and the alarm is off afterwards
        pass
    time.sleep(0.1)


def test_alignment_time_budget_in_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bilingual.align import Aligner

    def slow_align(self: Any, doc: Any, min_score: Any = None) -> Any:
        time.sleep(5)

    monkeypatch.setattr(Aligner, "align", slow_align)
    src = tmp_path / "a.txt"
    src.write_text("قال الوزير.\nThe minister said.\n", encoding="utf-8")
    out = tmp_path / "out"
    m = Pipeline(RunOptions(encoder="none", align_timeout=0.1)).run([src], out)
    (err,) = errors_of(out)
    assert "time limit of 0.1 s" in err["reason"] and err["size"]["blocks"] == 2
    assert m.documents_over_budget == 1


def test_budget_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="max_blocks must be 0"):
        RunOptions(max_align_blocks=-1)
    assert runner.invoke(app, ["run", "x", "-o", "y", "--max-align-chars", "-5"]).exit_code == 2


def test_a_worker_that_dies_fails_its_document_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    import bilingual.pipeline

    real = bilingual.pipeline.process_document

    def oom_killed(item: Any, options: RunOptions) -> Any:  # forked workers inherit the patch
        if not isinstance(item, ReadFailure) and "KILLME" in item.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(item, options)

    monkeypatch.setattr(bilingual.pipeline, "process_document", oom_killed)
    src = tmp_path / "c.jsonl"
    texts = ["Hello.", "KILLME now.", "Bye.", "Again.", "And again."]
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    out = tmp_path / "out"
    m = Pipeline(FAST, jobs=2, chunk_size=5).run([src], out)
    (err,) = errors_of(out)
    assert err["doc_id"] == "d1" and "worker process died" in err["reason"]
    assert (m.documents_read, m.documents_succeeded, m.documents_failed) == (5, 4, 1)


# --- 2. Poisoned JSONL lines --------------------------------------------------------------------------------

POISON = {
    "digits": '{"id": "digits", "text": "x", "n": ' + "9" * 5000 + "}",
    "deep": '{"id": "deep", "text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "nested": '{"id": "nested", "text": "x", "a": ' + "[" * 500 + "]" * 500 + "}",
    "id-list": '{"id": ["x"], "text": "x"}',
    "surrogate-meta": '{"id": "s", "text": "x", "note": "\\ud800"}',
    "surrogate-text": '{"id": "t", "text": "bad \\udc00"}',
    "not-object": "[1, 2]",
    "broken": '{"id": "b", "text": ',
}


@pytest.mark.parametrize("kind", sorted(POISON))
def test_a_poisoned_jsonl_line_is_one_failed_record(tmp_path: Path, kind: str) -> None:
    good = json.dumps({"id": "good", "text": "Hello there."})
    src = tmp_path / "c.jsonl"
    src.write_text(f"{good}\n{POISON[kind]}\n{good.replace('good', 'good2')}\n", encoding="utf-8")
    items = list(iter_documents([src]))
    assert [getattr(i, "id", None) for i in items] == ["good", None, "good2"]
    failure = items[1]
    assert isinstance(failure, ReadFailure) and failure.source.endswith("c.jsonl:2")
    assert "\n" not in failure.reason and failure.reason


@needs_shared
def test_poisoned_corpus_exports_every_good_document(tmp_path: Path) -> None:
    goods = [{"id": f"g{i}", "source": f"doc-{i}", "text": dev_text(f"v000{i}")} for i in range(1, 4)]
    clean, poisoned = tmp_path / "clean.jsonl", tmp_path / "poisoned.jsonl"
    clean.write_text("".join(json.dumps(g) + "\n" for g in goods), encoding="utf-8")
    lines = [json.dumps(goods[0]), POISON["digits"], json.dumps(goods[1]), POISON["deep"], json.dumps(goods[2])]
    poisoned.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    Pipeline(FAST).run([clean], a)
    r = runner.invoke(app, ["run", str(poisoned), "-o", str(b), "--encoder", "none"])
    assert r.exit_code == 1, r.output
    assert (a / "corpus.jsonl").read_bytes() == (b / "corpus.jsonl").read_bytes()
    assert len(list(read_jsonl(b / "corpus.jsonl"))) > 0
    assert [e["source"].rsplit(":", 1)[1] for e in errors_of(b)] == ["2", "4"]
    m = manifest_of(b)
    assert (m["documents_read"], m["documents_succeeded"], m["documents_failed"]) == (5, 3, 2)


# --- 3. Reading without bounds ------------------------------------------------------------------------------


class CountingStream(io.RawIOBase):
    """An endless (or long) byte stream that counts what was taken from it."""

    def __init__(self, unit: bytes, total: int | None = None) -> None:
        self.unit, self.total, self.taken = unit, total, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = len(b) if self.total is None else min(len(b), self.total - self.taken)
        data = (self.unit * (n // len(self.unit) + 1))[:n]
        b[:n] = data
        self.taken += n
        return n


def buffered(raw: CountingStream) -> io.BufferedReader:
    return io.BufferedReader(raw, buffer_size=1 << 16)


def test_nul_stream_is_refused_after_the_first_chunk() -> None:
    raw = CountingStream(b"\x00")  # /dev/zero on stdin
    (item,) = iter_documents(["-"], stdin=buffered(raw))
    assert isinstance(item, ReadFailure) and item.reason.startswith("binary file (NUL byte at offset 0)")
    assert raw.taken <= 2 << 20


def test_endless_line_is_refused_past_the_line_limit() -> None:
    raw = CountingStream(b"a")  # a 50 MB (or endless) single line, scaled: limit 1,000 characters
    (item,) = iter_documents(["-"], stdin=buffered(raw), limits=ReadLimits(max_line_chars=1000))
    assert isinstance(item, ReadFailure) and "a single line of more than 4,000 bytes" in item.reason
    assert raw.taken <= 2 << 20


def test_endless_short_lines_are_refused_past_the_document_limit() -> None:
    raw = CountingStream(b"y\n")  # `yes | bilingual segment -`
    limits = ReadLimits(max_document_bytes=3 << 20)
    (item,) = iter_documents(["-"], stdin=buffered(raw), limits=limits)
    assert isinstance(item, ReadFailure) and "larger than 3,145,728 bytes" in item.reason
    assert raw.taken <= 5 << 20


def test_endless_jsonl_line_stops_the_file_not_the_run() -> None:
    raw = CountingStream(b"x")
    items = list(iter_documents(["-"], "jsonl", stdin=buffered(raw), limits=ReadLimits(max_document_bytes=1 << 20)))
    assert [type(i) for i in items] == [ReadFailure]
    assert "the rest of the file is not read" in items[0].reason  # type: ignore[union-attr]


def test_long_jsonl_line_fails_alone(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    big = json.dumps({"id": "big", "text": "a" * 3000})
    src.write_text(f'{{"id": "a", "text": "A."}}\n{big}\n{{"id": "b", "text": "B."}}\n', encoding="utf-8")
    items = list(iter_documents([src], limits=ReadLimits(max_document_bytes=1000)))
    assert [getattr(i, "id", "FAIL") for i in items] == ["a", "FAIL", "b"]


def test_utf16_with_bom_is_not_taken_for_binary() -> None:
    data = "قال الوزير.\nThe minister said.\n".encode("utf-16")
    assert read_text_bytes(io.BytesIO(data)) == data


def test_dev_zero_is_refused_by_name() -> None:
    r = cli("segment", "/dev/zero", "-q", timeout=60)
    assert r.returncode == 1
    assert "error: /dev/zero: not a regular file but a character device" in r.stderr.decode()


def test_fifo_is_refused_instead_of_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    items: list[Any] = []
    t = threading.Thread(target=lambda: items.extend(iter_documents([fifo])), daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "reading a FIFO with no writer hung"
    (item,) = items
    assert isinstance(item, ReadFailure) and "named pipe (FIFO)" in item.reason and "'-'" in item.reason
    r = runner.invoke(app, ["normalize", str(fifo)])
    assert r.exit_code == 1 and "named pipe" in r.stderr


def test_normalize_refuses_an_endless_line(tmp_path: Path) -> None:
    src = tmp_path / "one-line.txt"
    src.write_bytes(b"a" * (4_000_000 + 10))
    r = runner.invoke(app, ["normalize", str(src), "-o", str(tmp_path / "o.txt")])
    assert r.exit_code == 1 and "line 1 is longer than 4,000,000 bytes" in r.stderr


# --- 4. Ids that would corrupt outputs ------------------------------------------------------------------------

HOSTILE_IDS = ["a\u0001b", "tab\tid", "line\nbreak", "cr\rid", "sep\u2028id", "lone\ud800", "back\\slash", "ok-id"]


@needs_shared
def test_hostile_ids_read_back_the_same_from_every_format(tmp_path: Path) -> None:
    src = tmp_path / "ids.jsonl"
    text = dev_text()
    src.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in HOSTILE_IDS), encoding="utf-8")
    out = tmp_path / "out"
    m = Pipeline(RunOptions(encoder="none", dedup=False)).run([src], out)
    assert m.documents_failed == 0
    expected = [p.doc_id for p in read_jsonl(out / "corpus.jsonl")]
    assert set(expected) == {escape_label(i) for i in HOSTILE_IDS}
    assert {"a\\x01b", "tab\\tid", "line\\nbreak", "cr\\rid", "sep\\u2028id", "lone\\ud800", "back\\slash"} < set(
        expected
    )
    assert [p.doc_id for p in read_pairs(out / "corpus.tmx")] == expected
    assert [p.doc_id for p in read_tsv(out / "corpus.tsv")] == expected
    with (out / "corpus.tsv").open(encoding="utf-8", newline="") as fh:
        tsv_rows = list(csv.reader(fh, delimiter="\t"))[1:]
    assert len(tsv_rows) == len(expected) and all(len(row) == len(TSV_COLUMNS) for row in tsv_rows)
    ids = (out / "corpus.ar-en.ids").read_text(encoding="utf-8")
    rows = ids.splitlines()
    assert rows == ids.split("\n")[:-1]  # no line breaks but "\n" anywhere
    assert len(rows) == len(expected) == m.pairs_written
    assert [row.split("\t")[0] for row in rows] == expected and {len(row.split("\t")) for row in rows} == {4}
    for suffix in ("ar", "en"):
        assert len((out / f"corpus.ar-en.{suffix}").read_text(encoding="utf-8").splitlines()) == len(rows)


def test_file_names_that_are_not_utf8_do_not_break_the_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / os.fsdecode(b"caf\xe9.txt")).write_text("قال الوزير.\nThe minister said.\n", encoding="utf-8")
    (src / os.fsdecode(b"bad\xff.bin")).write_bytes(b"\x00\x01")
    out = tmp_path / "out"
    m = Pipeline(FAST).run([src], out)
    assert m.documents_read == 2 and m.documents_failed == 1
    (err,) = errors_of(out)
    assert err["doc_id"] == "bad\\udcff"


# --- 5. Two runs into one output folder ------------------------------------------------------------------------


def test_second_run_into_a_locked_folder_exits_2_naming_folder_and_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    src = tmp_path / "a.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    with OutputLock(out):
        assert (out / LOCK_NAME).read_text().strip() == str(os.getpid())
        r = runner.invoke(app, ["run", str(src), "-o", str(out), "--encoder", "none"])
        assert r.exit_code == 2
        line = one_line_error(r.stderr)
        assert f"output folder {out} is in use by another bilingual run (process {os.getpid()}" in line
        r = runner.invoke(app, ["run", str(src), "-o", str(out), "--encoder", "none", "--resume"])
        assert r.exit_code == 2
    assert not (out / LOCK_NAME).exists()
    assert runner.invoke(app, ["run", str(src), "-o", str(out), "--encoder", "none", "-q"]).exit_code == 0


def test_stale_lock_file_does_not_block(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text("999999999\n")  # left by a run killed with -9
    src = tmp_path / "a.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    assert runner.invoke(app, ["run", str(src), "-o", str(out), "--encoder", "none", "-q"]).exit_code == 0


def test_forked_children_do_not_keep_the_lock(tmp_path: Path) -> None:
    lock = OutputLock(tmp_path)
    lock.acquire()
    pid = os.fork()
    if pid == 0:  # a worker that outlives its parent's lock
        time.sleep(3)
        os._exit(0)
    try:
        assert lock._fd is not None
        os.close(lock._fd)  # the parent dies without cleaning up (kill -9)
        lock._fd = None
        deadline = time.time() + 10  # the child closes its inherited copy as soon as it runs
        while True:
            try:
                OutputLock(tmp_path).acquire()
                break
            except OutputLocked:
                assert time.time() < deadline, "a forked child kept the output folder locked"
                time.sleep(0.05)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


def test_two_live_runs_one_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    cmd = ["run", "-", "-o", str(out), "--encoder", "none", "-q"]
    # The first run reads stdin, so it stays alive, holding the folder, until the test closes it.
    first = subprocess.Popen(
        [sys.executable, "-m", "bilingual", *cmd], stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    deadline = time.time() + 60
    while not (out / LOCK_NAME).exists() or not (out / LOCK_NAME).read_text().strip():
        assert time.time() < deadline and first.poll() is None
        time.sleep(0.02)
    second = cli(*cmd, stdin=b'{"id": "x", "text": "Hello."}\n')
    _, first_err = first.communicate(b'{"id": "a", "text": "Hello."}\n', timeout=120)
    assert first.returncode == 0, first_err
    assert second.returncode == 2
    assert f"output folder {out} is in use by another bilingual run (process {first.pid}" in one_line_error(
        second.stderr
    )
    assert manifest_of(out)["documents_read"] == 1


# --- 6. No tracebacks ------------------------------------------------------------------------------------------


def test_read_only_output_folder_is_one_line(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    r = cli("run", str(src), "-o", "/sys/bilingual-out", "--encoder", "none")  # root may not write there either
    assert r.returncode == 1
    assert one_line_error(r.stderr).startswith("bilingual: error: /sys/bilingual-out: ")


def test_full_disk_is_one_line_and_resumable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bilingual.pipeline

    src = tmp_path / "a.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    out = tmp_path / "out"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(bilingual.pipeline.os, "fsync", full)
    r = runner.invoke(app, ["run", str(src), "-o", str(out), "--encoder", "none"])
    assert r.exit_code == 1
    assert one_line_error(r.stderr) == f"bilingual: error: run into {out} stopped: No space left on device"
    assert not (out / LOCK_NAME).exists()
    r = cli("segment", str(src), "-o", "/dev/full", "-q")  # a real full device
    assert r.returncode == 1 and one_line_error(r.stderr) == "bilingual: error: /dev/full: No space left on device"


def test_interrupt_is_one_line_and_exit_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bilingual.pipeline

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(bilingual.pipeline.Pipeline, "_run_locked", interrupted)
    r = runner.invoke(app, ["run", str(FIXTURES), "-o", str(tmp_path / "out"), "--encoder", "none"])
    assert r.exit_code == 130 and "interrupted; rerun with --resume" in r.stderr
    monkeypatch.setattr("bilingual.cli.segment", interrupted)
    r = runner.invoke(app, ["segment", str(FIXTURES)])
    assert r.exit_code == 130 and r.stderr.strip().endswith("bilingual: interrupted")


def test_unexpected_error_is_one_line_and_debug_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bilingual.pipeline

    def bug(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("'NoneType' object has no attribute 'x'")

    monkeypatch.setattr(bilingual.pipeline.Pipeline, "_run_locked", bug)
    args = ["run", str(FIXTURES), "-o", str(tmp_path / "out"), "--encoder", "none"]
    r = runner.invoke(app, args)
    assert r.exit_code == 1
    assert "internal error (AttributeError: 'NoneType' object has no attribute 'x')" in one_line_error(r.stderr)
    r = runner.invoke(app, ["--debug", *args])
    assert r.exit_code == 1 and "Traceback (most recent call last)" in r.stderr


def test_a_failing_document_does_not_stop_segment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import bilingual.cli

    real = bilingual.cli.segment

    def flaky(doc: Any, **kwargs: Any) -> Any:
        if "boom" in doc.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, **kwargs)

    monkeypatch.setattr(bilingual.cli, "segment", flaky)
    (tmp_path / "a.txt").write_text("boom\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("fine\n", encoding="utf-8")
    r = runner.invoke(app, ["segment", str(tmp_path), "-o", str(tmp_path / "out.jsonl")])
    assert r.exit_code == 1 and "RecursionError: maximum recursion depth exceeded" in r.stderr
    assert "1 document processed, 1 failed" in r.stderr


def test_output_over_an_input_is_refused_and_own_output_is_not_read(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    r = runner.invoke(app, ["segment", str(src), "-o", str(src)])
    assert r.exit_code == 2 and "is also an input" in flat(r.stderr)
    assert src.read_text(encoding="utf-8") == "Hello.\n"
    r = runner.invoke(app, ["normalize", str(src), "-o", str(src)])
    assert r.exit_code == 2 and src.read_text(encoding="utf-8") == "Hello.\n"
    r = runner.invoke(app, ["segment", str(tmp_path), "-o", str(tmp_path / "out.jsonl"), "-q"])
    assert r.exit_code == 0 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 1
    out = tmp_path / "run-out"
    for _ in range(2):  # the second run would read the first one's corpus.tsv and corpus.jsonl
        m = Pipeline(FAST).run([tmp_path], out, overwrite=True)
        assert m.documents_read == 2  # a.txt and out.jsonl (a segment output: JSONL documents)


def usage_probes(tmp: Path) -> Iterator[tuple[list[str], int, str]]:
    src = tmp / "a.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    a_file = tmp / "file"
    a_file.write_text("x")
    run = ["run", str(src), "-o", str(tmp / "o")]
    yield ["run", str(src), "-o", str(a_file)], 1, "not a directory"
    yield [*run, "--jobs", "0"], 2, "--jobs"
    yield [*run, "--format", "xml"], 2, "unknown format"
    yield [*run, "--normalize", "bogus"], 2, "bogus"
    yield [*run, "--encoder", "bogus"], 2, "unknown encoder"
    yield [*run, "--encoder", f"st:{tmp}"], 2, "not a model directory"
    yield [*run, "--min-score", "2"], 2, "--min-score"
    yield [*run, "--engine", "spark"], 2, "engine"
    yield [*run, "--chunk-size", "0"], 2, "--chunk-size"
    yield ["segment", "x" * 5000], 1, "File name too long"
    yield ["segment", str(src), "--max-document-bytes", "0"], 2, "--max-document-bytes"
    yield ["normalize", str(tmp / "missing")], 2, "missing"
    yield ["normalize", str(src), "--encoding", "bogus"], 1, "bogus"
    yield ["align", str(src), "--encoder", "none", "-o", "/proc/x/y.jsonl"], 1, "/proc/x"


def test_no_flag_or_condition_ends_in_a_traceback(tmp_path: Path) -> None:
    for args, status, needle in usage_probes(tmp_path):
        r = runner.invoke(app, args)
        assert r.exit_code == status, (args, r.output)
        assert "Traceback" not in r.output, args
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
        assert needle in flat(r.output), (args, r.output)


def test_resume_with_other_parameters_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Hello.\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / ".bilingual-partial").mkdir(parents=True)
    (out / ".bilingual-partial" / "state.json").write_text(json.dumps({"parameters": {"formats": ["tmx"]}}))
    r = runner.invoke(app, ["run", str(src), "-o", str(out), "--resume", "--encoder", "none"])
    assert r.exit_code == 2 and "holds a run with other parameters" in one_line_error(r.stderr)


def test_console_script_has_no_traceback_on_a_closed_pipe(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Hello there. مرحبا بكم.\n" * 5000, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    p = subprocess.Popen(
        [sys.executable, "-m", "bilingual", "segment", str(big), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.read(100)
    p.stdout.close()  # `| head -c 100`
    err = p.stderr.read().decode()
    p.wait(60)
    assert "Traceback" not in err and "Exception ignored" not in err


def test_bom_only_and_bidi_only_input(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8)
    (tmp_path / "marks.txt").write_text("\u200f\u200e\u202b\n", encoding="utf-8")
    r = runner.invoke(app, ["segment", str(tmp_path), "-o", "-", "-q"])
    assert r.exit_code == 1 and "Traceback" not in r.output
