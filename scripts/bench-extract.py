#!/usr/bin/env python3
"""Extract benchmark: reading speed beside standard tools, and memory on a 2 GB export.

Generates realistic dossier CSV (the generator of bench-load.py: Vietnamese text, quoted
addresses, CRLF), then times, each --repeat times, medians reported:

  1. gzip CSV: `gzip -dc FILE > /dev/null` against `pipeline scan --extract-only` (gunzip +
     UTF-8 validation + CSV parsing of every field) and `pipeline scan` (plus mapping and the
     cleansing rules) on the same .csv.gz. Target: the pipeline reads at >= 50% of gunzip's
     throughput.
  2. Legacy encodings: the same text in TCVN3 and VNI-Windows (encoded with the tables in
     reference/encodings/), read by `pipeline scan --decode-only` (decoding to UTF-8 NFC only)
     and `--extract-only`; beside `iconv -f TCVN5712-1 -t UTF-8` for TCVN3 (iconv has no VNI).
     Target: decoding at >= 100 MB/s of input.
  3. --stream-gb N: a gzip CSV of N GB uncompressed (generated straight into gzip, never stored
     uncompressed) through `pipeline run` into an empty table of the bench cluster: time, rows/s
     and peak RSS (wait4). Target: peak RSS under 200 MB for 2 GB.

Usage: python3 scripts/bench-extract.py [--mb 300] [--repeat 3] [--stream-gb 2] [--work bench]
"""
import argparse
import csv as csvmod
import gzip
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
spec = importlib.util.spec_from_file_location("bench_load", os.path.join(ROOT, "scripts", "bench-load.py"))
bench_load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_load)


BYTES_PER_ROW = 251  # what bench-load.py's generator writes on average


def rows_for(mb):
    return int(mb * 1e6 / BYTES_PER_ROW)


def encoder(name):
    """A str -> bytes encoder from reference/encodings/<name>.tsv (letters with diacritics)."""
    table = {}
    with open(os.path.join(ROOT, "reference", "encodings", f"{name}.tsv"), encoding="utf-8") as f:
        for row in csvmod.DictReader(f, delimiter="\t"):
            if row["bytes_hex"]:
                table[row["unicode_char"]] = bytes.fromhex(row["bytes_hex"])
    lower = {c: table[c.lower()] for c in (ch for ch in map(chr, range(0xC0, 0x1EFA))) if c not in table and c.lower() in table}

    def encode(text):
        out = bytearray()
        for ch in text:
            if ord(ch) < 0x80:
                out.append(ord(ch))
            elif ch in table:
                out += table[ch]
            elif ch in lower:  # TCVN3 has no uppercase toned letters: the lowercase byte, as ABC fonts did
                out += lower[ch]
            else:
                raise ValueError(f"{name} cannot encode {ch!r}")
        return bytes(out)
    return encode


# bench-load.py's pipeline, with the source's encoding and a schema of its own.
PIPE = (bench_load.PIPELINE.replace("name: bench\n", "name: bench-extract\n", 1)
        .replace("    format: csv\n", "    format: csv\n    encoding: {encoding}\n", 1)
        .replace("schema: bench_pipeline", "schema: bench_extract"))


def median_run(cmd, repeat):
    """Runs cmd `repeat` times, output discarded; returns (median seconds, max peak RSS in MiB)."""
    times, rss = [], []
    for _ in range(repeat):
        t, r, _ = bench_load.run(cmd, discard_output=True)
        times.append(t)
        rss.append(r)
    return statistics.median(times), max(rss)


def part1(binary, pf, g, size, repeat):
    e, e_rss = median_run([binary, "scan", pf, "--extract-only"], repeat)
    c, c_rss = median_run([binary, "scan", pf], repeat)
    print(f"1. gzip CSV ({size / 1e6:.0f} MB uncompressed), medians of {repeat}:")
    print(f"   gzip -dc > /dev/null          : {g:6.2f} s  {size / g / 1e6:7.1f} MB/s")
    print(f"   pipeline scan --extract-only  : {e:6.2f} s  {size / e / 1e6:7.1f} MB/s  = {g / e * 100:.0f}% of gzip -dc  (peak RSS {e_rss:.0f} MiB)")
    print(f"   pipeline scan (with cleansing): {c:6.2f} s  {size / c / 1e6:7.1f} MB/s  = {g / c * 100:.0f}% of gzip -dc  (peak RSS {c_rss:.0f} MiB)")



