#!/usr/bin/env python3
"""OCR benchmark: every sample register page read cell by cell, scored field by field.

Runs `pipeline read-page` (release build) on each page of samples/paper-index/ (deskew, ruled
grid, Tesseract per cell), takes the body rows (the page's JSON says where they start), and
compares each cell with the truth CSV (white space collapsed). Prints, per page and per column,
the share of fields read exactly, and the time per page. Targets of the register work: 97% of
fields exactly right on clean and mild pages.

Usage: python3 scripts/bench-ocr.py
"""
import csv
import glob
import importlib.util
import json
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = os.path.join(ROOT, "samples", "paper-index")
_spec = importlib.util.spec_from_file_location("bench_load", os.path.join(ROOT, "scripts", "bench-load.py"))
bench_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_load)


def norm(s):
    return " ".join(s.split())


def main():
    binary = bench_load.release_binary()
    totals = {}
    for png in sorted(glob.glob(os.path.join(PAGES, "register-*.png"))):
        stem = os.path.basename(png)[:-4]
        facts = json.load(open(os.path.join(PAGES, stem + ".json"), encoding="utf-8"))
        with open(os.path.join(PAGES, stem + ".csv"), encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, truth = rows[0], rows[1:]
        start = time.monotonic()
        result = subprocess.run([binary, "read-page", png], capture_output=True, text=True)
        seconds = time.monotonic() - start
        level = facts["scan"]["level"]
        if result.returncode != 0:
            print(f"{stem} ({level}): no grid: {result.stderr.strip()}")
            totals.setdefault(level, [0, 0])[1] += len(truth) * len(header)
            continue
        page = json.loads(result.stdout)
        body = page["cells"][facts["table"]["first_body_row_index"]:]
        per_column = [[0, 0] for _ in header]
        for t, cells in zip(truth, body):
            for c, expected in enumerate(t):
                got = cells[c]["text"] if c < len(cells) else ""
                per_column[c][1] += 1
                if norm(got) == norm(expected):
                    per_column[c][0] += 1
        missing = max(0, len(truth) - len(body)) * len(header)
        right = sum(r for r, _ in per_column)
        fields = sum(n for _, n in per_column) + missing
        totals.setdefault(level, [0, 0])
        totals[level][0] += right
        totals[level][1] += fields
        columns = ", ".join(f"{h} {r / n:.0%}" for h, (r, n) in zip(header, per_column) if n)
        print(f"{stem} ({level}, skew {page['skew_degrees']:+.2f}°): {right}/{fields} = {right / fields:.1%} exact, "
              f"{seconds:.1f} s | {columns}", flush=True)
    print()
    for level in ("clean", "mild", "hard"):
        if level in totals:
            r, n = totals[level]
            print(f"{level:5s}: {r}/{n} fields exact = {r / n:.1%}")


if __name__ == "__main__":
    main()
