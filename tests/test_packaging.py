"""What a new user meets: the README's two set-up commands (and CI running the second), dependencies
that never pull PyTorch, and types a user's mypy can check against (``py.typed``)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT

HEAVY = {"camel-tools", "scikit-learn", "torch", "transformers", "pandas", "sympy"}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _setup_commands() -> list[str]:
    """The commands of the README's shell blocks that install something."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.startswith("pip install")]


def test_two_setup_commands_and_ci_runs_the_second() -> None:
    main, tests = _setup_commands()
    assert main.endswith("&& bilingual run examples -o out")  # runs on what the repository ships
    assert tests.endswith("&& pytest")
    assert "shared" not in main + tests and "torch" not in main + tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci and "export CI=true" in ci


def test_no_runtime_dependency_is_heavy_and_the_package_never_imports_them() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not {_name(r) for r in project["dependencies"]} & HEAVY
    for extra in ("lexicon", "dask"):
        assert not {_name(r) for r in project["optional-dependencies"][extra]} & HEAVY, extra
    # dev: scikit-learn refits the aligner; pandas (with datasets) reads the exports back in the tests, as the
    # tools users read them with. Never PyTorch.
    assert not {_name(r) for r in project["optional-dependencies"]["dev"]} & HEAVY - {"scikit-learn", "pandas"}
    for path in (ROOT / "bilingual").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        imports = r"^\s*(?:from|import) (?:camel_tools|sklearn|pandas|datasets|translate)\b"
        assert not re.search(imports, source, flags=re.MULTILINE), path


def test_py_typed_is_shipped() -> None:
    assert (ROOT / "bilingual" / "py.typed").is_file()
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "py.typed" in setuptools["package-data"]["bilingual"]


MYPY_CONFIG = """\
[mypy]
strict = True
disallow_any_expr = True
follow_imports = silent
cache_dir = {cache}
# The st:PATH encoder imports these lazily; the user script does not reach them.
[mypy-torch.*,transformers.*]
follow_imports = skip
"""


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install -e '.[dev]')")
def test_a_user_script_type_checks_strictly_with_no_any_from_bilingual(tmp_path: Path) -> None:
    """``mypy --strict --disallow-any-expr`` on tests/typing_user_script.py: every value the script takes
    from the public API has a precise type."""
    config = tmp_path / "mypy.ini"
    config.write_text(MYPY_CONFIG.format(cache=tmp_path / "cache"), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "tests/typing_user_script.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr
