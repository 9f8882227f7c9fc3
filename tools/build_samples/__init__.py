"""Builders of data/samples/*.xlsx from the seed documents in ../shared/seeds.

Each module here defines build(seeds: Path, out_dir: Path) -> Path and writes one workbook
in that institution's own layout. The workbooks are committed; these scripts say how they were made.
"""
