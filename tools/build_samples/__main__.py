"""python -m tools.build_samples [--seeds DIR] [--out DIR]: rebuild every sample workbook."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
from pathlib import Path

import tools.build_samples as package

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "samples")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "build"):
            print(module.build(args.seeds, args.out))


if __name__ == "__main__":
    main()
