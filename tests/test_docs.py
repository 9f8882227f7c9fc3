"""The docs keep up with the code: the README's pages are the pages app.py registers, its map of the
repository names paths that exist, and every `python -m etl` usage in the docs names real options."""
from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def section(title: str) -> str:
    """The README's text under '## title', up to the next heading of that level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def table(text: str) -> list[list[str]]:
    """The rows of the first Markdown table in `text`, header and rule left out."""
    rows = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def registered_pages() -> list[tuple[str, str]]:
    """(title, file) of every st.Page(...) in app.py, in order, read from its syntax tree."""
    pages = []
    for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page":
            title = next(k.value.value for k in node.keywords if k.arg == "title")
            pages.append((title, node.args[0].value))
    return pages


def test_the_readme_lists_exactly_the_pages_app_py_registers():
    pages = registered_pages()
    assert len(pages) >= 6
    assert [row[0] for row in table(section("The dashboard"))] == [title for title, _ in pages]
    assert all((ROOT / file).is_file() for _, file in pages)


def looks_like_path(token: str) -> bool:
    return " " not in token and (token.endswith("/") or re.search(r"\.[a-z]{2,4}$", token) is not None)


def test_what_is_where_names_paths_that_exist():
    missing = []
    for where, what in table(section("What is where")):
        places = [p for p in re.findall(r"`([^`]+)`", where)]
        assert places, f"row without a path: {where}"
        missing += [p for p in places if not (ROOT / p).exists()]
        # Paths in the description are relative to the row's own folders, or to the repository.
        for token in filter(looks_like_path, re.findall(r"`([^`]+)`", what)):
            bases = [ROOT] + [ROOT / p for p in places if p.endswith("/")]
            if not any((base / token).exists() for base in bases):
                missing.append(f"{token} ({where})")
    assert missing == []


@functools.lru_cache
def cli_options(*command: str) -> set[str]:
    help_text = subprocess.run([sys.executable, "-m", "etl", *command, "--help"], cwd=ROOT, capture_output=True,
                               text=True, timeout=60, check=True).stdout
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", help_text)) - {"--help"}


def test_the_readme_synopsis_lists_every_option_of_etl_load():
    synopsis = next(line for line in README.splitlines() if re.search(r"-m etl load \[", line))
    assert set(re.findall(r"--[a-z][a-z-]*", synopsis)) == cli_options("load")


def test_the_commands_the_cli_offers_are_the_ones_documented():
    help_text = subprocess.run([sys.executable, "-m", "etl", "--help"], cwd=ROOT, capture_output=True, text=True,
                               timeout=60, check=True).stdout
    # The commands are the indented words under ORDEN, each followed by its help.
    offered = set(re.findall(r"^    (\w+) ", help_text, flags=re.M))
    documented = {m for doc in DOCS for m in re.findall(r"-m etl (\w+)", doc.read_text(encoding="utf-8"))}
    assert documented == offered


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_etl_load_usage_in_the_docs_uses_real_options(doc):
    real = cli_options("load")
    text = doc.read_text(encoding="utf-8")
    used = {opt for line in text.splitlines() if "-m etl load" in line or "etl load" in line
            for opt in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line)}
    assert used <= real, f"{doc.name}: {sorted(used - real)} no son opciones de `python -m etl load`"
