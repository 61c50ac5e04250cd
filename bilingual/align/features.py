"""The signals the aligner's model weighs, by name, and the groups an ablation removes together."""

from __future__ import annotations

FEATURES = (
    "cos",  # cosine of the sentence embeddings
    "margin",  # cos minus the mean cos of both sides' k nearest neighbours in the document
    "lex_ar",  # share of glossed Arabic words with a gloss among the English words
    "lex_en",  # share of English content words some Arabic gloss covers
    "entities",  # gazetteer entities found on both sides (capped at 3, scaled to 1)
    "names",  # Arabic words whose consonant skeleton matches a capitalised English word (capped, scaled)
    "numbers",  # Jaccard of the numbers on both sides
    "num_clash",  # both sides hold numbers and share none
    "dist",  # log(1 + paragraphs between them)
    "leadin",  # the English (or the sentence before it) says "tweeted", "wrote on X", ... (× content agreement)
    "author",  # the tweet's author or handle appears in the English paragraph (× content agreement)
    "len_ratio",  # |log(English length / Arabic length) - 0.2|
    "sent_diff",  # |English sentences - Arabic sentences|
    "cos_rel_ar",  # cos minus the best cos of this Arabic unit with any English unit (0 for the best)
    "cos_rel_en",  # cos minus the best cos of this English unit with any Arabic unit
    "lex_rel_ar",  # lex_ar minus the best lex_ar of this Arabic unit
    "cos_x_lex",  # cos × (lex_ar + lex_en): both kinds of evidence at once
    "names_unmatched",  # share of the English's capitalised names with no look-alike in the Arabic
    "names_unmatched_n",  # how many such names (capped at 3, scaled to 1)
    "ar_names_unmatched",  # share of the Arabic's unglossed words (names) with no look-alike in the English
    "ar_numbers_unmatched",  # the Arabic holds numbers the English does not
    "clause_ar",  # length-weighted mean over the Arabic's clauses of their best cos with a clause of the English
    "clause_en",  # the same over the English's clauses
)
# Features computed over all candidates of a document (competition), after the per-pair ones.
RELATIVE_FEATURES = ("cos_rel_ar", "cos_rel_en", "lex_rel_ar", "cos_x_lex")
# Computed for all candidates at once from clause embeddings.
CLAUSE_FEATURES = ("clause_ar", "clause_en")
# Per-pair features come first in FEATURES order, except the relative and clause ones, computed afterwards.
PAIR_FEATURES = tuple(f for f in FEATURES if f not in RELATIVE_FEATURES and f not in CLAUSE_FEATURES)
EMBEDDING_FEATURES = (
    "cos",
    "margin",
    "cos_rel_ar",
    "cos_rel_en",
    "cos_x_lex",
    *CLAUSE_FEATURES,
)
MARGIN_K = 4
# A window inside a paragraph gives way to the whole paragraph if that scores within this much of it.
EXTEND_SLACK = 0.10


MAX_WINDOW = 3
# Longest window when the document holds a post of several lines (lyrics, poems rendered line by line).
MAX_WINDOW_LINES = 8


_SIGNAL_FEATURES = {
    "embeddings": EMBEDDING_FEATURES,
    "lexical": ("lex_ar", "lex_en", "lex_rel_ar", "cos_x_lex"),
    "names": (
        "entities",
        "names",
        "numbers",
        "num_clash",
        "names_unmatched",
        "names_unmatched_n",
        "ar_names_unmatched",
        "ar_numbers_unmatched",
    ),
    "structure": ("dist", "leadin", "author", "len_ratio", "sent_diff"),
}


STAGE2_FEATURES = ("logit", "gap_ar", "gap_en")
