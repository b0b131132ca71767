#!/usr/bin/env python3
"""Generate Sources/Extract/Encoding/EncodingTables.generated.swift from reference/encodings/.

Usage:  python3 scripts/gen-encoding-tables.py [--check]

Reads the reference tables copied into reference/encodings/ (see reference/encodings/README.md
and PROVENANCE.md) and writes the legacy Vietnamese encodings' tables as plain Swift arrays:

  - one 256-entry byte -> Unicode scalar table per single-byte encoding
    (bytes/<encoding>.tsv; ASCII for the bytes a table does not list below 0x80);
  - Windows-1258's base letter + combining tone mark -> precomposed letter
    (cp1258.tsv: the two-byte spelling of every toned letter, `bytes_hex` or `alt_bytes_hex`);
  - VNI's base byte + mark byte -> letter (vni.tsv, every two-byte letter);
  - letter -> bytes for the encoder the tests use (<encoding>.tsv `bytes_hex`, and for
    Windows-1258 also the fully decomposed spelling).

VNI's table gives ASCII, its single-byte letters (bytes/vni.tsv kind `letter`), a marker for
its mark bytes, and for 0x80-0xBF the Windows-1252 glyphs its fonts keep (README: "a font
encoding built on Windows-1252 glyphs"): 0x80-0x9F from bytes/tcvn3.tsv's `cp1252` rows,
0xA0-0xBF from bytes/cp1258.tsv (Latin-1 there, as in Windows-1252). Its other bytes are
unassigned. TCVN3's table takes bytes/tcvn3.tsv as it is: Windows-1252 on 0x80-0x9F, VN2 on
the positions VN3 leaves unassigned.

Standard library only; the output is deterministic. `--check` exits 1 when the checked-in
file differs from what the script would write (the Swift test EncodingTablesTests makes the
same comparison against the TSVs directly).
"""

import csv
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = os.path.join(ROOT, "reference", "encodings")
OUT = os.path.join(ROOT, "Sources", "Extract", "Encoding", "EncodingTables.generated.swift")

UNASSIGNED = 0xFFFF  # a noncharacter: the byte means nothing in the encoding
VNI_MARK = 0xFFFE    # a noncharacter: a VNI mark byte, composed with the letter before it

SINGLE_BYTE = [
    # (Swift name, bytes/ file, character table, doc)
    ("windows1258", "cp1258", "cp1258", "Windows-1258 (combining tone marks on 0xCC 0xD2 0xDE 0xEC 0xF2)"),
    ("tcvn3", "tcvn3", "tcvn3", "TCVN3 (VN3): Windows-1252 on 0x80-0x9F, VN2 on the positions VN3 leaves unassigned"),
    ("tcvn5712_1", "tcvn5712-1", "tcvn5712-1", "TCVN 5712:1993 VN1 (glibc TCVN5712-1), letters on 12 C0 bytes"),
    ("viscii", "viscii", "viscii", "VISCII (RFC 1456), letters on 6 C0 bytes"),
    ("vps", "vps", "vps", "VPS, letters on 14 C0 bytes"),
]


