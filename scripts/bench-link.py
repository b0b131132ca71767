#!/usr/bin/env python3
"""Person-linkage benchmark: motcua's `pipeline link` beside Splink, on the same data.

Generates N person records of two merged provinces' systems with known truth: people whose
records carry name variants (no diacritics, capitals, typos, a dropped middle name), birth dates
with day and month swapped or missing, a 9-digit CMND in one system and the 12-digit CCCD in the
other, phones shared within households, and missing values. Then:

1. `pipeline link` (release build) of a pipeline whose `dedupe.people` entry blocks on birth
   date, ID number, phone and folded name with birth year, and compares name (with term
   frequencies; exact, folded, first and last words, one edit, Jaro-Winkler), birth date (with
   a year off by one), ID number (CMND/CCCD aware) and phone;
2. Splink (PyPI `splink` with its DuckDB backend) with the same blocking rules and the closest
   comparisons it has (term frequencies on the name too), u from random sampling and m by EM,
   clustered at the same probability.

For both it prints pairwise and cluster-level precision, recall and F1 against the truth, the
time and the peak memory (Splink's is this Python process's; motcua's the pipeline's own).
Targets: person F1 >= 0.97 and at least Splink's; 1,000,000 records in under 3 minutes, under
2 GB, faster than Splink.

3. the same for dossiers (--dossiers N): 12% of dossiers sit in both systems, half of those
   re-keyed, blocked on code and on procedure and day, compared on code, procedure, applicant,
   ID and time received. Target: dossier F1 >= 0.995.

Usage: python3 scripts/bench-link.py [--records 200000] [--dossiers 200000] [--no-splink] [--work bench]
"""
import argparse
import csv
import importlib.util
import json
import os
import random
import resource
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))



def load(name):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), os.path.join(ROOT, "scripts", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_load = load("bench-load")
fold = load("bench-cleanse").fold

SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4.5),
            ("Vũ", 3.9), ("Võ", 3.5), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
            ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.6), ("Trương", 0.6), ("Lâm", 0.4), ("Mai", 0.4), ("Đoàn", 0.4),
            ("Tô", 0.2), ("Hà", 0.3), ("Chu", 0.2), ("Tạ", 0.2), ("Lương", 0.3), ("Cao", 0.3), ("Quách", 0.1)]
MIDDLE_M = ["Văn", "Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Tiến", "Đình", "Trọng"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Phương", "Mai", "Bích", "Thùy"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khoa",
           "Kiên", "Long", "Lâm", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thành",
           "Thắng", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ", "Hưng", "Lộc", "Tâm", "Trí",
           "Thái", "Hào", "Định", "Hòa", "Khánh", "Lực", "Mạnh", "Nhân", "Tín", "Quý", "Sang"]
GIVEN_F = ["Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương", "Huyền",
           "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh",
           "Tâm", "Thảo", "Thanh", "Thu", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
           "Diệp", "Hòa", "Khánh", "Lụa", "Nhi", "Phượng", "Thoa", "Thư", "Tiên", "Trâm", "Vi"]


def typo(rnd, s):
    letters = "abcdefghiklmnopqrstuvxy"
    i = rnd.randrange(len(s))
    if not s[i].isalpha():
        return s
    kind = rnd.random()
    if kind < 0.4:
        return s[:i] + rnd.choice(letters) + s[i + 1:]
    if kind < 0.7 and i + 1 < len(s) and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + s[i + 1:]


def people(rnd, n_records):
    """Persons (with their households) until the records they hold reach n_records."""
    persons = []
    total = 0
    surnames, weights = zip(*SURNAMES)
    while total < n_records:
        surname = rnd.choices(surnames, weights)[0]
        household_phone = "0" + rnd.choice("3579") + "".join(rnd.choice("0123456789") for _ in range(8))
        for _ in range(rnd.choice([1, 1, 2, 2, 3, 3, 4, 5])):
            male = rnd.random() < 0.5
            name = f"{surname} {rnd.choice(MIDDLE_M if male else MIDDLE_F)} {rnd.choice(GIVEN_M if male else GIVEN_F)}"
            year = rnd.randint(1945, 2006)
            birth = (year, rnd.randint(1, 12), rnd.randint(1, 28))
            century = (0 if year < 2000 else 2) + (0 if male else 1)
            cccd = f"0{rnd.choice([44, 45, 38, 40, 42]):02d}{century}{year % 100:02d}{rnd.randint(0, 999_999):06d}"
            cmnd = f"{rnd.choice(['19', '18', '17', '23'])}{rnd.randint(0, 9_999_999):07d}" if year < 2000 and rnd.random() < 0.6 else None
            own = rnd.random() < 0.5
            phone = ("0" + rnd.choice("3789") + "".join(rnd.choice("0123456789") for _ in range(8))) if own else household_phone
            k = rnd.choices([1, 2, 3, 4, 5], [45, 30, 14, 7, 4])[0]
            persons.append((len(persons), name, birth, cccd, cmnd, phone, k))
            total += k
    return persons