def pipeline_file(work, name, path, encoding):
    p = os.path.join(work, f"{name}.yml")
    with open(p, "w", encoding="utf-8") as f:
        f.write(PIPE.format(csv=path, encoding=encoding, reports=os.path.join(work, "reports")))
    return p


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=300, help="size of the uncompressed CSV for parts 1 and 2")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--stream-gb", type=float, default=0, help="also run part 3 with this many GB (0: skip)")
    ap.add_argument("--work", default=os.path.join(ROOT, "bench"))
    ap.add_argument("--only-stream", action="store_true", help="run part 3 only")
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)

    binary = bench_load.release_binary()

    rows = rows_for(args.mb)
    plain = os.path.join(work, f"extract-{rows}.csv")
    if not os.path.exists(plain):
        print(f"generating {rows} rows into {plain} ...", flush=True)
        bench_load.generate(plain, rows)
    gz = plain + ".gz"
    if not os.path.exists(gz):
        subprocess.run(f"gzip -6 -c '{plain}' > '{gz}'", shell=True, check=True)
    size = os.path.getsize(plain)
    print(f"input: {rows} rows, {size / 1e6:.1f} MB uncompressed, {os.path.getsize(gz) / 1e6:.1f} MB gzip")

    # 1. gzip CSV against gzip -dc.
    if args.only_stream:
        args.repeat = 0
    g, _ = median_run(["gzip", "-dc", gz], args.repeat) if args.repeat else (0, 0)
    pf = pipeline_file(work, "gz", gz, "utf-8")
    if args.repeat:
        part1(binary, pf, g, size, args.repeat)
    print()
    # 2. Legacy encodings.
    print()
    if not args.only_stream:
        print(f"2. legacy encodings, medians of {args.repeat} (MB/s of input bytes):")
    for name in ["tcvn3", "vni"] if not args.only_stream else []:
        path = os.path.join(work, f"extract-{rows}.{name}.csv")
        if not os.path.exists(path):
            encode = encoder(name)
            with open(plain, encoding="utf-8", newline="") as src, open(path, "wb") as out:
                for line in src:  # line by line: this process stays small (see part 3)
                    out.write(encode(line))
        n = os.path.getsize(path)
        pf = pipeline_file(work, name, path, name)
        d, _ = median_run([binary, "scan", pf, "--decode-only"], args.repeat)
        x, _ = median_run([binary, "scan", pf, "--extract-only"], args.repeat)
        print(f"   {name:6} ({n / 1e6:.0f} MB) pipeline scan --decode-only : {d:6.2f} s  {n / d / 1e6:7.1f} MB/s")
        print(f"   {name:6}           pipeline scan --extract-only: {x:6.2f} s  {n / x / 1e6:7.1f} MB/s")
        if name == "tcvn3":
            i, _ = median_run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8", path], args.repeat)
            print(f"   {name:6}           iconv -f TCVN5712-1 -t UTF-8: {i:6.2f} s  {n / i / 1e6:7.1f} MB/s")

    # 3. Streaming a big export through pipeline run.
    if args.stream_gb > 0:
        big = os.path.join(work, f"stream-{args.stream_gb:g}gb-{BYTES_PER_ROW}.csv.gz")
        big_rows = rows_for(args.stream_gb * 1000)
        if not os.path.exists(big):
            print(f"\ngenerating {big_rows} rows ({args.stream_gb:g} GB uncompressed) into {big} ...", flush=True)
            fifo = os.path.join(work, "stream.fifo")
            if os.path.exists(fifo):
                os.remove(fifo)
            os.mkfifo(fifo)
            gzip_proc = subprocess.Popen(f"gzip -1 -c < '{fifo}' > '{big}'", shell=True)
            bench_load.generate(fifo, big_rows)
            if gzip_proc.wait() != 0:
                sys.exit("gzip failed")
            os.remove(fifo)
        uncompressed = 0
        with gzip.open(big, "rb") as f:
            while chunk := f.read(1 << 24):
                uncompressed += len(chunk)
        cluster, conninfo = bench_load.start_cluster(binary, work)
        subprocess.run(["psql", "-q", "-d", conninfo, "-c",
                        "DROP SCHEMA IF EXISTS bench_extract CASCADE; DROP SCHEMA IF EXISTS etl CASCADE; CHECKPOINT;"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pf = pipeline_file(work, "stream", big, "utf-8")
        # Peak memory as the pipeline reports it (VmHWM): wait4's ru_maxrss would also count
        # this Python process's memory, which a forked child carries until exec.
        seconds, _, out = bench_load.run([binary, "run", pf, "--database", conninfo, "--json"])
        peak, out = bench_load.summary_line(out)
        print()
        print(f"3. {uncompressed / 1e9:.2f} GB uncompressed ({os.path.getsize(big) / 1e6:.0f} MB gzip, {big_rows} rows) through pipeline run:")
        print(f"   {seconds:.1f} s, {big_rows / seconds:,.0f} rows/s, peak RSS {peak:.0f} MiB")
        print(f"   [{out}]")


if __name__ == "__main__":
    main()
