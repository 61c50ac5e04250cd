"""Install footprint: wall time of ``pip install`` and size of site-packages, each in a fresh venv.

Usage: python scripts/bench_install.py [--skip-today] [--today-first SPEC] [--keep DIR]

Cases, each in a new virtual environment made with this Python:
  empty         nothing (what a new venv holds already: pip, setuptools)
  runtime       pip install .
  lexicon       pip install '.[lexicon]'                (the README's install)
  today         pip install '.[lexicon]' camel-tools scikit-learn
                (the dependency set before camel-tools and scikit-learn left the runtime dependencies)
``--today-first SPEC`` installs SPEC first in the 'today' venv (for example a CPU build of torch that
your index serves, which camel-tools then takes instead of the default build). pip runs with the
machine's own configuration and cache, so times depend on what the cache holds: run twice and read
the second run for a warm cache. Sizes are disk usage (as ``du -s``) of the venv's site-packages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def disk_usage(path: Path) -> int:
    """Bytes on disk under ``path`` (allocated blocks, as ``du -s``)."""
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
            except OSError:
                pass
    return total


def site_packages(venv: Path) -> Path:
    """The venv's site-packages directory."""
    (path,) = venv.glob("lib/python*/site-packages")
    return path


def largest(sp: Path, n: int = 5) -> list[tuple[str, int]]:
    """The ``n`` largest top-level entries of site-packages (packages, not their .dist-info)."""
    sizes = [(p.name, disk_usage(p) if p.is_dir() else p.stat().st_size) for p in sp.iterdir()]
    sizes = [(name, size) for name, size in sizes if not name.endswith((".dist-info", ".pth"))]
    return sorted(sizes, key=lambda x: -x[1])[:n]


@dataclass
class Result:
    """One venv's measurements."""

    name: str
    seconds: float
    bytes: int
    torch: bool
    largest: list[tuple[str, int]]


def bench(name: str, steps: list[list[str]], base: Path) -> Result:
    """Make a venv, run each ``pip install`` step in it, and measure."""
    venv = base / name
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    t0 = time.perf_counter()
    for args in steps:
        r = subprocess.run([*pip, *args], cwd=ROOT, capture_output=True, text=True, check=False)
        if r.returncode != 0:
            sys.exit(f"{name}: pip install {' '.join(args)} failed:\n{r.stderr[-2000:]}")
    seconds = time.perf_counter() - t0
    sp = site_packages(venv)
    torch = any(p.name == "torch" for p in sp.iterdir())
    return Result(name, seconds, disk_usage(sp), torch, largest(sp))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip-today", action="store_true", help="leave out the comparison venv (camel-tools + sklearn)")
    ap.add_argument("--today-first", metavar="SPEC", help="install SPEC first in the comparison venv")
    ap.add_argument("--keep", metavar="DIR", help="make the venvs in DIR and keep them (default: a temporary dir)")
    args = ap.parse_args()
    cases: list[tuple[str, list[list[str]]]] = [
        ("empty", []),
        ("runtime", [["."]]),
        ("lexicon", [[".[lexicon]"]]),
    ]
    if not args.skip_today:
        today = [[".[lexicon]", "camel-tools", "scikit-learn"]]
        cases.append(("today", ([[args.today_first]] if args.today_first else []) + today))
    with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        results = []
        for name, steps in cases:
            shown = " && ".join("pip install " + " ".join(repr(a) if "[" in a else a for a in s) for s in steps)
            print(f"{name:<8} {shown}", flush=True)
            results.append(bench(name, steps, base))
    print(f"\n{'case':<8} {'install s':>10} {'site-packages MB':>17} {'torch':>6}   largest")
    for r in results:
        big = ", ".join(f"{n} {size / 1e6:.0f}" for n, size in r.largest)
        print(f"{r.name:<8} {r.seconds:>10.1f} {r.bytes / 1e6:>17.0f} {'yes' if r.torch else 'no':>6}   {big}")


if __name__ == "__main__":
    main()
