"""Word, number and lead-in patterns shared by the aligner's units and signals."""

from __future__ import annotations

import re

from bilingual.normalization import Normalizer

_ENCODE_PROFILE = Normalizer(presentation_forms=True, controls=True, compose=True, diacritics=True, tatweel=True)


_EN_STOP = frozenset(
    "a an the of to in on at for by with from and or but is are was were be been being it its this that "
    "these those he she they we you i his her their our your him them us me my as not no so if than then "
    "there here has have had do does did will would can could should may might must also about into over "
    "after before while who whom which what when where why how all any some such only just very more most "
    "said says say told tell one two said".split()
)
# Inside a word: apostrophes, and the ayn/hamza marks of transliterated names (`Aisha, Sa`d, ʿUmar).
_AYN_MARKS = "`ʿʾ‘"
_EN_WORD_RE = re.compile(r"[`ʿʾ‘]?[A-Za-z][A-Za-z'’`ʿʾ‘-]*")
_AR_WORD_RE = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")
_NUM_RE = re.compile(r"\d+(?:[.,]\d+)*")
_TERMINAL = ".!?؟…:\"”'’»"
# A label before an English rendering: "Translation:", "Literal translation:", "Meaning:", "Literally:".
RENDERING_LABEL = (
    r"(?:[a-z][a-z-]{0,15}\s+)?translation\s*(?:\([^)]{0,30}\))?\s*[:：-]"
    r"|translated\s*[:：]|in english\s*[:：]|meaning\s*[:：]|literally\s*[:：]"
)
# Words that announce what Arabic means in English: "meaning …", "literally …", "lit. …", "translates to
# …". A regex alternation that ends each word itself (follow it with no \b: "lit." ends in a full stop).
MEANING_WORDS = r"(?:translat\w*(?:\s+(?:in)?to|\s+as)?|meaning|means|literally)\b|lit\."
_DIGITS = Normalizer(digits=True, punctuation=True, compose=False)  # Arabic-Indic digits → ASCII
# How news sites introduce an embedded post: "said in a tweet", "wrote on X:", "posted on Telegram",
# "in a post on social media, ... said:", "a statement, posted by ..., read:". Not a bare "said:",
# which quotes of every kind use.
_LEADIN_RE = re.compile(
    r"\b(?:tweet(?:ed|s|ing)?|re-?tweet\w*|wrote|writes|posted|posts|post read|the post|social media"
    r"|on (?:twitter|x|facebook|telegram|instagram)\b|in a (?:post|statement|message|video)\b"
    r"|according to (?:a|the) (?:tweet|post)|statement[^.]{0,80}\bread:)",
    re.IGNORECASE,
)
_AR_STOP = frozenset(
    "في من على الى إلى عن مع ان أن إن او أو ثم قد لا ما هذا هذه ذلك التي الذي الذين كان كانت هو هي هم "
    "قال وقال انه أنه لم لن بعد قبل عند كل بين حتى".split()
)
