"""Every command's --help, as a user runs it (issue 27, "Help texts").

Each help names every format a brief is read from, prints what it means ("200 %", never
argparse's escape "200 %%"), and ends with two examples.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from publish.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
FORMATS = (".txt", ".md", ".docx", ".html", ".odt")
READS_A_BRIEF = ["normalize", "epub", "pdf", "release", "preview"]


def help_text(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    proc = subprocess.run([sys.executable, "-m", "publish", *args, "--help"], env=env,
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return proc.stdout


@pytest.fixture(scope="module")
def helps() -> dict[str, str]:
    return {name: help_text(name) for name in COMMANDS}


def test_every_command_has_help(helps: dict[str, str]) -> None:
    assert set(helps) == set(COMMANDS) and all(helps.values())


@pytest.mark.parametrize("command", READS_A_BRIEF)
def test_help_names_every_format_read(helps: dict[str, str], command: str) -> None:
    text = helps[command]
    assert "plain text or Markdown" not in text
    missing = [suffix for suffix in FORMATS if suffix not in text]
    assert not missing, f"publish {command} --help does not name {missing}"


def test_top_level_help_names_every_format() -> None:
    text = help_text()
    assert all(suffix in text for suffix in FORMATS)


@pytest.mark.parametrize("command", COMMANDS)
def test_no_escaped_percent(helps: dict[str, str], command: str) -> None:
    assert "%%" not in helps[command]


def test_preview_help_says_200_percent(helps: dict[str, str]) -> None:
    assert re.search(r"200 %(?!%)", " ".join(helps["preview"].split()))


@pytest.mark.parametrize("command", COMMANDS)
def test_help_ends_with_two_examples(helps: dict[str, str], command: str) -> None:
    lines = helps[command].rstrip().splitlines()
    assert lines[-3] == "examples:", f"publish {command} --help does not end in examples"
    for line in lines[-2:]:
        example = line.split("  ")[1] if line.startswith("  ") else ""
        assert example.startswith(f"publish {command}") or example.startswith("publish "), line
        assert len(line.split()) > len(example.split()), f"no explanation: {line}"
    assert any(f"publish {command}" in line for line in lines[-2:])
