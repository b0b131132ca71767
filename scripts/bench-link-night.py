#!/usr/bin/env python3
"""A night of record linkage inside `pipeline run`: full relink against incremental.

Generates N + M person records with scripts/bench-link.py's generator (the same people, name
variants, swapped dates, CMND/CCCD, shared phones) and splits them: the first N are loaded and
linked by a first `pipeline run` (night 1: every record linked, the model estimated), the last M
are the next night's file. Night 1's database is kept as a template; each trial copies it and
runs night 2 with `dedupe.people.relink: always` (every record linked again, the model
estimated again) or `when_needed` (incremental: only the M new records compared, with night 1's
model). It prints, per mode, the median over the trials of the linkage time (the report's
`dedup.linkage[].seconds`: reading the table, linking, storing), the pairs compared and the
whole run's time, and checks that both modes give the same partition when the model is the same
(it is not here: the full relink re-estimates it, so the partitions may differ by a few
borderline pairs; the count of differing records is printed).

Usage: python3 scripts/bench-link-night.py [--records 1000000] [--night 10000] [--repeat 3]
       [--binary PATH] [--work bench]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import importlib.util

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


_spec = importlib.util.spec_from_file_location("bench_link", os.path.join(ROOT, "scripts", "bench-link.py"))
bench_link = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_link)
bench_load = bench_link.bench_load


def pipeline_text(csv, out, relink):
    text = bench_link.PIPELINE.format(csv=csv, out=out)
    text = text.replace("name: bench-link\n", "name: bench-link-night\n")
    return text.replace("    review_probability: 0.5\n", f"    review_probability: 0.5\n    relink: {relink}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000, help="records loaded on night 1")
    ap.add_argument("--night", type=int, default=10_000, help="new records on night 2")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--binary", help="a release `pipeline` (default: built with swift build -c release)")
    ap.add_argument("--work", default=os.path.join(ROOT, "bench"))
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    binary = args.binary or bench_load.release_binary()

    total = args.records + args.night
    data = bench_load.data_file(work, f"link-people-{total}.csv", total, bench_link.generate)
    night1, night2 = (os.path.join(work, f"night-{n}.csv") for n in (1, 2))
    with open(data, encoding="utf-8") as f:
        header = f.readline()
        lines = f.readlines()
    with open(night1, "w", encoding="utf-8") as f:
        f.write(header)
        f.writelines(lines[:args.records])
    with open(night2, "w", encoding="utf-8") as f:
        f.write(header)
        f.writelines(lines[args.records:])

    cluster, conninfo = bench_load.start_cluster(binary, work)
    base = conninfo.replace("dbname=motcua", "dbname={}")

    def psql(sql, db="motcua"):
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", base.format(db), "-c", sql], check=True,
                       stdout=subprocess.DEVNULL, env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))

    def pipeline_file(name, csv, relink):
        path = os.path.join(work, f"{name}.yml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(pipeline_text(csv, os.path.join(work, "night-out"), relink))
        return path

    def run(pipeline, db):
        seconds, _, out = bench_load.run([binary, "run", pipeline, "--database", base.format(db), "--json"])
        report = json.loads(out)
        return seconds, report["dedup"]["linkage"][0]

    try:
        psql("DROP DATABASE IF EXISTS night_trial")
        psql("DROP DATABASE IF EXISTS night_one")
        psql("CREATE DATABASE night_one")
        seconds, linkage = run(pipeline_file("night-1", night1, "when_needed"), "night_one")
        print(f"night 1: {args.records} records, run {seconds:.1f} s, linkage {linkage['seconds']:.1f} s, "
              f"{linkage['pairs_compared']} pairs compared, {linkage['entities']} entities", flush=True)
        psql("CHECKPOINT")
        figures = {"always": [], "when_needed": []}
        partitions = {}
        for i in range(args.repeat):
            for relink in ("always", "when_needed"):
                psql("DROP DATABASE IF EXISTS night_trial")
                psql("CREATE DATABASE night_trial TEMPLATE night_one")
                psql("CHECKPOINT")
                seconds, linkage = run(pipeline_file(f"night-2-{relink}", night2, relink), "night_trial")
                figures[relink].append((linkage["seconds"], linkage["pairs_compared"], seconds, linkage["mode"]))
                print(f"  night 2 ({relink}, {linkage['mode']}) {i + 1}: run {seconds:.2f} s, linkage "
                      f"{linkage['seconds']:.2f} s, {linkage['pairs_compared']} pairs compared, "
                      f"{linkage.get('changed_records', '-')} records new or changed", flush=True)
                if i == 0:
                    out = subprocess.run(["psql", "-At", "-d", base.format("night_trial"), "-c",
                                          "SELECT record_key, entity_id FROM etl.entities WHERE entity = 'people'"],
                                         check=True, capture_output=True, text=True).stdout
                    partitions[relink] = dict(line.split("|", 1) for line in out.splitlines() if line)
        psql("DROP DATABASE IF EXISTS night_trial")
        print()
        print(f"night 2: {args.night} new records on {args.records} (medians of {args.repeat})")
        for relink, label in (("always", "full relink "), ("when_needed", "incremental ")):
            f = figures[relink]
            print(f"{label}: linkage {statistics.median(x[0] for x in f):7.2f} s, "
                  f"{statistics.median(x[1] for x in f):>10,} pairs compared, run {statistics.median(x[2] for x in f):7.2f} s")
        a, b = partitions["always"], partitions["when_needed"]

        def groups(p):
            g = {}
            for k, e in p.items():
                g.setdefault(e, set()).add(k)
            return {k: frozenset(g[e]) for k, e in p.items()}
        ga, gb = groups(a), groups(b)
        differ = sum(1 for k in ga if ga[k] != gb.get(k))
        print(f"records whose entity differs between the two (model re-estimated vs reused): {differ} of {len(ga)}")
    finally:
        subprocess.run([binary, "db", "stop", "--embedded-dir", cluster], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    sys.exit(main())
