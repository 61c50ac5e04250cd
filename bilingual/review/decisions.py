"""Reviewers' decisions on pairs (``decisions.jsonl``, downloaded from the review page) and how a corpus
run applies them.

One line per decided pair::

    {"doc_id": "article", "ar_span": [428, 537], "en_span": [117, 427], "decision": "reject"}

Spans are code-point offsets as ``bilingual align`` writes them; a pair is matched by
``(doc_id, ar_span, en_span)``. When a file decides the same pair twice, the later line wins.

:class:`DecisionFilter` applies the decisions to the pairs a run finds: rejected pairs are dropped,
accepted ones kept, undecided ones kept (or dropped, with ``undecided="drop"``). Every decision is
accounted for: one that matches no pair of the run is reported with the reason (the document is not in
the run, it failed, or its Arabic is now paired with other English or left unpaired).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

DECISIONS = ("accept", "reject")
UNDECIDED_POLICIES = ("keep", "drop")

Span = tuple[int, int]


class DecisionsError(ValueError):
    """A decisions file that cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's verdict on one pair."""

    doc_id: str
    ar_span: Span
    en_span: Span
    decision: str
    line: int = 0  # where it was read (1-based; 0 when not from a file)

    def to_dict(self) -> dict[str, Any]:
        """The ``decisions.jsonl`` line of this decision, as a dict."""
        return {
            "doc_id": self.doc_id,
            "ar_span": list(self.ar_span),
            "en_span": list(self.en_span),
            "decision": self.decision,
        }

    @property
    def key(self) -> tuple[str, Span, Span]:
        """What identifies the pair: document id and both spans."""
        return (self.doc_id, self.ar_span, self.en_span)


def _span(value: Any, name: str) -> Span:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in value)
        or not 0 <= value[0] <= value[1]
    ):
        raise ValueError(f"{name} must be [start, end] with 0 <= start <= end, not {json.dumps(value)}")
    return (value[0], value[1])


def parse_decision(obj: Any, line: int = 0) -> Decision:
    """One decision from a parsed JSON object; ``ValueError`` saying what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError("a decision is a JSON object")
    missing = [k for k in ("doc_id", "ar_span", "en_span", "decision") if k not in obj]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if obj["decision"] not in DECISIONS:
        raise ValueError(f'decision must be "accept" or "reject", not {json.dumps(obj["decision"])}')
    if not isinstance(obj["doc_id"], str):
        raise ValueError("doc_id must be a string")
    return Decision(
        obj["doc_id"], _span(obj["ar_span"], "ar_span"), _span(obj["en_span"], "en_span"), obj["decision"], line
    )


def read_decisions(path: str | os.PathLike[str]) -> list[Decision]:
    """The decisions of a ``decisions.jsonl`` file, in file order; blank lines are skipped.

    Raises :class:`DecisionsError` (a ``ValueError``) naming the file and line of the first bad line.
    """
    out = []
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for n, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except json.JSONDecodeError as e:
                    raise DecisionsError(f"{path}:{n}: not JSON ({e.msg} at column {e.colno})") from None
                try:
                    out.append(parse_decision(obj, n))
                except ValueError as e:
                    raise DecisionsError(f"{path}:{n}: {e}") from None
    except OSError as e:
        raise DecisionsError(f"{path}: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise DecisionsError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    return out


def write_decisions(decisions: Iterable[Decision], path: str | os.PathLike[str]) -> int:
    """Write decisions as ``decisions.jsonl``; returns how many lines were written."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for d in decisions:
            fh.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


@dataclass
class Verdicts:
    """What :meth:`DecisionFilter.apply` did to one document's pairs."""

    kept: list[Any]
    accepted: int = 0
    rejected: int = 0
    undecided_dropped: int = 0


