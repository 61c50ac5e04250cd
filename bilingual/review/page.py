"""The review page builder: one self-contained HTML file (inline CSS and JS, no network) showing aligned
documents with each Arabic unit and its English highlighted in the same colour.

Layout of the file, in the order the browser parses it:

1. ``<head>``: a Content-Security-Policy that allows only this page's own script (by hash) and no
   network at all, and the stylesheet.
2. The page skeleton, then a ``<script type="application/json" id="summary">`` block (one small line per
   document: id, source, pair scores and spans) and the page script. The script runs as soon as it is
   parsed and draws the index, before the document data below has even been read.
3. One inert ``<script type="application/json" id="dN">`` block per document (its payload, see
   :mod:`bilingual.review.payload`). The script parses a block only when that document is opened, so a
   review of thousands of documents opens in the time it takes to read the file.

Every string from a document ends up inside JSON in a script data block, where ``<`` ``>`` and ``&`` are
written as ``\\u003c`` ``\\u003e`` ``\\u0026``: no ``</script>``, ``<!--`` or markup can close the block.
The page script puts text into the DOM with text nodes only.

Documents are spooled to a JSONL file while they are added (so memory stays flat) and the page is
written from it in two passes when the builder closes: first the summary, then the documents.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from bilingual.model import Document
from bilingual.review.payload import document_payload, summary_entry

_TEMPLATE = """<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src '{script_hash}'; \
style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="generator" content="{generator}">
<title>{title}</title>
<style>
{css}</style>
</head>
<body>
<header id="top">
 <div id="bar">
  <h1><a href="#" id="home">{title}</a></h1>
  <span id="totals" role="status"></span>
 </div>
 <div id="controls">
  <fieldset id="filters"><legend>Filter pairs</legend>
   <label>score <input id="f-min" type="number" min="0" max="1" step="0.05" value="0" aria-label="lowest score">
   – <input id="f-max" type="number" min="0" max="1" step="0.05" value="1" aria-label="highest score"></label>
   <label>kind <select id="f-kind"><option value="">any</option></select></label>
   <label>unit <select id="f-unit"><option value="">any</option></select></label>
   <label>decision <select id="f-dec"><option value="">any</option><option value="undecided">undecided</option>
    <option value="accept">accepted</option><option value="reject">rejected</option></select></label>
   <label><input id="f-unp" type="checkbox"> documents with unpaired Arabic</label>
   <input id="f-q" type="search" placeholder="document id or source" aria-label="find documents">
   <button type="button" id="f-reset">reset</button>
  </fieldset>
  <fieldset id="actions"><legend>Decisions</legend>
   <label>accept every undecided pair scoring ≥ <input id="bulk-x" type="number" min="0" max="1" step="0.01"
    value="0.95"></label> <button type="button" id="bulk">accept</button>
   <button type="button" id="download">download decisions.jsonl</button>
   <label class="file">load decisions… <input id="load" type="file" accept=".jsonl,.json,.txt"></label>
   <button type="button" id="help-btn" aria-expanded="false">keys ?</button>
  </fieldset>
 </div>
 <div id="status" role="status" aria-live="polite"></div>
</header>
<section id="help" hidden>
 <h2>Keys</h2>
 <dl>
  <dt>j / k</dt><dd>next / previous pair (on to the next document at the end)</dd>
  <dt>a / r / u</dt><dd>accept / reject / clear the selected pair, then move to the next one</dd>
  <dt>n / p</dt><dd>next / previous document</dd>
  <dt>Esc, i</dt><dd>back to the index (Esc in a filter box leaves the box, so that keys work again)</dd>
  <dt>?</dt><dd>this help</dd>
 </dl>
 <p>Filters select pairs: a document is listed when one of its pairs passes them, or, for a score range
 alone, when the best candidate of its unpaired Arabic scores in it (with the box ticked, only documents
 with unpaired Arabic). Decisions are saved in this browser for this review; download them
 as <code>decisions.jsonl</code> and pass the file to <code>bilingual run … --decisions</code>.</p>
</section>
<main id="index-view">
 <section id="hist-box"><h2>Scores</h2><div id="hist" role="img"></div>
  <p class="legend"><span class="sw-pair"></span> pairs <span class="sw-unp"></span> unpaired Arabic (best
  candidate) — click a bar to filter</p></section>
 <p id="index-count"></p>
 <table id="index">
  <thead><tr><th class="num">#</th><th>document</th><th class="num">pairs</th><th class="num">unpaired</th>
  <th>scores</th><th class="num">decided</th></tr></thead>
  <tbody></tbody>
 </table>
 <nav id="pager"></nav>
 <details id="failed" hidden><summary></summary><ul></ul></details>
</main>
<main id="doc-view" hidden>
 <nav id="doc-nav">
  <button type="button" id="to-index">← index (Esc)</button>
  <button type="button" id="prev-doc">previous (p)</button>
  <button type="button" id="next-doc">next (n)</button>
  <h2 id="doc-title"></h2>
 </nav>
 <div id="doc-grid">
  <article id="doc-text" aria-label="document text"></article>
  <aside id="panel" aria-label="pairs"></aside>
 </div>
