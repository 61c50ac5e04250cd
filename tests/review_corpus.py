"""A deterministic corpus of mixed Arabic/English news documents with known pairs, for the review tests and
``scripts/bench_review.py``: documents are segmented for real, and their ``AlignmentResult`` is built from
the templates (no aligner run), so thousands of documents take seconds.

The Arabic sentences and their English renderings were written for these tests.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from bilingual.align import AlignedPair, AlignmentResult, UnpairedSegment
from bilingual.model import Document
from bilingual.segment import segment

# (Arabic, English). Some carry a hashtag, a handle or an emoji (outside the BMP: UTF-16 offsets differ).
TWEETS = [
    (
        "الحكومة تعلن خطة جديدة للنقل العام في المدينة.",
        "The government announced a new public transport plan for the city.",
    ),
    (
        "افتتاح المكتبة الوطنية بعد سنوات من الترميم.",
        "The national library opened after years of restoration.",
    ),
    (
        "ارتفاع أسعار الخبز يثير غضب المواطنين في الأسواق.",
        "Rising bread prices angered shoppers in the markets.",
    ),
    (
        "المنتخب يفوز بالمباراة النهائية بهدفين نظيفين.",
        "The national team won the final two goals to nil.",
    ),
    (
        "أمطار غزيرة متوقعة نهاية الأسبوع في المناطق الشمالية.",
        "Heavy rain is expected in the northern regions at the weekend.",
    ),
    (
        "شكرا لكل المتطوعين على جهودهم الكبيرة #مبادرة_الخير",
        "Thanks to all the volunteers for their great efforts.",
    ),
    (
        "المدارس تفتح أبوابها للطلاب الأسبوع المقبل.",
        "Schools will open their doors to pupils next week.",
    ),
    (
        "نحن فخورون بهذا الإنجاز الكبير لشبابنا 🎉",
        "We are proud of this great achievement by our young people.",
    ),
    (
        "استقبلت اليوم وفدا من رجال الأعمال @BizCouncil لبحث الاستثمار.",
        "Today I received a business delegation to discuss investment.",
    ),
    (
        "المعرض يستمر حتى نهاية الشهر في قاعة المدينة.",
        "The fair runs until the end of the month in the city hall.",
    ),
    (
        "الوزارة تطلق حملة للتوعية بأهمية المياه #كل_قطرة_تهم",
        "The ministry launched a campaign on the importance of water.",
    ),
    (
        "أتمنى لكم جميعا عيدا سعيدا ❤️",
        "I wish you all a happy holiday.",
    ),
]
UNTRANSLATED = [
    "هذا النص لا ترجمة له في المقال.",
    "صباح الخير يا وطني 🌅",
    "رحم الله شهداءنا الأبرار.",
    "لا تعليق على ما يجري الآن في الساحة.",
]
NAMES = [
    ("أحمد صالح", "AhmadSaleh_MoT"),
    ("وزارة الخارجية", "MoFA_Media"),
    ("Lina Haddad", "LinaHaddad"),
    ("بلدية المدينة", "CityHall"),
    ("", "NewsDesk24"),
]
LEADINS = [
    "In a tweet on {day}, {who} wrote: ",
    "{who} posted on {day}: ",
    "Writing on X on {day}, {who} said: ",
    "",
]
FILLER = [
    "Officials gave no further details on the timetable.",
    "The announcement comes after weeks of public debate.",
    "Local media reported the news on the same day.",
    "Residents welcomed the decision, according to the report.",
    "Critics said the plan did not go far enough.",
]
HEADLINES = [
    "City announces new measures",
    "Minister speaks on the record",
    "Weekend round-up of the news",
    "What people are saying online",
]
FURNITURE = ["Read More:", "Comments", "Back to top button", "Share this article"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "October"]
KINDS = ["translation", "translation", "translation", "paraphrase", "partial", "gloss"]


def make_document(i: int, rng: random.Random) -> tuple[Document, AlignmentResult]:
    """Document ``i`` of the corpus and its alignment (pairs and unpaired Arabic from the templates)."""
    parts: list[str] = []
    pos = 0
    spans: list[tuple[str, tuple[int, int], tuple[int, int] | None, dict[str, Any]]] = []

    def add(line: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(line + "\n")
        pos += len(line) + 1
        return (start, start + len(line))

    add(rng.choice(HEADLINES) + f" ({i})")
    add("")
    add(rng.choice(FILLER) + " " + rng.choice(FILLER))
    en_sentences: list[tuple[int, int]] = []
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
        ar, en = rng.choice(TWEETS)
        author, handle = rng.choice(NAMES)
        lead = rng.choice(LEADINS).format(day=rng.choice(DAYS), who=author or "the account")
        start = pos + len(lead)
        line_span = add(lead + en)
        en_span = (start, line_span[1])
        en_sentences.append(en_span)
        ar_span = add(ar)
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, 20{rng.randint(15, 24)}"
        add(f"— {author} (@{handle}) {date}".replace("—  (", "— ("))
        spans.append(("pair", ar_span, en_span, {"handle": handle, **({"author": author} if author else {})}))
        if rng.random() < 0.2:
            add(rng.choice(FILLER))
    for untranslated in rng.sample(UNTRANSLATED, rng.choice([0, 0, 0, 1, 2])):
        ar_span = add(untranslated)
        spans.append(("unpaired", ar_span, rng.choice(en_sentences) if en_sentences else None, {}))
    add(rng.choice(FILLER))
    if rng.random() < 0.3:
        add(parts[2].rstrip("\n"))  # a repeated paragraph
    for f in rng.sample(FURNITURE, rng.randint(0, 3)):
        add(f)
    text = "".join(parts)
    doc = Document(id=f"gen{i:05d}", text=text, source=f"generated/gen{i:05d}.txt")
    segment(doc)
    block_at = {s.start: s.index for s in doc.segments if s.parent is None}
    sentence_at = {s.start: s.index for s in doc.segments if s.kind == "sentence"}
    pairs, unpaired = [], []
    for what, ar_span, en_span, meta in spans:
        seg = block_at.get(ar_span[0], -1)
        if what == "pair" and en_span is not None:
            score = round(min(1.0, max(0.0, rng.betavariate(6, 1.2))), 4)
            evidence = {"cos": round(rng.random(), 4), "lex_ar": round(rng.random(), 4), "leadin": 0.5}
            kind = rng.choice(KINDS)
            pair = AlignedPair(
                ar=text[ar_span[0] : ar_span[1]],
                en=text[en_span[0] : en_span[1]],
                score=score,
                ar_span=ar_span,
                en_span=en_span,
                ar_segments=(seg,),
                en_segments=(sentence_at.get(en_span[0], -1),),
                evidence=evidence,
                meta=meta,
            )
            pair.kind = kind
            pair.unit = doc.segments[seg].kind if seg >= 0 else "paragraph"
            pairs.append(pair)
        else:
            best = round(rng.uniform(0.05, 0.7), 4) if en_span else None
            reason = "no English candidate scores 0.80 or more" if en_span else "no English in the document"
            unpaired.append(UnpairedSegment(text[ar_span[0] : ar_span[1]], ar_span, seg, reason, best, en_span))
    return doc, AlignmentResult(doc.id, doc.source, pairs, unpaired)


def generate(n: int, seed: int = 14) -> Iterator[tuple[Document, AlignmentResult]]:
    """``n`` documents with their alignments, the same for the same seed."""
    rng = random.Random(seed)
    for i in range(n):
        yield make_document(i, rng)