class DecisionFilter:
    """Applies decisions to the pairs of a run and keeps account of every decision.

    Call :meth:`apply` once per document that the run aligned and :meth:`failed` once per document
    that failed; :meth:`unmatched` then lists each decision that matched no pair, with the reason.
    ``state``/``restore`` carry that account across an interrupted, resumed run.
    """

    def __init__(self, decisions: Iterable[Decision], undecided: str = "keep") -> None:
        if undecided not in UNDECIDED_POLICIES:
            raise ValueError(f"undecided must be keep or drop, not {undecided!r}")
        self.undecided = undecided
        self._by_key: dict[tuple[str, Span, Span], Decision] = {}
        for d in decisions:
            self._by_key.pop(d.key, None)  # the later line wins, and takes the later place
            self._by_key[d.key] = d
        self._by_doc: dict[str, list[Decision]] = {}
        for d in self._by_key.values():
            self._by_doc.setdefault(d.doc_id, []).append(d)
        # Per decision (by position in file order): None when it matched a pair, else why it did not.
        self._order = {d.key: n for n, d in enumerate(self._by_key.values())}
        self._outcome: dict[int, str | None] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def decision(self, doc_id: str, ar_span: Sequence[int], en_span: Sequence[int]) -> str | None:
        """``"accept"``, ``"reject"`` or ``None`` for one pair."""
        d = self._by_key.get((doc_id, (ar_span[0], ar_span[1]), (en_span[0], en_span[1])))
        return d.decision if d else None

    def apply(self, doc_id: str, pairs: Sequence[Any]) -> Verdicts:
        """Filter one document's export pairs (objects with ``ar_start``, ``ar_end``, ``en_start``,
        ``en_end``) and account for the document's decisions."""
        out = Verdicts([])
        found: dict[Span, Span] = {}
        for p in pairs:
            ar, en = (p.ar_start, p.ar_end), (p.en_start, p.en_end)
            found[ar] = en
            verdict = self.decision(doc_id, ar, en)
            if verdict == "reject":
                out.rejected += 1
            elif verdict == "accept":
                out.accepted += 1
                out.kept.append(p)
            elif self.undecided == "drop":
                out.undecided_dropped += 1
            else:
                out.kept.append(p)
        for d in self._by_doc.get(doc_id, ()):
            n = self._order[d.key]
            if found.get(d.ar_span) == d.en_span:
                self._outcome[n] = None
            elif self._outcome.get(n, "") is not None:  # a matched decision stays matched (repeated doc ids)
                if d.ar_span in found:
                    en = found[d.ar_span]
                    self._outcome[n] = f"its Arabic is now paired with other English, en_span [{en[0]}, {en[1]}]"
                else:
                    self._outcome[n] = "the run found no pair with this Arabic span"
        return out

    def failed(self, doc_id: str, reason: str) -> None:
        """Account for the decisions of a document that failed in this run."""
        for d in self._by_doc.get(doc_id, ()):
            n = self._order[d.key]
            if self._outcome.get(n, "") is not None:
                self._outcome[n] = f"the document failed in this run: {reason}"

    def unmatched(self) -> list[tuple[Decision, str]]:
        """Each decision that matched no pair of the run, with the reason, in file order."""
        out = []
        for d in self._by_key.values():
            n = self._order[d.key]
            reason = self._outcome.get(n, "the document is not in this run")
            if reason is not None:
                out.append((d, reason))
        return out

    def matched(self) -> int:
        """How many decisions matched a pair of the run."""
        return sum(1 for v in self._outcome.values() if v is None)

    def state(self) -> dict[str, Any]:
        """The account so far, JSON-ready (for a run's checkpoint)."""
        return {str(n): v for n, v in self._outcome.items()}

    def restore(self, state: dict[str, Any]) -> None:
        """Take over the account of an interrupted run (see :meth:`state`)."""
        self._outcome = {int(n): v for n, v in state.items()}

    def page_decisions(self) -> list[list[Any]]:
        """The decisions as the review page takes them: ``[doc_id, ar_start, ar_end, en_start, en_end, decision]``."""
        return [[d.doc_id, *d.ar_span, *d.en_span, d.decision] for d in self._by_key.values()]
