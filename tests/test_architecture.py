"""The shape of the package stays as docs/architecture.md draws it: layers, small modules, one vocabulary."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.extract.lexicon import load
from dashboard.models import EVENT_TYPES, SUB_EVENT_TYPES
from dashboard.resources import resource_path
from dashboard.views.style import TYPE_COLOURS

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted((ROOT / "dashboard").rglob("*.py"))
MAX_LINES = 400


def test_the_layer_contract_is_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_is_small_and_says_what_it_is(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES, f"{path.name} is over {MAX_LINES} lines: split it"
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert docstring, f"{path.name} has no module docstring"
    assert "layer" in docstring, f"{path.name}: the docstring does not name its layer"


def test_trigger_lexicon_speaks_the_models_vocabulary() -> None:
    rows = [row for language in ("ar", "en") for row in load("incident_triggers")[language]]
    unknown = {(row[1], row[2]) for row in rows if row[2] not in SUB_EVENT_TYPES.get(row[1], ())}
    assert not unknown, f"event types not in dashboard.models.SUB_EVENT_TYPES: {sorted(unknown)}"


def test_one_palette_in_the_models_legend_order() -> None:
    assert tuple(TYPE_COLOURS) == EVENT_TYPES


def test_package_data_is_found_through_the_package() -> None:
    assert resource_path("data", "gazetteer.csv").is_file()
    assert list(resource_path("seeds").glob("*.txt"))
    assert resource_path("extract", "lexicon", "incident_triggers.json").is_file()