def read_tsv(name):
    with open(os.path.join(REF, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def scalars(codepoints):
    """'U+0302 U+0300' -> [0x302, 0x300]"""
    return [int(cp[2:], 16) for cp in codepoints.split()]


def byte_table(name):
    """bytes/<name>.tsv -> 256 scalars (ASCII where the file lists nothing below 0x80)."""
    table = [b if b < 0x80 else UNASSIGNED for b in range(256)]
    for row in read_tsv(os.path.join("bytes", name + ".tsv")):
        b = int(row["byte_hex"], 16)
        cps = scalars(row["codepoints"])
        if not cps:
            table[b] = UNASSIGNED
        else:
            assert len(cps) == 1, (name, row)
            table[b] = cps[0]
    return table


def vni_byte_table():
    table = [b if b < 0x80 else UNASSIGNED for b in range(256)]
    for row in read_tsv(os.path.join("bytes", "tcvn3.tsv")):
        b = int(row["byte_hex"], 16)
        if 0x80 <= b <= 0x9F and row["assignment"] == "cp1252":
            table[b] = scalars(row["codepoints"])[0]
    for row in read_tsv(os.path.join("bytes", "cp1258.tsv")):
        b = int(row["byte_hex"], 16)
        if 0xA0 <= b <= 0xBF:
            table[b] = scalars(row["codepoints"])[0]
    for row in read_tsv(os.path.join("bytes", "vni.tsv")):
        b = int(row["byte_hex"], 16)
        assert b >= 0xC0, row
        if row["kind"] == "letter":
            table[b] = scalars(row["codepoints"])[0]
        else:
            assert row["kind"] in ("mark-upper", "mark-lower"), row
            table[b] = VNI_MARK
    return table


def encoding_pairs(name, decomposed=False):
    """<name>.tsv -> [(letter, bytes)] for the letters the encoding represents."""
    pairs = []
    for row in read_tsv(name + ".tsv"):
        cps = scalars(row["codepoints"])
        assert len(cps) == 1, row
        hexes = row["bytes_hex"]
        if decomposed and row["status"] == "precomposed":
            hexes = row["alt_bytes_hex"]
        if not hexes:
            continue
        pairs.append((cps[0], bytes.fromhex(hexes)))
    return pairs


def tone_composition(cp1258):
    """cp1258.tsv two-byte spellings -> [(base scalar, mark scalar, letter)]."""
    out = []
    for row in read_tsv("cp1258.tsv"):
        if row["status"] == "base+combining":
            two = bytes.fromhex(row["bytes_hex"])
        elif row["status"] == "precomposed":
            two = bytes.fromhex(row["alt_bytes_hex"])
        else:
            continue
        assert len(two) == 2, row
        base, mark = cp1258[two[0]], cp1258[two[1]]
        assert 0x300 <= mark <= 0x323, row
        out.append((base, mark, scalars(row["codepoints"])[0]))
    return out


def vni_composition():
    out = []
    for row in read_tsv("vni.tsv"):
        two = bytes.fromhex(row["bytes_hex"])
        if len(two) == 2:
            out.append((two[0], two[1], scalars(row["codepoints"])[0]))
    return out


def u32(v):
    return "0x%04X" % v


def u8(v):
    return "0x%02X" % v


def array_256(values):
    lines = []
    for start in range(0, 256, 8):
        lines.append("        " + ", ".join(u32(v) for v in values[start:start + 8]) + ",  // %02X" % start)
    return "[\n" + "\n".join(lines) + "\n    ]"


def char_comment(cp):
    if cp >= 0x300 and cp <= 0x36F:
        return "\u25cc" + chr(cp)
    return chr(cp)


def generate():
    tables = {}
    out = []
    w = out.append
    w("// GENERATED FILE: do not edit. Made by scripts/gen-encoding-tables.py from")
    w("// reference/encodings/ (bytes/*.tsv, cp1258.tsv, tcvn3.tsv, tcvn5712-1.tsv, viscii.tsv,")
    w("// vni.tsv, vps.tsv; provenance in reference/encodings/PROVENANCE.md). To change a table,")
    w("// change the reference data or the script and run `python3 scripts/gen-encoding-tables.py`;")
    w("// EncodingTablesTests re-reads the TSVs and fails when this file disagrees with them.")
    w("")
    w("/// The legacy Vietnamese encodings' tables, as data: byte -> scalar, two-byte compositions,")
    w("/// and letter -> bytes for the test encoder.")
    w("enum EncodingTables {")
    w("    /// A byte the encoding does not assign (U+FFFF, a noncharacter).")
    w("    static let unassigned: UInt32 = %s" % u32(UNASSIGNED))
    w("    /// A VNI mark byte: it composes with the base letter before it (U+FFFE, a noncharacter).")
    w("    static let vniMark: UInt32 = %s" % u32(VNI_MARK))
    w("")
    for swift, bytes_file, _, doc in SINGLE_BYTE:
        table = byte_table(bytes_file)
        tables[swift] = table
        w("    /// %s: byte -> scalar, from bytes/%s.tsv." % (doc, bytes_file))
        w("    static let %s: [UInt32] = %s" % (swift, array_256(table)))
        w("")
    vni = vni_byte_table()
    w("    /// VNI-Windows: byte -> scalar for ASCII and the single-byte letters, ``vniMark`` for the")
    w("    /// mark bytes (bytes/vni.tsv); Windows-1252 punctuation on 0x80-0xBF (bytes/tcvn3.tsv's")
    w("    /// cp1252 rows, bytes/cp1258.tsv's 0xA0-0xBF); the other bytes are unassigned.")
    w("    static let vni: [UInt32] = %s" % array_256(vni))
    w("")
    w("    /// Base letter + combining tone mark -> precomposed letter, from the two-byte Windows-1258")
    w("    /// spelling of every toned letter in cp1258.tsv (`bytes_hex`, or `alt_bytes_hex` for the 16")
    w("    /// letters that also have their own byte).")
    w("    static let toneComposition: [(base: UInt32, mark: UInt32, letter: UInt32)] = [")
    for base, mark, letter in tone_composition(tables["windows1258"]):
        w("        (%s, %s, %s),  // %s + %s = %s" % (u32(base), u32(mark), u32(letter), chr(base),
                                                  char_comment(mark), chr(letter)))
    w("    ]")
    w("")
    w("    /// VNI base byte + mark byte -> letter, from every two-byte letter in vni.tsv.")
    w("    static let vniComposition: [(base: UInt8, mark: UInt8, letter: UInt32)] = [")
    for base, mark, letter in vni_composition():
        w("        (%s, %s, %s),  // %s" % (u8(base), u8(mark), u32(letter), chr(letter)))
    w("    ]")
    w("")
    encoders = [
        ("windows1258Encoding", "cp1258", False, "Windows-1258, precomposed byte where one exists (`bytes_hex`)"),
        ("windows1258DecomposedEncoding", "cp1258", True, "Windows-1258, every tone a separate mark byte (`alt_bytes_hex` of precomposed rows)"),
        ("tcvn3Encoding", "tcvn3", False, "TCVN3: the 74 letters VN3 has"),
        ("tcvn5712_1Encoding", "tcvn5712-1", False, "TCVN5712-1 (VN1)"),
        ("vniEncoding", "vni", False, "VNI-Windows"),
        ("visciiEncoding", "viscii", False, "VISCII"),
        ("vpsEncoding", "vps", False, "VPS"),
    ]
    for swift, name, decomposed, doc in encoders:
        w("    /// %s: letter -> bytes, from %s.tsv." % (doc, name))
        w("    static let %s: [(letter: UInt32, bytes: [UInt8])] = [" % swift)
        for letter, bs in encoding_pairs(name, decomposed):
            w("        (%s, [%s]),  // %s" % (u32(letter), ", ".join(u8(b) for b in bs), chr(letter)))
        w("    ]")
        if swift != encoders[-1][0]:
            w("")
    w("}")
    return "\n".join(out) + "\n"


def main():
    text = generate()
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("%s is out of date; run scripts/gen-encoding-tables.py" % os.path.relpath(OUT, ROOT))
                sys.exit(1)
        return
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s" % os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
