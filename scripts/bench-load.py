#!/usr/bin/env python3
"""Load benchmark: the pipeline end to end against `psql \\copy` of the same rows.

Generates N rows of realistic dossier CSV (about 251 bytes a row, Vietnamese text,
quoted addresses, dd/MM/yyyy dates), then, on a private PostgreSQL cluster started by
`pipeline db start`, times:

  * `pipeline run` (release build) of a pipeline file that reads the CSV, cleanses it
    (NFC, trim, date parsing) and loads it into a table with a primary key, with lineage
    and the run ledger, in one transaction;
  * `psql \\copy` of the same file into a table of the same shape (same columns, types and
    primary key), the practical lower bound for loading a CSV.

Each is run --repeat times on an empty target; the figures are medians. Peak memory is the
pipeline process's maximum resident set size (wait4 rusage). Also timed: a re-run of the
pipeline over the already loaded table (every row unchanged).

Usage: python3 scripts/bench-load.py [--rows 1000000] [--repeat 3] [--work bench]
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu", "Thanh", "Quang", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Khánh", "Lan",
         "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"]
PROCEDURES = [("1.001193", "Đăng ký khai sinh"), ("1.000894", "Đăng ký kết hôn"),
              ("2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
              ("1.004194", "Đăng ký thường trú"), ("1.001776", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng"),
              ("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân")]
COMMUNES = [("X. Quảng Phú", "H. Quảng Trạch"), ("P. Đồng Phú", "TP. Đồng Hới"), ("X. Kim Thủy", "H. Lệ Thủy"),
            ("TT. Khe Sanh", "H. Hướng Hóa"), ("P. Đông Lương", "TP. Đông Hà"), ("X. Dân Hóa", "H. Minh Hóa")]
STATUSES = ["DA_TRA_KQ", "DANG_XU_LY", "CHO_BO_SUNG", "DA_TIEP_NHAN", "TU_CHOI"]
COLUMNS = ["MaHoSo", "MaTTHC", "TenTTHC", "ChuHoSo", "SoCCCD", "SoDienThoai", "DiaChi", "NgayTiepNhan", "NgayHenTra", "TrangThai"]


def quote(field):
    if any(c in field for c in ',"\r\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


def generate(path, rows, seed=7):
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(COLUMNS) + "\r\n")
        for i in range(rows):
            day = 1 + i % 28
            month = 1 + (i // 28) % 12
            year = 2020 + (i // 336) % 6
            code, name = rnd.choice(PROCEDURES)
            commune, district = rnd.choice(COMMUNES)
            person = f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
            address = f"Số {rnd.randint(1, 300)} đường {rnd.choice(GIVEN)}, Thôn {rnd.randint(1, 12)}, {commune}, {district}, tỉnh Quảng Bình"
            fields = [
                f"G15.{rnd.randint(10, 99)}-{year % 100:02d}{month:02d}{day:02d}-{i:07d}",
                code, name, person,
                f"0{rnd.randint(44, 45)}{rnd.randint(0, 999_999_999):09d}",
                f"09{rnd.randint(0, 99_999_999):08d}",
                address,
                f"{day:02d}/{month:02d}/{year} {rnd.randint(7, 16):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}",
                f"{min(day + 7, 28):02d}/{month:02d}/{year}",
                rnd.choice(STATUSES),
            ]
            f.write(",".join(quote(x) for x in fields) + "\r\n")


PIPELINE = """version: 1
name: bench
sources:
  - name: bench
    path: {csv}
    format: csv
    key: MaHoSo
    fields:
      dossier_code: MaHoSo
      procedure_code: MaTTHC
      procedure_name: TenTTHC
      applicant_name: ChuHoSo
      id_number: SoCCCD
      phone: SoDienThoai
      address: DiaChi
      received_at: NgayTiepNhan
      due_date: NgayHenTra
      status: TrangThai
cleanse:
  default: [nfc, trim]
  fields:
    received_at: [trim, {{ date: {{ formats: ["dd/MM/yyyy HH:mm:ss"] }} }}]
    due_date: [trim, {{ date: {{ formats: ["dd/MM/yyyy"], output: date }} }}]
  required: [dossier_code, procedure_code, received_at]
load:
  schema: bench_pipeline
  tables:
    dossiers:
      key: dossier_code
      columns:
        dossier_code: text
        procedure_code: text
        procedure_name: text
        applicant_name: text
        id_number: text
        phone: text
        address: text
        received_at: timestamptz
        due_date: date
        status: text
report:
  dir: {reports}
"""

COPY_TABLE = """
DROP SCHEMA IF EXISTS bench_copy CASCADE;
CREATE SCHEMA bench_copy;
CREATE TABLE bench_copy.dossiers (
  dossier_code text PRIMARY KEY, procedure_code text, procedure_name text, applicant_name text,
  id_number text, phone text, address text, received_at timestamptz, due_date date, status text);
