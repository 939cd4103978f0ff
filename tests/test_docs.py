"""The README stays true: its CLI help block is the real help, and every command has a section."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from dashboard.cli import build_parser, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _help_text() -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["--help"])
    return out.getvalue()


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_readme_shows_the_real_top_level_help() -> None:
    block = re.search(r"```\n(usage: incident-map .*?)```", README, re.S)
    assert block, "README has no 'usage: incident-map' block"
    assert _squash(block.group(1)) == _squash(_help_text())


def test_every_command_has_a_readme_section() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing = [c for c in commands if f"### `incident-map {c}`" not in README]
    assert not missing, f"README lacks a section for: {missing}"


def test_quick_start_is_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(commands) == 2
    assert "incident-map serve" in commands[0] and "pytest" in commands[1]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].replace("pip install -e", "pip install -q -e") in ci
