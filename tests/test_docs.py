"""The docs keep up with the code: the README's pages are the pages app.py registers, its map of the
repository names paths that exist, every `python -m etl` usage in the docs names real options, links
between the docs reach a file and heading that exist, docs/performance.md stays a short note, and
docs/dashboard.md names the views each page reads, as the code reads them."""
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
DOCS_ALL = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
# The archive is the history of the performance rounds, verbatim: its commands are those of their day.
DOCS = [doc for doc in DOCS_ALL if doc.name != "performance-archive.md"]


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


def slugs(doc: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces to
    hyphens, a repeated one numbered -1, -2..."""
    seen, out = {}, set()
    for heading in re.findall(r"^#{1,6} (.+)$", doc.read_text(encoding="utf-8"), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        out.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return out


@pytest.mark.parametrize("doc", DOCS_ALL, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_between_the_docs_reach_a_file_and_a_heading(doc):
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        linked = (doc.parent / path).resolve() if path else doc
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in slugs(linked):
            broken.append(target)
    assert broken == []


def test_performance_md_is_a_short_note_and_the_rounds_are_in_the_archive():
    assert len((ROOT / "docs" / "performance.md").read_text(encoding="utf-8").splitlines()) <= 200
    assert (ROOT / "docs" / "performance-archive.md").is_file()


# ---- the views each page reads ---------------------------------------------------------------------------
# Worked out from the code, not from running it: a page's names that lead into dashboard/*.py (queries.plans,
# empty_states.no_data, a helper imported by name) are followed function by function, and the `v_*` names in
# the string constants met on the way are the views it reads. Docstrings are left out (they name views they
# only describe); every branch counts (Metas reads v_group_results or v_quarter_results, by the search).

VIEW = re.compile(r"\bv_\w+")


@functools.lru_cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.lru_cache
def imported_names(path: Path) -> dict[str, tuple[Path, str | None]]:
    """Local name -> (dashboard module, function), or (module, None) for `from dashboard import queries`."""
    names = {}
    for node in parsed(path).body:
        if isinstance(node, ast.ImportFrom) and node.module == "dashboard":
            names.update({a.asname or a.name: (ROOT / "dashboard" / f"{a.name}.py", None) for a in node.names})
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard."):
            module = ROOT / "dashboard" / f"{node.module.split('.', 1)[1]}.py"
            names.update({a.asname or a.name: (module, a.name) for a in node.names})
    return names


@functools.lru_cache
def top_level(path: Path) -> dict[str, ast.AST]:
    """A module's functions, classes and constants by name."""
    found = {}
    for node in parsed(path).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                found.update({t.id: node for t in ast.walk(target) if isinstance(t, ast.Name)})
    return found


def docstrings(tree: ast.AST) -> set[int]:
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}


def views_in(tree: ast.AST) -> set[str]:
    skip = docstrings(tree)
    return {v for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip for v in VIEW.findall(node.value)}


def leads(tree: ast.AST, path: Path) -> set[tuple[Path, str]]:
    """The (module, name) definitions in dashboard/ (or in `path` itself) that `tree` refers to."""
    imported, own, out = imported_names(path), top_level(path), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in own and own[node.id] is not tree:
            out.add((path, node.id))
        elif isinstance(node, ast.Name) and imported.get(node.id, (None, None))[1]:
            out.add(imported[node.id])
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and node.value.id in imported and imported[node.value.id][1] is None):
            out.add((imported[node.value.id][0], node.attr))
    return out


def views_read_by(page: Path) -> set[str]:
    views, seen, todo = views_in(parsed(page)), set(), leads(parsed(page), page)
    while todo:
        path, name = todo.pop()
        if (path, name) in seen or not path.is_file() or name not in top_level(path):
            continue  # a module's attribute that is not one of its definitions (st.cache_data.clear...)
        seen.add((path, name))
        node = top_level(path)[name]
        views |= views_in(node)
        todo |= leads(node, path)
    return views


def documented_views() -> dict[str, set[str]]:
    """docs/dashboard.md's table under '## Pages': page title -> the `v_*` names of its last column."""
    text = (ROOT / "docs" / "dashboard.md").read_text(encoding="utf-8")
    match = re.search(r"^## Pages\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, "docs/dashboard.md has no '## Pages' section"
    return {row[0]: set(re.findall(r"`(v_\w+)`", row[-1])) for row in table(match.group(1))}


def test_the_views_each_page_reads_are_found_in_the_code():
    # The walk itself: a page that reads nothing, or a name that is no view, means the walk went wrong.
    marts = {name for p in [*(ROOT / "sql" / "marts").glob("*.sql"), *(ROOT / "sql" / "dashboard").glob("*.sql")]
             for name in re.findall(r"CREATE (?:OR REPLACE )?VIEW (v_\w+)", p.read_text(encoding="utf-8"), re.I)}
    for _, file in registered_pages():
        views = views_read_by(ROOT / file)
        assert views, f"{file}: no view found"
        assert views <= marts, f"{file}: {sorted(views - marts)} are not views of sql/marts/ or sql/dashboard/"


@pytest.mark.parametrize("title,file", registered_pages(), ids=lambda v: v)
def test_docs_dashboard_md_names_the_views_each_page_reads(title, file):
    documented = documented_views()
    assert title in documented, f"docs/dashboard.md's table of pages has no row for {title}"
    read = views_read_by(ROOT / file)
    assert {"missing from the doc": sorted(read - documented[title]),
            "in the doc, not read": sorted(documented[title] - read)} == \
        {"missing from the doc": [], "in the doc, not read": []}, f"{title} ({file})"
