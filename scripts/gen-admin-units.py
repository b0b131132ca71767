#!/usr/bin/env python3
"""Generate Sources/Cleanse/Units/AdminUnitData.generated.swift from reference/admin-units/.

Usage:  python3 scripts/gen-admin-units.py [--check]

Cleanse does no I/O, so the administrative-unit reference data (reference/admin-units/, see
its README.md and PROVENANCE.md) is compiled into the module: each CSV file's text, byte for
byte, as one Swift raw multi-line string literal. Big string literals compile fast (big array
literals do not); AdminUnitTables parses them once, lazily, into its indexes.

Standard library only; the output is deterministic. `--check` exits 1 when the checked-in
file differs from what the script would write (the Swift test AdminUnitDataTests makes the
same comparison against the CSV files directly).
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = os.path.join(ROOT, "reference", "admin-units")
OUT = os.path.join(ROOT, "Sources", "Cleanse", "Units", "AdminUnitData.generated.swift")

FILES = [
    # (Swift name, file, doc)
    ("provinces2025", "provinces_2025.csv", "the 34 provinces since 1 July 2025"),
    ("communes2025", "communes_2025.csv", "the 3,321 communes since 1 July 2025"),
    ("provincesLegacy", "provinces_legacy.csv", "the 63 provinces on 30 June 2025"),
    ("districtsLegacy", "districts_legacy.csv", "the 696 districts on 30 June 2025"),
    ("communesLegacy", "communes_legacy.csv", "the 10,035 communes on 30 June 2025"),
    ("communesLegacyRetired", "communes_legacy_retired.csv",
     "the 26 communes of the January 2025 list merged away before 30 June 2025"),
    ("provinceMapping2025", "province_mapping_2025.csv", "legacy province -> new province"),
    ("communeMapping2025", "commune_mapping_2025.csv",
     "legacy commune -> new commune, one row per pair"),
    ("districtMapping2025", "district_mapping_2025.csv",
     "legacy district -> every new commune that received part of it"),
]


def literal(text, name):
    """`text` as a Swift raw multi-line string literal that evaluates to exactly `text`."""
    if "\r" in text:
        sys.exit(f"{name}: carriage return in the data; a multi-line literal would turn it into \\n")
    hashes = 1
    while ('"""' + "#" * hashes) in text or ("\\" + "#" * hashes) in text:
        hashes += 1
    h = "#" * hashes
    # The line break after the opening delimiter and the one before the closing delimiter are
    # not part of the string, so the literal holds `text` exactly, final newline included.
    return f'{h}"""\n{text}\n"""{h}'


def generate():
    out = []
    out.append("// GENERATED FILE: do not edit. Made by scripts/gen-admin-units.py from")
    out.append("// reference/admin-units/*.csv (provenance in reference/admin-units/PROVENANCE.md).")
    out.append("// To change the data, copy new files there and run `python3 scripts/gen-admin-units.py`;")
    out.append("// AdminUnitDataTests re-reads the CSV files and fails when this file disagrees with them.")
    out.append("")
    out.append("/// The administrative-unit reference data, each CSV file's text unchanged (UTF-8, NFC,")
    out.append("/// `\\n` line ends, header row; see reference/admin-units/README.md). Parsed once, on first")
    out.append("/// use, by `AdminUnitTables`.")
    out.append("enum AdminUnitData {")
    for swift_name, file_name, doc in FILES:
        with open(os.path.join(REF, file_name), encoding="utf-8", newline="") as f:
            text = f.read()
        rows = text.count("\n") - 1
        out.append(f"    /// `{file_name}`: {doc} ({rows} rows).")
        out.append(f"    static let {swift_name}: String = {literal(text, file_name)}")
        out.append("")
    out.append("    /// Every embedded file: its name in reference/admin-units/ and its text.")
    out.append("    static let files: [(name: String, text: String)] = [")
    for swift_name, file_name, _ in FILES:
        out.append(f'        ("{file_name}", {swift_name}),')
    out.append("    ]")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    text = generate()
    if "--check" in sys.argv[1:]:
        try:
            with open(OUT, encoding="utf-8", newline="") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print(f"{os.path.relpath(OUT, ROOT)} is out of date; run python3 scripts/gen-admin-units.py")
            sys.exit(1)
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({len(text.encode('utf-8'))} bytes)")


if __name__ == "__main__":
    main()
