#!/usr/bin/env python3
"""Cleanse benchmark: the full standardizer set over N dossier records, on one core.

Generates N realistic legacy dossier records (CSV, uncompressed so reading needs no second
thread): upper- and mixed-case names with stray spaces and both tone styles, 12-digit CCCD
that agree with the birth date (and some that do not), 9-digit CMND, phones in every legacy
form (11-digit 01xx mobiles, old area codes, +84), dates as dd/MM/yyyy and as the Vietnamese
long form, legacy status codes, and old addresses built from reference/admin-units (communes,
districts and provinces with and without diacritics and abbreviations). Then runs
`pipeline scan` (release build) of a pipeline that applies every standardizer: nfc, trim,
collapse_spaces, person_name, tone, fold (derived), phone, citizen_id, date (two fields),
map, one_of, cleanse.ids, cleanse.units and cleanse.checks; and prints the time spent
mapping and cleansing (measured around each batch on the reading thread, so on one core) in
records/s, the medians of --repeat runs. Target: 250,000 records/s.

Usage: python3 scripts/bench-cleanse.py [--records 1000000] [--repeat 3] [--work bench] [--binary PATH]
                                       [--compare PATH]

--binary runs an already built `pipeline` instead of building the release one into .build.
--compare runs another build at the same time, one process per core, in each repeat, and
prints its figures beside the first's and the ratio of each pair: on a shared virtual machine
whose speed drifts by a quarter between minutes, two builds timed side by side see the same
machine (two runs of one build side by side agree within about 3% on a quiet day, a tenth
either way on a busy one: take the median of 5 or more), where builds timed one
after the other do not.
"""
import argparse
import csv
import importlib.util
import json
import os
import random
import statistics
import subprocess
import threading
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location("bench_load", os.path.join(ROOT, "scripts", "bench-load.py"))
bench_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_load)
UNITS = os.path.join(ROOT, "reference", "admin-units")

SURNAMES = ["NGUYỄN", "Trần", "lê", "PHẠM", "Hoàng", "võ", "Đặng", "BÙI", "Đỗ", "hồ", "Ngô", "Dương"]
MIDDLE = ["văn", "THỊ", "Đức", "minh", "Ngọc", "HỮU", "thanh", "Quang"]
GIVEN = ["An", "bình", "Thủy", "thuỷ", "Hòa", "HOÀ", "Dũng", "giang", "Hà", "Khánh", "Lan", "Tuấn", "Yến"]
STATUSES = ["DA_TRA_KQ", "DANG_XU_LY", "CHO_BO_SUNG", "DA_TIEP_NHAN", "TU_CHOI"]
OLD_MOBILE = ["0168", "0169", "0123", "0125", "0162", "0128"]
ABBR = {"xã": "X.", "phường": "P.", "thị trấn": "TT.", "huyện": "H.", "quận": "Q.", "thị xã": "TX.", "thành phố": "TP."}


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")


def load_units():
    with open(os.path.join(UNITS, "provinces_legacy.csv"), encoding="utf-8") as f:
        provinces = {r["code"]: r for r in csv.DictReader(f)}
    with open(os.path.join(UNITS, "districts_legacy.csv"), encoding="utf-8") as f:
        districts = {r["code"]: r for r in csv.DictReader(f)}
    with open(os.path.join(UNITS, "communes_legacy.csv"), encoding="utf-8") as f:
        communes = list(csv.DictReader(f))
    return provinces, districts, communes


def address(rnd, provinces, districts, communes):
    c = rnd.choice(communes)
    d = districts[c["district_code"]]
    p = provinces[c["province_code"]]
    parts = [f"Thôn {rnd.randint(1, 12)}"]
    style = rnd.random()
    for unit, typ in ((c["name"], c["type"]), (d["name"], d["type"]), (p["name"], p["type"])):
        prefix = ABBR.get(typ, "") if style < 0.5 else typ.capitalize()
        text = f"{prefix} {unit}".strip()
        parts.append(fold(text) if style > 0.8 else text)
    return ", ".join(parts)


def generate(path, n, seed=11):
    rnd = random.Random(seed)
    provinces, districts, communes = load_units()
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["MaHoSo", "ChuHoSo", "SoCCCD", "NgaySinh", "GioiTinh", "SoDienThoai", "DiaChi", "NgayTiepNhan",
                    "NgayHenTra", "TrangThai"])
        for i in range(n):
            year = rnd.randint(1950, 2005)
            month, day = rnd.randint(1, 12), rnd.randint(1, 28)
            male = rnd.random() < 0.5
            if rnd.random() < 0.15:
                ident = f"{rnd.randint(10, 38):02d}{rnd.randint(0, 9_999_999):07d}"
            else:
                century = (0 if year < 2000 else 2) + (0 if male else 1)
                birth_year = year if rnd.random() > 0.02 else year + 1
                ident = f"0{rnd.choice([44, 45, 1, 79, 38]):02d}{century}{birth_year % 100:02d}{rnd.randint(0, 999_999):06d}"
            name = f"{rnd.choice(SURNAMES)}  {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)} "
            r = rnd.random()
            if r < 0.3:
                phone = f"{rnd.choice(OLD_MOBILE)}{rnd.randint(0, 9_999_999):07d}"
            elif r < 0.4:
                phone = f"+84 9{rnd.randint(0, 99_999_999):08d}"
            else:
                phone = f"09{rnd.randint(0, 9_999_999):08d}"[:10]
            ry, rm, rd = rnd.randint(2019, 2024), rnd.randint(1, 12), rnd.randint(1, 20)
            received = f"{rd:02d}/{rm:02d}/{ry} {rnd.randint(7, 16):02d}:{rnd.randint(0, 59):02d}"
            due = f"ngày {rd + 7:02d} tháng {rm} năm {ry}" if rnd.random() < 0.3 else f"{rd + 7:02d}/{rm:02d}/{ry}"
            w.writerow([f"G{i:09d}", name, ident, f"{day:02d}/{month:02d}/{year}", "Nam" if male else "Nữ", phone,
                        address(rnd, provinces, districts, communes), received, due, rnd.choice(STATUSES)])


