"""TMX 1.4b: ``corpus.tmx``, two languages (ar source, en target), metadata as ``<prop type="x-…">``,
and its reader."""

from __future__ import annotations

import os
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from bilingual.export.base import XML_FORBIDDEN_RE, Writer
from bilingual.export.record import ExportPair

__all__ = ["TMXWriter", "read_tmx", "tmx_segtype"]

# What each Arabic unit is, as TMX names segmentation levels: a post or two joined blocks may hold several
# paragraphs' worth of sentences (a block); a paragraph or heading is one paragraph; an inline gloss a phrase.
_SEGTYPES = {"paragraph": "paragraph", "heading": "paragraph", "hashtag": "phrase", "phrase": "phrase"}


def tmx_segtype(unit: str) -> str:
    """The TMX ``segtype`` of a pair's Arabic unit: ``paragraph``, ``phrase`` or ``block``."""
    return _SEGTYPES.get(unit, "block")


class TMXWriter(Writer):
    """TMX 1.4b. The header's ``segtype`` is ``block`` (the units are blocks, not sentences) and each
    ``<tu>`` says its own (``paragraph``, ``phrase`` or ``block``), with ``creationdate`` (the run's
    start) and props for the pair's kind, the Arabic unit and its language."""

    suffixes = (".tmx",)

    def _clean(self, text: str) -> str:
        """``text`` as XML character data: forbidden characters removed (counted), markup escaped, and
        CR as a character reference (an XML parser turns a literal CR into LF)."""
        cleaned, n = XML_FORBIDDEN_RE.subn("", text)
        self.removed_chars += n
        return escape(cleaned).replace("\r", "&#13;")

    def header(self) -> None:
        created = f" creationdate={quoteattr(self.created)}" if self.created else ""
        self.files[".tmx"].write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<tmx version="1.4">\n'
            f'  <header creationtool="bilingual" creationtoolversion={quoteattr(self.version)} '
            f'segtype="block" o-tmf="bilingual-jsonl" adminlang="en" srclang="ar" datatype="plaintext"{created}/>\n'
            "  <body>\n"
        )

    def write(self, pair: ExportPair) -> None:
        props = [
            ("x-doc", pair.doc_id),
            ("x-source", pair.source),
            ("x-score", f"{pair.score:.4f}"),
            ("x-kind", pair.kind),
            ("x-unit", pair.unit),
            ("x-lang", pair.lang),
            ("x-ar-span", f"{pair.ar_start}:{pair.ar_end}"),
            ("x-en-span", f"{pair.en_start}:{pair.en_end}"),
            ("x-author", pair.author),
            ("x-handle", pair.handle),
            ("x-date", pair.date),
            ("x-ar-raw", pair.ar_raw),
            ("x-url", pair.url),
        ]
        attrs = f"tuid={quoteattr(f'{pair.doc_id}:{pair.ar_start}:{pair.en_start}')}"
        attrs += f' segtype="{tmx_segtype(pair.unit)}"'
        if self.created:
            attrs += f' creationdate={quoteattr(self.created)} creationtool="bilingual"'
        lines = [f"    <tu {attrs}>"]
        for name, value in props:
            if value:
                lines.append(f'      <prop type="{name}">{self._clean(value)}</prop>')
        lines.append(f'      <tuv xml:lang="ar"><seg>{self._clean(pair.ar)}</seg></tuv>')
        lines.append(f'      <tuv xml:lang="en"><seg>{self._clean(pair.en)}</seg></tuv>')
        lines.append("    </tu>")
        self.files[".tmx"].write("\n".join(lines) + "\n")

    def footer(self) -> None:
        self.files[".tmx"].write("  </body>\n</tmx>\n")


def read_tmx(path: str | os.PathLike[str]) -> Iterator[ExportPair]:
    """Pairs of a TMX file (ours, or any two-language ar/en TMX). Parsed with defusedxml: entity
    expansion and external entities (XXE, billion laughs) are refused, not resolved."""
    from defusedxml.ElementTree import iterparse

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for _event, el in iterparse(str(path), events=("end",)):
        if el.tag != "tu":
            continue
        props = {p.get("type", ""): (p.text or "") for p in el.findall("prop")}
        segs: dict[str, str] = {}
        for tuv in el.findall("tuv"):
            lang = (tuv.get(xml_lang) or tuv.get("lang") or "").lower()[:2]
            seg = tuv.find("seg")
            segs[lang] = "".join(seg.itertext()) if seg is not None else ""
        ar_span = props.get("x-ar-span", "0:0").split(":")
        en_span = props.get("x-en-span", "0:0").split(":")
        values: dict[str, str | int] = {name: props[prop] for name, prop in _PROP_OF_FIELD.items() if prop in props}
        values["ar"], values["en"] = segs.get("ar", ""), segs.get("en", "")
        values["ar_start"], values["ar_end"] = int(ar_span[0]), int(ar_span[1])
        values["en_start"], values["en_end"] = int(en_span[0]), int(en_span[1])
        yield ExportPair.from_fields(values)
        el.clear()


# The pair's fields that travel as ``<prop type="x-…">`` of their own (the spans travel as x-ar-span/x-en-span).
_PROP_OF_FIELD = {
    name: "x-doc" if name == "doc_id" else "x-" + name.replace("_", "-")
    for name in ("doc_id", "source", "score", "kind", "unit", "lang", "author", "handle", "date", "ar_raw", "url")
}
