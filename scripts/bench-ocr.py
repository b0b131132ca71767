#!/usr/bin/env python3
"""OCR benchmark: every sample register page read cell by cell, scored field by field.

Runs `pipeline read-page` (release build) on each page of samples/paper-index/ (deskew, ruled
grid, cells cleaned and read by Tesseract, numeric columns 0,1,3,6 with digits and '/' only),
takes the body rows (the page's JSON says where they start), and compares each cell with the
truth CSV (white space collapsed). Prints, per page and per column, the share of fields read
exactly and the time per page; then the totals per scan level and how often a cell is right at
each confidence (what the validation layer can trust). Targets of the register work: 97% of
fields exactly right on clean and mild pages; hard pages 85% or sent to manual keying.

By default each page is read by its own process, one after the other, so each page is timed.
--threads N reads all pages in one process on N threads (RegisterPageReader.readAll) and reports
the wall time per page instead.

Usage: python3 scripts/bench-ocr.py [--threads N] [--binary PATH]
       (or MOTCUA_PIPELINE=PATH: a pipeline binary to use instead of building the release one)
"""
import argparse
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

LEVELS = ("clean", "mild", "hard")
# Confidence bands for the calibration table (lowest word confidence of a cell).
BANDS = [(None, None), (0, 50), (50, 70), (70, 80), (80, 90), (90, 95), (95, 101)]


def norm(s):
    return " ".join(s.split())


def score(stem, page, seconds, totals, columns_by_level, bands):
    """Scores one page's JSON against its truth CSV; prints its line."""
    facts = json.load(open(os.path.join(PAGES, stem + ".json"), encoding="utf-8"))
    with open(os.path.join(PAGES, stem + ".csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, truth = rows[0], rows[1:]
    level = facts["scan"]["level"]
    totals.setdefault(level, [0, 0])
    per_level = columns_by_level.setdefault(level, [[0, 0] for _ in header])
    if page is None:
        print(f"{stem} ({level}): not read")
        totals[level][1] += len(truth) * len(header)
        return
    body = page["cells"][facts["table"]["first_body_row_index"]:]
    per_column = [[0, 0] for _ in header]
    for t, cells in zip(truth, body):
        for c, expected in enumerate(t):
            cell = cells[c] if c < len(cells) else {"text": ""}
            right = norm(cell["text"]) == norm(expected)
            per_column[c][1] += 1
            per_level[c][1] += 1
            if right:
                per_column[c][0] += 1
                per_level[c][0] += 1
            confidence = cell.get("confidence")
            for band in BANDS:
                lo, hi = band
                if (lo is None and confidence is None) or (lo is not None and confidence is not None and lo <= confidence < hi):
                    b = bands.setdefault(band, [0, 0])
                    b[0] += right
                    b[1] += 1
    missing = max(0, len(truth) - len(body)) * len(header)
    right = sum(r for r, _ in per_column)
    fields = sum(n for _, n in per_column) + missing
    totals[level][0] += right
    totals[level][1] += fields
    columns = ", ".join(f"{h} {r / n:.0%}" for h, (r, n) in zip(header, per_column) if n)
    timing = f"{seconds:.1f} s" if seconds is not None else "parallel"
    print(f"{stem} ({level}, skew {page['skew_degrees']:+.2f}°): {right}/{fields} = {right / fields:.1%} exact, "
          f"{timing} | {columns}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=0,
                        help="read all pages in one process on N threads (default: one process per page, timed)")
    parser.add_argument("--binary", default=os.environ.get("MOTCUA_PIPELINE"),
                        help="the pipeline binary (default: build the release one)")
    args = parser.parse_args()
    binary = args.binary or bench_load.release_binary()
    pngs = sorted(glob.glob(os.path.join(PAGES, "register-*.png")))
    stems = [os.path.basename(p)[:-4] for p in pngs]
    totals, columns_by_level, bands = {}, {}, {}
    if args.threads > 0:
        start = time.monotonic()
        result = subprocess.run([binary, "read-page", "--threads", str(args.threads), *pngs], capture_output=True, text=True)
        seconds = time.monotonic() - start
        pages = json.loads(result.stdout) if result.stdout.strip() else [None] * len(pngs)
        if result.returncode != 0:
            print(result.stderr.strip())
        for stem, page in zip(stems, pages):
            score(stem, page, None, totals, columns_by_level, bands)
        print(f"{len(pngs)} pages on {args.threads} threads in {seconds:.1f} s = {seconds / len(pngs):.2f} s a page")
    else:
        elapsed = 0.0
        for stem, png in zip(stems, pngs):
            start = time.monotonic()
            result = subprocess.run([binary, "read-page", png], capture_output=True, text=True)
            seconds = time.monotonic() - start
            elapsed += seconds
            if result.returncode != 0:
                print(f"{stem}: {result.stderr.strip()}")
            score(stem, json.loads(result.stdout) if result.returncode == 0 else None, seconds, totals, columns_by_level, bands)
        print(f"{len(pngs)} pages one after the other in {elapsed:.1f} s = {elapsed / len(pngs):.2f} s a page")
    print()
    for level in LEVELS:
        if level in totals:
            r, n = totals[level]
            header = next(csv.reader(open(os.path.join(PAGES, stems[0] + ".csv"), encoding="utf-8")))
            columns = ", ".join(f"{h} {a / b:.0%}" for h, (a, b) in zip(header, columns_by_level[level]) if b)
            print(f"{level:5s}: {r}/{n} fields exact = {r / n:.1%} | {columns}")
    print()
    print("confidence (lowest word) vs share of cells right:")
    for band in BANDS:
        if band in bands:
            r, n = bands[band]
            label = "empty" if band[0] is None else f"[{band[0]}, {min(band[1], 100)})" if band[1] <= 100 else f"[{band[0]}, 100]"
            print(f"  {label:10s} {n:4d} cells, {r / n:.0%} right")


if __name__ == "__main__":
    main()