PIPELINE = """version: 1
name: bench-cleanse
sources:
  - name: s
    path: {csv}
    format: csv
    fields:
      dossier_code: MaHoSo
      applicant_name: ChuHoSo
      id_number: SoCCCD
      birth_date: NgaySinh
      gender: GioiTinh
      phone: SoDienThoai
      address: DiaChi
      received_at: NgayTiepNhan
      due_date: NgayHenTra
      status: TrangThai
cleanse:
  default: [nfc, trim]
  fields:
    applicant_name: [nfc, collapse_spaces, person_name, {{ tone: {{ style: old }} }}]
    id_number: [{{ citizen_id: {{ on_invalid: flag }} }}]
    birth_date: [trim, {{ date: {{ formats: ["dd/MM/yyyy"], output: date }} }}]
    gender: [trim, {{ one_of: [Nam, Nữ] }}]
    phone: [{{ phone: {{ on_invalid: flag }} }}]
    address: [nfc, collapse_spaces]
    received_at: [trim, {{ date: {{ formats: ["dd/MM/yyyy HH:mm"] }} }}]
    due_date: [trim, {{ date: {{ formats: ["dd/MM/yyyy", vietnamese], output: date }} }}]
    status: [trim, {{ map: {{ values: {{ DA_TRA_KQ: completed, DANG_XU_LY: processing, CHO_BO_SUNG: waiting, DA_TIEP_NHAN: received, TU_CHOI: rejected }}, reason: unmapped_status }} }}]
  derive:
    applicant_key: {{ from: applicant_name, rules: [fold] }}
  ids:
    - {{ field: id_number, birth_date: birth_date, gender: gender, cmnd_into: old_id_number }}
  units:
    - {{ address: address, date: received_at, into: {{ province_code: province_code, commune_code: commune_code }}, on_unknown: flag, on_ambiguous: flag }}
  checks:
    - {{ expect: "due_date >= received_at", reason: due_before_received, on_fail: flag }}
  required: [dossier_code, received_at]
load:
  tables:
    dossiers:
      key: dossier_code
      columns:
        dossier_code: text
        applicant_name: text
        applicant_key: text
        id_number: text
        old_id_number: text
        birth_date: date
        gender: text
        phone: text
        address: text
        province_code: text
        commune_code: text
        received_at: timestamptz
        due_date: date
        status: text
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench"))
    ap.add_argument("--binary", help="a built pipeline executable to run (default: build .build/release/pipeline)")
    ap.add_argument("--compare", help="another built pipeline executable, run at the same time as the first")
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    path = bench_load.data_file(work, f"cleanse-{args.records}.csv", args.records, generate)
    pipeline = os.path.join(work, "cleanse.yml")
    with open(pipeline, "w", encoding="utf-8") as f:
        f.write(PIPELINE.format(csv=path))
    binary = os.path.abspath(args.binary) if args.binary else bench_load.release_binary()
    binaries = [binary] + ([os.path.abspath(args.compare)] if args.compare else [])
    rates = [[] for _ in binaries]
    totals = [[] for _ in binaries]
    for i in range(args.repeat):
        outs = [None] * len(binaries)

        def scan(k):
            outs[k] = bench_load.run([binaries[k], "scan", pipeline, "--json"])[2]

        threads = [threading.Thread(target=scan, args=(k,)) for k in range(len(binaries))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k, out in enumerate(outs):
            s = json.loads(out)[0]
            rate = s["records"] / s["cleanse_seconds"]
            rates[k].append(rate)
            totals[k].append(s["records"] / s["seconds"])
            who = f" [{os.path.basename(os.path.dirname(binaries[k])) or binaries[k]}/{os.path.basename(binaries[k])}]" if args.compare else ""
            print(f"  run {i + 1}{who}: {s['records']} records, cleansing {s['cleanse_seconds']:.2f} s = {rate:,.0f} records/s; "
                  f"read + cleanse {s['seconds']:.2f} s; quarantined {s['quarantined']} {s['reasons']}", flush=True)
    print()
    print(f"records: {args.records}  (medians of {args.repeat})")
    for k, b in enumerate(binaries):
        if args.compare:
            print(b)
        print(f"cleansing (every standardizer, one core): {statistics.median(rates[k]):12,.0f} records/s")
        print(f"reading and cleansing                    : {statistics.median(totals[k]):12,.0f} records/s")
    if args.compare:
        ratios = [b / a for a, b in zip(rates[0], rates[1])]
        print(f"cleansing, second / first, per run: {', '.join(f'{r:.3f}' for r in ratios)}; "
              f"median {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