def record(rnd, person):
    pid, name, (y, m, d), cccd, cmnd, phone, _ = person
    system = rnd.choice("AB")
    r = rnd.random()
    if r < 0.03:
        parts = name.split(" ")
        if len(parts) == 3:
            name = f"{parts[0]} {parts[2]}"
    if rnd.random() < 0.06:
        first, rest = name.split(" ", 1)
        given = rest.split(" ")
        given[-1] = typo(rnd, given[-1])
        name = first + " " + " ".join(given)
    if rnd.random() < 0.2:
        name = fold(name)
    if rnd.random() < 0.1:
        name = name.upper()
    if rnd.random() < 0.05:
        name = "  " + name.replace(" ", "  ") + " "
    if rnd.random() < 0.03 and d <= 12:
        m, d = d, m
    if rnd.random() < 0.01:
        y += rnd.choice([-1, 1])
    birth = "" if rnd.random() < 0.02 else f"{d:02d}/{m:02d}/{y}"
    if system == "A" and cmnd and rnd.random() < 0.7:
        ident = cmnd
    else:
        ident = cccd
    if rnd.random() < 0.01:
        ident = ident[:-3] + rnd.choice("0123456789") + ident[-2:]
    if rnd.random() < 0.06:
        ident = ""
    ph = phone
    r = rnd.random()
    if r < 0.12:
        ph = ""
    elif r < 0.17:
        ph = "0" + rnd.choice("3789") + "".join(rnd.choice("0123456789") for _ in range(8))
    elif r < 0.25:
        ph = "+84 " + phone[1:]
    return pid, system, name, birth, ident, ph


def generate(path, n, seed=20250701):
    rnd = random.Random(seed)
    persons = people(rnd, n)
    rows = []
    for p in persons:
        for _ in range(p[6]):
            rows.append(record(rnd, p))
    rnd.shuffle(rows)
    rows = rows[:n]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["record_id", "person_id", "system", "name", "birth_date", "id_number", "phone"])
        for i, (pid, system, name, birth, ident, ph) in enumerate(rows):
            w.writerow([f"R{i:08d}", pid, system, name, birth, ident, ph])


PIPELINE = """version: 1
name: bench-link
sources:
  - name: people
    path: {csv}
    format: csv
    key: record_id
    fields: {{ record_id: record_id, name: name, birth_date: birth_date, id_number: id_number, phone: phone }}
cleanse:
  default: [nfc, trim]
  fields:
    name: [nfc, collapse_spaces, person_name]
    birth_date: [trim, {{ date: {{ formats: ["dd/MM/yyyy"], output: date }} }}]
    id_number: [{{ citizen_id: {{ on_invalid: flag }} }}]
    phone: [{{ phone: {{ on_invalid: flag }} }}]
load:
  tables:
    records:
      key: record_id
      columns: {{ record_id: text, name: text, birth_date: date, id_number: text, phone: text }}
dedupe:
  people:
    blocking:
      - [birth_date]
      - [id_number]
      - [phone]
      - ["folded(name)", "year(birth_date)"]
    comparisons:
      - {{ field: name, term_frequencies: true, levels: [exact, folded, first_last_words, {{ levenshtein: 1 }}, {{ jaro_winkler: 0.92 }}, {{ jaro_winkler: 0.85 }}] }}
      - {{ field: birth_date, levels: [exact, date_partial, {{ levenshtein: 1 }}, {{ years_apart: 1 }}, same_year] }}
      - {{ field: id_number, kind: citizen_id, levels: [exact, {{ levenshtein: 1 }}] }}
      - {{ field: phone, levels: [exact, {{ last_digits: 9 }}] }}
    match_probability: 0.95
    review_probability: 0.5
report:
  dir: {out}
"""


PROCEDURES = [f"1.{rnd:06d}" for rnd in (1776, 894, 4194, 9994, 4859, 4873, 1193, 2392, 10013, 3066, 487, 5161,
                                           1022, 2621, 8001, 6004, 7712, 3140, 4222, 959)]


