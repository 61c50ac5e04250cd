"""Throughput of segment + language identification on >= 20 MB of mixed Arabic/English news text,
side by side with a naive baseline (langdetect on every line) measured in the same run.

Usage: python scripts/bench_segment.py [--mb 20] [--baseline-mb 1]
The corpus is built from ../shared/seeds and ../shared/align-dev documents (repeated with numbered
variations so that caches cannot hide the work). The baseline runs on a prefix of the same corpus
(langdetect costs about a millisecond per line; its rate does not depend on the corpus size).
A third line times the skeleton alone (paragraph and sentence spans and the Segment objects, none of the
classification passes): the ceiling of this design in pure Python.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

from bilingual import segment_text
from bilingual.model import Segment
from bilingual.segment import paragraph_spans
from bilingual.sentences import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def build_corpus(target_bytes: int, seed: int = 7) -> list[str]:
    """Documents totalling at least ``target_bytes`` of UTF-8, varied so no two are identical."""
    sources = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "align-dev" / "align_docs").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in sources]
    rng = random.Random(seed)
    docs: list[str] = []
    size = 0
    i = 0
    while size < target_bytes:
        base = texts[i % len(texts)]
        lines = base.split("\n")
        # Vary: drop a line, shuffle two paragraphs, number the document.
        if len(lines) > 4:
            lines.pop(rng.randrange(len(lines)))
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
        doc = f"Report {i}: " + "\n".join(lines)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
        i += 1
    return docs


def baseline(docs: list[str], budget_bytes: int) -> tuple[float, int]:
    """langdetect (all languages, seeded) on every non-blank line; returns (seconds, bytes processed)."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    done = 0
    t0 = time.perf_counter()
    for doc in docs:
        for s, e in paragraph_spans(doc):
            try:
                detect(doc[s:e])
            except LangDetectException:
                pass
        done += len(doc.encode("utf-8"))
        if done >= budget_bytes:
            break
    return time.perf_counter() - t0, done


def best_time(fn: Callable[[str], object], docs: list[str], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` passes of ``fn`` over ``docs``: on a shared machine noise
    only ever makes a pass slower."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, time.perf_counter() - t0)
    return best


def skeleton(text: str) -> list[Segment]:
    """What any segmenter of this design must do, with no classification: paragraph spans, sentence spans
    and a Segment object for each (the floor the classification passes are added to)."""
    segs: list[Segment] = []
    for s, e in paragraph_spans(text):
        bi = len(segs)
        segs.append(Segment("doc", s, e, text[s:e], "paragraph", "en", (), bi))
        for ss, se in sentence_spans(text, s, e):
            segs.append(Segment("doc", ss, se, text[ss:se], "sentence", "en", (), len(segs), bi))
    return segs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB of UTF-8 (default 20)")
    ap.add_argument("--baseline-mb", type=float, default=1.0, help="how much of it the baseline reads (default 1)")
    args = ap.parse_args()
    docs = build_corpus(int(args.mb * 1e6))
    total = sum(len(d.encode("utf-8")) for d in docs)
    chars = sum(len(d) for d in docs)
    # Warm up (load langdetect profiles, compile regexes) outside the timed region.
    segment_text(docs[0])
    ours = best_time(segment_text, docs, 3)
    floor = best_time(skeleton, docs, 3)
    langs: dict[str, int] = {}
    n_segments = 0
    for i, d in enumerate(docs):  # counted outside the timed passes
        doc = segment_text(d, str(i))
        n_segments += len(doc.segments)
        for seg in doc.segments:
            langs[seg.lang] = langs.get(seg.lang, 0) + 1
    base_s, base_bytes = baseline(docs, int(args.baseline_mb * 1e6))
    ours_rate = total / ours / 1e6
    base_rate = base_bytes / base_s / 1e6
    print(f"corpus: {len(docs)} documents, {total / 1e6:.1f} MB UTF-8, {chars / 1e6:.1f} M characters")
    print(f"segments: {n_segments}  languages: {dict(sorted(langs.items(), key=lambda kv: -kv[1]))}")
    print(f"{'':<32}{'seconds':>10}{'MB/s':>10}{'Mchar/s':>10}")
    print(f"{'bilingual segment+lang (1 core)':<32}{ours:>10.2f}{ours_rate:>10.2f}{chars / ours / 1e6:>10.2f}")
    print(f"{'langdetect every line':<32}{base_s:>10.2f}{base_rate:>10.3f}{'':>10}  (on {base_bytes / 1e6:.1f} MB)")
    print(
        f"{'skeleton, no classification':<32}{floor:>10.2f}{total / floor / 1e6:>10.2f}{chars / floor / 1e6:>10.2f}"
        "  (paragraphs + sentences + Segment objects only)"
    )
    print(f"speed-up over baseline: {ours_rate / base_rate:.0f}x   (target of issue 15: >= 10 MB/s per core)")


if __name__ == "__main__":
    main()
