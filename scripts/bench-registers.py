#!/usr/bin/env python3
"""Register benchmark: the six sample pages loaded through `pipeline run pipelines/registers.yml`
(release build, a fresh embedded cluster), scored field by field against their truth CSVs.

Each field of each page is one of:
  exact     loaded, and equal to the truth (NFC, white space collapsed; dates compared as dates);
  flagged   not loaded as a value: waiting in etl.register_review, or its page sent whole to
            manual keying (quarantined as manual_keying);
  wrong     loaded, and not equal to the truth: an error nobody was told about.
Prints per page and per column, then per scan level, the shares and the pages per minute.
Targets of the register work: on clean and mild pages at least 97% exact and at most 1% wrong;
hard pages at least 85% exact or sent to manual keying.

Usage: python3 scripts/bench-registers.py [--repeat N]
"""
import argparse
import csv
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = os.path.join(ROOT, "samples", "paper-index")
PIPELINE = os.path.join(ROOT, "pipelines", "registers.yml")
_spec = importlib.util.spec_from_file_location("bench_load", os.path.join(ROOT, "scripts", "bench-load.py"))
bench_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_load)

COLUMNS = ["stt", "entry_number", "full_name", "birth_date", "address", "content", "issued_on"]


def norm(s):
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def iso(d):
    p = d.split("/")
    return f"{p[2]}-{p[1]}-{p[0]}" if len(p) == 3 else d


def psql(conninfo, sql):
    out = subprocess.run(["psql", conninfo, "-At", "-F", "\x1f", "-c", sql], capture_output=True, text=True, check=True).stdout
    return [line.split("\x1f") for line in out.splitlines() if line]


def one_run(binary, work):
    """Loads the pages once on a fresh cluster; returns (seconds, conninfo)."""
    shutil.rmtree(os.path.join(work, "pg"), ignore_errors=True)
    _, conninfo = bench_load.start_cluster(binary, work)
    start = time.monotonic()
    result = subprocess.run([binary, "run", PIPELINE, "--database", conninfo, "--json"], capture_output=True, text=True,
                            cwd=work)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"pipeline run failed: {result.stderr}")
    return seconds, conninfo, json.loads(result.stdout)


def score(conninfo):
    entries = {}
    for row in psql(conninfo, "SELECT page_file, page_row, " + ", ".join(f"coalesce({c}::text, '\x02')" for c in COLUMNS)
                    + " FROM registers.entries ORDER BY page_file, page_row"):
        entries.setdefault(os.path.basename(row[0]), {})[int(row[1])] = [None if v == "\x02" else v for v in row[2:]]
    review = {}
    for f, r, field in psql(conninfo, "SELECT file, \"row\", field FROM etl.register_review"):
        review.setdefault(os.path.basename(f), set()).add((int(r), field))
    manual = {os.path.basename(f): d for f, d in psql(conninfo, "SELECT file, detail FROM etl.quarantine WHERE reason = 'manual_keying'")}
    return entries, review, manual


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1, help="runs to time (the scores are from the last)")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "motcua-bench-registers"))
    args = ap.parse_args()
    binary = bench_load.release_binary()
    os.makedirs(args.work, exist_ok=True)
    times = []
    for _ in range(args.repeat):
        seconds, conninfo, report = one_run(binary, args.work)
        times.append(seconds)
    entries, review, manual = score(conninfo)
    totals = {}
    pages = 0
    for png in sorted(f for f in os.listdir(PAGES) if f.endswith(".png")):
        pages += 1
        stem = png[:-4]
        facts = json.load(open(os.path.join(PAGES, stem + ".json"), encoding="utf-8"))
        level = facts["scan"]["level"]
        with open(os.path.join(PAGES, stem + ".csv"), encoding="utf-8") as f:
            truth = list(csv.reader(f))[1:]
        counts = totals.setdefault(level, {"exact": 0, "flagged": 0, "wrong": 0, "fields": 0})
        per_column = [[0, 0, 0] for _ in COLUMNS]
        if png in manual:
            n = len(truth) * len(COLUMNS)
            counts["flagged"] += n
            counts["fields"] += n
            print(f"{stem} ({level}): sent to manual keying: {manual[png]}")
            continue
        got = entries.get(png, {})
        first = facts["table"]["first_body_row_index"]
        page_review = review.get(png, set())
        exact = flagged = wrong = 0
        for i, t in enumerate(truth):
            # Truth row i is the table's row first + i + 1, counting rows from the top rule.
            row = first + i + 1
            values = got.get(row, [None] * len(COLUMNS))
            for c, expected in enumerate(t):
                want = iso(expected) if COLUMNS[c] in ("birth_date", "issued_on") else expected
                value = values[c]
                if value is None:
                    outcome = 1 if (row, COLUMNS[c]) in page_review else 2
                else:
                    outcome = 0 if norm(value) == norm(want) else 2
                per_column[c][outcome] += 1
                exact += outcome == 0
                flagged += outcome == 1
                wrong += outcome == 2
        n = len(truth) * len(COLUMNS)
        counts["exact"] += exact
        counts["flagged"] += flagged
        counts["wrong"] += wrong
        counts["fields"] += n
        columns = ", ".join(f"{name} {e}/{f}/{w}" for name, (e, f, w) in zip(COLUMNS, per_column))
        print(f"{stem} ({level}): {exact / n:.1%} exact, {flagged / n:.1%} flagged, {wrong / n:.1%} wrong "
              f"({n} fields) | exact/flagged/wrong: {columns}")
    print()
    for level in ("clean", "mild", "hard"):
        c = totals.get(level)
        if c:
            n = c["fields"]
            print(f"{level:5s}: {c['exact'] / n:.1%} exact, {c['flagged'] / n:.1%} flagged, {c['wrong'] / n:.1%} wrong "
                  f"of {n} fields")
    both = [totals[l] for l in ("clean", "mild") if l in totals]
    n = sum(c["fields"] for c in both)
    print(f"clean+mild: {sum(c['exact'] for c in both) / n:.1%} exact, {sum(c['wrong'] for c in both) / n:.1%} wrong "
          f"unflagged (targets: >= 97%, <= 1%)")
    median = statistics.median(times)
    r = report["reconciliation"]
    print(f"\npipeline run of {pages} pages: median {median:.1f} s of {len(times)} ({pages / median * 60:.0f} pages a minute); "
          f"read {r['read']} = loaded {r['loaded']} + merged {r['merged']} + quarantined {r['quarantined']}")


if __name__ == "__main__":
    main()