def generate_dossiers(path, n, seed=20250702):
    """n dossier records of two systems: 12% of dossiers were transferred and sit in both, half
    of those under a new code; applicants' names vary as people's do; some people file the same
    procedure twice on other days (different dossiers)."""
    rnd = random.Random(seed)
    persons = people(rnd, n)
    rows = []
    serial = 0
    while len(rows) < n:
        person = rnd.choice(persons)
        filings = 2 if rnd.random() < 0.03 else 1
        procedure = rnd.choice(PROCEDURES)
        for _ in range(filings):
            serial += 1
            day = rnd.randint(0, 729)
            y, rest = (2024, day) if day < 366 else (2025, day - 366)
            m, d = 1 + rest // 31 % 12, 1 + rest % 28
            hh, mm, ss = rnd.randint(7, 16), rnd.randint(0, 59), rnd.randint(0, 59)
            office = rnd.randint(10, 60)
            code = f"G{rnd.choice(['44', '45'])}.{office}-{y % 100:02d}{m:02d}{d:02d}-{serial:06d}"
            copies = 2 if rnd.random() < 0.12 else 1
            for c in range(copies):
                pid, system, name, _, ident, _ = record(rnd, person)
                the_code = code if c == 0 or rnd.random() < 0.5 else f"H{code[1:3]}.{rnd.randint(10, 60)}-{y % 100:02d}{m:02d}{d:02d}-{rnd.randint(0, 999_999):06d}"
                minute = mm if c == 0 or rnd.random() < 0.7 else min(59, mm + rnd.randint(1, 20))
                received = f"{d:02d}/{m:02d}/{y} {hh:02d}:{minute:02d}:{ss:02d}"
                rows.append((serial, system, the_code, procedure, name, ident, received))
    rows = rows[:n]
    rnd.shuffle(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["record_id", "dossier_id", "system", "dossier_code", "procedure_code", "applicant_name", "id_number",
                    "received_at"])
        for i, (did, system, code, proc, name, ident, received) in enumerate(rows):
            w.writerow([f"D{i:08d}", did, system, code, proc, name, ident, received])


DOSSIER_PIPELINE = """version: 1
name: bench-link-dossiers
sources:
  - name: dossiers
    path: {csv}
    format: csv
    key: record_id
    fields: {{ record_id: record_id, dossier_code: dossier_code, procedure_code: procedure_code, applicant_name: applicant_name, id_number: id_number, received_at: received_at }}
cleanse:
  default: [nfc, trim]
  fields:
    applicant_name: [nfc, collapse_spaces, person_name]
    id_number: [{{ citizen_id: {{ on_invalid: flag }} }}]
    received_at: [trim, {{ date: {{ formats: ["dd/MM/yyyy HH:mm:ss"], zone: "+07:00" }} }}]
load:
  tables:
    records:
      key: record_id
      columns: {{ record_id: text, dossier_code: text, procedure_code: text, applicant_name: text, id_number: text, received_at: text }}
dedupe:
  dossiers:
    blocking:
      - [dossier_code]
      - [procedure_code, "first(received_at, 10)"]
    comparisons:
      - {{ field: dossier_code, levels: [exact] }}
      - {{ field: procedure_code, levels: [exact] }}
      - {{ field: applicant_name, term_frequencies: true, levels: [exact, folded, first_last_words, {{ levenshtein: 1 }}, {{ jaro_winkler: 0.92 }}, {{ jaro_winkler: 0.85 }}] }}
      - {{ field: id_number, kind: citizen_id, levels: [exact, {{ levenshtein: 1 }}] }}
      - {{ field: received_at, levels: [exact, {{ levenshtein: 2 }}] }}
    match_probability: 0.5
    review_probability: 0.1
report:
  dir: {out}
"""


def truth(path, column="person_id"):
    with open(path, encoding="utf-8") as f:
        return {r["record_id"]: r[column] for r in csv.DictReader(f)}


def pairs_of(groups):
    total = 0
    for members in groups.values():
        total += len(members) * (len(members) - 1) // 2
    return total


def scores(true_of, predicted_of):
    """Pairwise and cluster-level precision, recall and F1 of a clustering."""
    true_groups, pred_groups, both = {}, {}, {}
    for rid, t in true_of.items():
        p = predicted_of.get(rid, rid)
        true_groups.setdefault(t, []).append(rid)
        pred_groups.setdefault(p, []).append(rid)
        both.setdefault((t, p), []).append(rid)
    tp = pairs_of(both)
    pp, tt = pairs_of(pred_groups), pairs_of(true_groups)
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
    true_sets = {frozenset(v) for v in true_groups.values()}
    pred_sets = {frozenset(v) for v in pred_groups.values()}
    exact = len(true_sets & pred_sets)
    cp, cr = exact / len(pred_sets), exact / len(true_sets)
    cf = 2 * cp * cr / (cp + cr) if cp + cr else 0
    return {"pair_precision": precision, "pair_recall": recall, "pair_f1": f1,
            "cluster_precision": cp, "cluster_recall": cr, "cluster_f1": cf}