</main>
<noscript><p>This review needs JavaScript.</p></noscript>
<script type="application/json" id="summary">{summary}</script>
<script>{script}</script>
<div id="docs" hidden>
"""

_TAIL = "</div>\n</body>\n</html>\n"


def json_for_script(obj: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>`` and ``&`` escaped as ``\\u003c``
    ``\\u003e`` ``\\u0026`` (so no ``</script>`` or ``<!--`` can appear), everything else kept readable."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    return resources.files("bilingual.review").joinpath("static", name).read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


@dataclass
class ReviewStats:
    """What a written review holds, and its size."""

    path: str
    documents: int = 0
    failed: int = 0
    pairs: int = 0
    unpaired: int = 0
    bytes: int = 0


def spool_document(doc: Document, result: Any) -> str:
    """One spool line (JSON, no newline) for a segmented, aligned document."""
    return spool_payload(document_payload(doc, result))


def spool_payload(payload: dict[str, Any]) -> str:
    """One spool line for a document payload built by :func:`~bilingual.review.payload.document_payload`."""
    return json.dumps({"doc": payload}, ensure_ascii=False, allow_nan=False)


def spool_failure(source: str, doc_id: str, reason: str) -> str:
    """One spool line for a document that could not be read or aligned (listed in the review's index)."""
    return json.dumps({"failed": {"source": source, "doc_id": doc_id, "reason": reason}}, ensure_ascii=False)


def _spool_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_review_page(
    spool: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    title: str = "bilingual review",
    meta: dict[str, Any] | None = None,
) -> ReviewStats:
    """Write the review page ``out`` from a spool file (lines made by :func:`spool_document` /
    :func:`spool_failure`). ``meta`` goes to the page as is (e.g. ``encoder``, ``threshold``, and
    ``decisions``: ``[[doc_id, ar_start, ar_end, en_start, en_end, "accept"|"reject"], ...]`` to start from).

    The file is written under a temporary name and renamed into place, so a half-written review never
    stands at ``out``.
    """
    from bilingual import __version__

    spool_path = Path(spool)
    out_path = Path(out)
    stats = ReviewStats(str(out_path))
    docs: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for rec in _spool_records(spool_path):
        if "doc" in rec:
            entry = summary_entry(rec["doc"])
            docs.append(entry)
            stats.pairs += len(entry["pairs"])
            stats.unpaired += len(entry["unpaired"])
        elif "failed" in rec:
            failed.append(rec["failed"])
    stats.documents, stats.failed = len(docs), len(failed)
    page_meta = {"title": title, "generator": f"bilingual {__version__}", **(meta or {})}
    # Decisions are stored in the browser per review: the same documents, pairs and starting decisions.
    identity = [[[d["id"], d["pairs"]] for d in docs], page_meta.get("decisions")]
    digest = hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode("utf-8"))
    page_meta.setdefault("review_id", digest.hexdigest()[:16])
    summary = {"meta": page_meta, "docs": docs, "failed": failed}
    script = _asset("review.js")
    head = _TEMPLATE.format(
        script_hash=_csp_hash(script),
        generator=html.escape(page_meta["generator"]),
        title=html.escape(title),
        css=_asset("review.css"),
        summary=json_for_script(summary),
        script=script,
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=out_path.name + ".", suffix=".tmp", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(head)
            i = 0
            for rec in _spool_records(spool_path):
                if "doc" in rec:
                    fh.write(f'<script type="application/json" id="d{i}">{json_for_script(rec["doc"])}</script>\n')
                    i += 1
            fh.write(_TAIL)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, out_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    stats.bytes = out_path.stat().st_size
    return stats


class ReviewBuilder:
    """Collects documents for a review page and writes it on :meth:`close` (or at the end of a ``with``).

    >>> with ReviewBuilder("review.html") as review:          # doctest: +SKIP
    ...     review.add(doc, aligner.align(doc))
    """

    def __init__(
        self, out: str | os.PathLike[str], *, title: str = "bilingual review", meta: dict[str, Any] | None = None
    ) -> None:
        self.out = Path(out)
        self.title = title
        self.meta = dict(meta or {})
        self.out.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=self.out.name + ".", suffix=".spool", dir=self.out.parent)
        self._spool_path = Path(name)
        self._spool: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.stats: ReviewStats | None = None

    def _write(self, line: str) -> None:
        if self._spool is None:
            raise ValueError("the review is already written")
        self._spool.write(line + "\n")

    def add(self, doc: Document, result: Any) -> None:
        """Add a segmented document and its ``AlignmentResult``."""
        self._write(spool_document(doc, result))

    def add_failure(self, source: str, doc_id: str, reason: str) -> None:
        """List a document that could not be read or aligned."""
        self._write(spool_failure(source, doc_id, reason))

    def close(self) -> ReviewStats:
        """Write the page (once) and remove the spool; returns what the page holds."""
        if self.stats is not None:
            return self.stats
        assert self._spool is not None
        self._spool.close()
        self._spool = None
        try:
            self.stats = write_review_page(self._spool_path, self.out, title=self.title, meta=self.meta)
        finally:
            self._spool_path.unlink(missing_ok=True)
        return self.stats

    def discard(self) -> None:
        """Drop the spool without writing a page."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        self._spool_path.unlink(missing_ok=True)

    def __enter__(self) -> ReviewBuilder:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()