"""


def run(cmd, env=None, check=True, discard_output=False):
    """Runs cmd; returns (seconds, max RSS in MiB, stdout). Output goes to temporary files (a
    pipe could fill and stall the command), or to /dev/null with discard_output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL if discard_output else out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    code = os.waitstatus_to_exitcode(status)
    if check and code != 0:
        sys.exit(f"{' '.join(cmd)} failed ({code}):\n{text}\n{errors}")
    return seconds, usage.ru_maxrss / 1024, text


def release_binary():
    """Builds the release `pipeline` and returns its path."""
    subprocess.run(["swift", "build", "-c", "release", "--product", "pipeline"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, ".build", "release", "pipeline")


def start_cluster(binary, work):
    """Starts (creating it if needed) the embedded cluster under work/pg; returns its directory and
    a conninfo for it."""
    cluster = os.path.join(work, "pg")
    subprocess.run([binary, "db", "start", "--embedded-dir", cluster], check=True, stdout=subprocess.DEVNULL)
    return cluster, f"host={os.path.join(cluster, 'socket')} port=5432 user=motcua dbname=motcua"


def data_file(work, name, n, make):
    """work/name, made by make(path, n) unless it exists (generated data is kept between runs)."""
    path = os.path.join(work, name)
    if not os.path.exists(path):
        print(f"generating {n} records into {path} ...", flush=True)
        make(path, n)
    return path


def summary_line(json_text):
    """The peak memory (MiB, as the pipeline measures its own: wait4's ru_maxrss would count the
    memory a forked child inherits from this process until exec) and the counts of a run."""
    report = json.loads(json_text)
    s, tables = report["reconciliation"], report["reconciliation"]["tables"]
    line = (f"read {s['read']} = loaded {s['loaded']} + merged {s['merged']} + quarantined {s['quarantined']} | "
            f"inserted {sum(t['inserted'] for t in tables)}, updated {sum(t['updated'] for t in tables)}, "
            f"unchanged {sum(t['unchanged'] for t in tables)}")
    return report["manifest"].get("peak_memory_mib") or 0, line


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench"))
    args = ap.parse_args()

    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    csv = data_file(work, f"dossiers-{args.rows}.csv", args.rows, generate)
    size = os.path.getsize(csv)
    print(f"input: {args.rows} rows, {size / 1e6:.1f} MB, {size / args.rows:.0f} bytes a row")

    binary = release_binary()
    cluster, conninfo = start_cluster(binary, work)
    pipeline_file = os.path.join(work, "bench.yml")
    with open(pipeline_file, "w", encoding="utf-8") as f:
        f.write(PIPELINE.format(csv=csv, reports=os.path.join(work, "reports")))

    def psql(sql):
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    pipe_times, pipe_rss, copy_times, rerun_times = [], [], [], []
    for i in range(args.repeat):
        psql("DROP SCHEMA IF EXISTS bench_pipeline CASCADE; DROP SCHEMA IF EXISTS etl CASCADE; CHECKPOINT;")
        seconds, rss, out = run([binary, "run", pipeline_file, "--database", conninfo, "--json"])
        rss, out = summary_line(out)
        pipe_times.append(seconds)
        pipe_rss.append(rss)
        print(f"  pipeline run {i + 1}: {seconds:.2f} s, peak RSS {rss:.0f} MiB  [{out.strip()}]", flush=True)
        seconds, rss, out = run([binary, "run", pipeline_file, "--database", conninfo, "--json"])
        rss, out = summary_line(out)
        rerun_times.append(seconds)
        print(f"  pipeline re-run {i + 1}: {seconds:.2f} s, peak RSS {rss:.0f} MiB  [{out.strip()}]", flush=True)

        psql(COPY_TABLE + "CHECKPOINT;")
        env = dict(os.environ, PGOPTIONS="-c datestyle=ISO,DMY -c timezone=Asia/Ho_Chi_Minh")
        copy = (f"\\copy bench_copy.dossiers (dossier_code, procedure_code, procedure_name, applicant_name, id_number, "
                f"phone, address, received_at, due_date, status) FROM '{csv}' WITH (FORMAT csv, HEADER true)")
        seconds, _, _ = run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", copy], env=env)
        copy_times.append(seconds)
        print(f"  psql \\copy {i + 1}: {seconds:.2f} s", flush=True)

    p, c, r = statistics.median(pipe_times), statistics.median(copy_times), statistics.median(rerun_times)
    print()
    print(f"rows: {args.rows}  (medians of {args.repeat})")
    print(f"pipeline run   : {p:7.2f} s  {args.rows / p:12,.0f} rows/s  peak RSS {statistics.median(pipe_rss):.0f} MiB"
          f" (max {max(pipe_rss):.0f})")
    print(f"psql \\copy     : {c:7.2f} s  {args.rows / c:12,.0f} rows/s")
    print(f"ratio          : pipeline throughput = {c / p * 100:.0f}% of psql \\copy")
    print(f"pipeline re-run: {r:7.2f} s  {args.rows / r:12,.0f} rows/s  (all rows unchanged)")
    subprocess.run([binary, "db", "stop", "--embedded-dir", cluster], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
