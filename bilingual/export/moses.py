"""Moses/OPUS: ``corpus.ar-en.ar``, ``.en``, ``.ids`` and ``.meta``, one pair a line in each.

``.ids`` has OPUS's four columns, ``src_doc<TAB>trg_doc<TAB>src_ids<TAB>trg_ids``: the document id twice
(both sides come from the same document) and, where OPUS puts sentence ids, each side's character span
``start:end`` in the document. ``.meta`` holds what OPUS has no column for, one line per pair:
``score<TAB>kind<TAB>unit<TAB>lang``."""

from __future__ import annotations

from bilingual.export.base import LINE_BREAKS_RE, Writer
from bilingual.export.record import ExportPair

__all__ = ["MosesWriter"]


class MosesWriter(Writer):
    """``corpus.ar-en.ar`` / ``.en`` / ``.ids`` / ``.meta``: one pair per line, the same line count in each.
    Line breaks inside a segment become spaces (counted in ``removed_chars``); JSONL keeps them."""

    suffixes = (".ar-en.ar", ".ar-en.en", ".ar-en.ids", ".ar-en.meta")

    def _line(self, text: str) -> str:
        flat, n = LINE_BREAKS_RE.subn(" ", text)
        self.removed_chars += n
        return flat

    def write(self, pair: ExportPair) -> None:
        self.files[".ar-en.ar"].write(self._line(pair.ar) + "\n")
        self.files[".ar-en.en"].write(self._line(pair.en) + "\n")
        self.files[".ar-en.ids"].write(
            f"{pair.doc_id}\t{pair.doc_id}\t{pair.ar_start}:{pair.ar_end}\t{pair.en_start}:{pair.en_end}\n"
        )
        meta = [f"{pair.score:.4f}", pair.kind, pair.unit, pair.lang]
        self.files[".ar-en.meta"].write("\t".join(LINE_BREAKS_RE.sub(" ", v).replace("\t", " ") for v in meta) + "\n")
