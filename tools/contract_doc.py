"""python -m tools.contract_doc [--check]: write docs/data-contract.md from sql/contract.toml.

--check writes nothing and exits 1 when the committed page differs from what the contract says.
"""
from __future__ import annotations

import sys
from pathlib import Path

from etl import contract

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-contract.md"
HEADINGS = {"base": "Tables", "staging": "Staging views", "marts": "Views"}


def _checks(column: dict) -> str:
    out = []
    if column.get("not_null"):
        out.append("not null")
    if column.get("unique"):
        out.append("unique")
    if "accepted_values" in column:
        out.append("one of " + ", ".join(f"`{v}`" for v in column["accepted_values"]))
    if "relationship" in column:
        out.append(f"in `{column['relationship']}`")
    return "; ".join(out)


def _model(name: str) -> list[str]:
    m = contract.model(name)
    lines = [f"### `{name}` — {m['description']}", ""]
    if "like" in m:
        own = m.get("columns", [])
        but = m.get("without", [])
        lines += [f"Every column of `{m['like']}`" + (" but " + ", ".join(f"`{c}`" for c in but) if but else "")
                  + (", then:" if own else "."), ""]
    else:
        own = m["columns"]
    if own:
        lines += ["| column | type | meaning | checks |", "|---|---|---|---|"]
        lines += [f"| `{c['name']}` | {c['type']} | {c['meaning']} | {_checks(c)} |" for c in own]
        lines.append("")
    for cols in m.get("unique", []):
        lines += [f"Unique: ({', '.join(f'`{c}`' for c in cols)}).", ""]
    for rule in m.get("expect", []):
        lines += [f"Rule: {rule['rule']} (broken when `{rule['broken_when']}`).", ""]
    if "notes" in m:
        lines += [m["notes"].strip(), ""]
    return lines


def render() -> str:
    doc = contract.load()["doc"]
    lines = [f"# {doc['title']}", "", doc["intro"].strip(), "",
             "| layer | folder | what it holds |", "|---|---|---|"]
    lines += [f"| {name} | `{layer['folder']}` | {layer['holds']} |"
              for name, layer in contract.load()["layers"].items()]
    lines += ["", "## Conventions", "", doc["conventions"].strip(), ""]
    for section in doc.get("sections", []):
        lines += [f"## {section['title']}", "", section["text"].strip(), ""]
    lines += ["## At a glance", "", "| model | layer | what it holds |", "|---|---|---|"]
    lines += [f"| `{name}` | {contract.model(name)['layer']} | {contract.model(name)['description']} |"
              for name in contract.models()]
    lines.append("")
    for layer in contract.load()["layers"]:
        lines += [f"## {HEADINGS.get(layer, layer)}", ""]
        for name in contract.models(layer):
            lines += _model(name)
    lines += ["## Example", "", doc["example"].strip(), ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} no coincide con sql/contract.toml: ejecute python -m tools.contract_doc", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"escrito {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