def show(name, s, seconds, peak):
    print(f"{name:8s} pairs P {s['pair_precision']:.4f} R {s['pair_recall']:.4f} F1 {s['pair_f1']:.4f} | "
          f"clusters P {s['cluster_precision']:.4f} R {s['cluster_recall']:.4f} F1 {s['cluster_f1']:.4f} | "
          f"{seconds:.1f} s, peak {peak:.0f} MiB", flush=True)


def run_splink(data, threshold):
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    con = duckdb.connect()
    con.execute(f"""
        CREATE TABLE people AS SELECT record_id AS unique_id,
            lower(strip_accents(replace(replace(trim(regexp_replace(name, '\\s+', ' ', 'g')), 'đ', 'd'), 'Đ', 'D'))) AS name_folded,
            CASE WHEN birth_date = '' THEN NULL ELSE strftime(strptime(birth_date, '%d/%m/%Y'), '%Y-%m-%d') END AS birth_date,
            CASE WHEN birth_date = '' THEN NULL ELSE substr(strftime(strptime(birth_date, '%d/%m/%Y'), '%Y-%m-%d'), 1, 4) END AS birth_year,
            nullif(id_number, '') AS id_number,
            nullif(regexp_replace(regexp_replace(phone, '[^0-9]', '', 'g'), '^84', '0'), '') AS phone
        FROM read_csv('{data}', all_varchar = true)
    """)
    start = time.monotonic()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name_folded", [0.92, 0.85]).configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.LevenshteinAtThresholds("id_number", [1]),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_date"), block_on("id_number"), block_on("phone"), block_on("name_folded", "birth_year"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register("people"), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("name_folded", "birth_date"), block_on("id_number")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_folded", "birth_year"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    table = clusters.as_duckdbpyrelation().fetchall()
    columns = clusters.as_duckdbpyrelation().columns
    seconds = time.monotonic() - start
    ui, ci = columns.index("unique_id"), columns.index("cluster_id")
    return {row[ui]: row[ci] for row in table}, seconds


def run_motcua(binary, work, template, data, entity, out):
    """`pipeline link` of data by the entity of template; returns (predicted, seconds, figures)."""
    pipeline = os.path.join(work, f"link-{entity}.yml")
    with open(pipeline, "w", encoding="utf-8") as f:
        f.write(template.format(csv=data, out=out))
    start = time.monotonic()
    result = subprocess.run([binary, "link", pipeline, "--json"], check=True, capture_output=True, text=True)
    seconds = time.monotonic() - start
    with open(os.path.join(out, f"{entity}-entities.csv"), encoding="utf-8") as f:
        predicted = {r["key"]: r["entity"] for r in csv.DictReader(f)}
    return predicted, seconds, json.loads(result.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--dossiers", type=int, default=200_000, help="dossier records to link as well (0: none)")
    ap.add_argument("--work", default=os.path.join(ROOT, "bench"))
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, "link-out")
    binary = bench_load.release_binary()

    data = bench_load.data_file(work, f"link-people-{args.records}.csv", args.records, generate)
    true_of = truth(data)
    print(f"records: {len(true_of)}, people: {len(set(true_of.values()))}, true pairs: "
          f"{pairs_of({t: [0] * n for t, n in __import__('collections').Counter(true_of.values()).items()})}", flush=True)
    predicted, seconds, figures = run_motcua(binary, work, PIPELINE, data, "people", out)
    print(f"motcua: {figures['pairs_compared']} pairs compared {figures['pairs_by_rule']}, EM {figures['iterations']} "
          f"iterations, read+cleanse {figures['read_seconds']:.1f} s, link {figures['link_seconds']:.1f} s")
    show("motcua", scores(true_of, predicted), seconds, figures.get("peak_memory_mib") or 0)

    if not args.no_splink:
        predicted, seconds = run_splink(data, 0.95)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        show("splink", scores(true_of, predicted), seconds, peak)

    if args.dossiers:
        dossiers = bench_load.data_file(work, f"link-dossiers-{args.dossiers}.csv", args.dossiers, generate_dossiers)
        true_of = truth(dossiers, "dossier_id")
        predicted, seconds, figures = run_motcua(binary, work, DOSSIER_PIPELINE, dossiers, "dossiers", out)
        print(f"dossiers: {len(true_of)} records of {len(set(true_of.values()))} dossiers, "
              f"{figures['pairs_compared']} pairs compared")
        show("dossiers", scores(true_of, predicted), seconds, figures.get("peak_memory_mib") or 0)


if __name__ == "__main__":
    main()
