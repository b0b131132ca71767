#!/usr/bin/env python3
"""Report benchmark: the cleansing report of a run of N records.

Loads N generated legacy dossiers (the records of scripts/bench-cleanse.py: every standardizer,
administrative units, flags, quarantine) with `pipeline run` into a private cluster under
bench/, then times `pipeline report RUN` --repeat times: reading the stored report from the
ledger, rendering the JSON and the HTML and writing both. Prints the medians, the run's own
time, and the sizes of the files. Targets: under 2 s for a run of 1,000,000 records, HTML under
2 MB.

Usage: python3 scripts/bench-report.py [--records 1000000] [--repeat 5] [--work bench]
"""
import argparse
import importlib.util
import json
import os
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(name):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), os.path.join(ROOT, "scripts", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_load = load("bench-load")
bench_cleanse = load("bench-cleanse")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench"))
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    data = bench_load.data_file(work, f"cleanse-{args.records}.csv", args.records, bench_cleanse.generate)
    pipeline = os.path.join(work, "report.yml")
    with open(pipeline, "w", encoding="utf-8") as f:
        f.write(bench_cleanse.PIPELINE.format(csv=data).replace("name: bench-cleanse", "name: bench-report")
                .replace("load:\n", "load:\n  schema: bench_report\n")
                + "report:\n  dir: " + os.path.join(work, "reports") + "\n")
    binary = bench_load.release_binary()
    cluster, conninfo = bench_load.start_cluster(binary, work)
    subprocess.run(["psql", "-q", "-d", conninfo, "-c", "DROP SCHEMA IF EXISTS bench_report CASCADE;"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    seconds, _, out = bench_load.run([binary, "run", pipeline, "--database", conninfo, "--json"])
    report = json.loads(out)
    run_id = report["manifest"]["run_id"]
    _, line = bench_load.summary_line(out)
    print(f"run {run_id}: {seconds:.1f} s  [{line}]", flush=True)

    out_dir = os.path.join(work, "report-out")
    times = []
    for i in range(args.repeat):
        t, _, _ = bench_load.run([binary, "report", str(run_id), "--database", conninfo, "--out", out_dir],
                                 discard_output=True)
        times.append(t)
        print(f"  pipeline report {i + 1}: {t:.3f} s", flush=True)
    html = os.path.getsize(os.path.join(out_dir, f"run-{run_id}.html"))
    js = os.path.getsize(os.path.join(out_dir, f"run-{run_id}.json"))
    print()
    print(f"records: {report['reconciliation']['read']}  (median of {args.repeat})")
    print(f"pipeline report (read the ledger, render JSON + HTML, write): {statistics.median(times):.3f} s  (target < 2 s)")
    print(f"HTML {html / 1e6:.2f} MB (target < 2 MB), JSON {js / 1e6:.2f} MB")
    subprocess.run([binary, "db", "stop", "--embedded-dir", cluster], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
