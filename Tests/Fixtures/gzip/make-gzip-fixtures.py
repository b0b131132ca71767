#!/usr/bin/env python3
"""Writes the gzip fixtures of Tests/ExtractTests from the csv and jsonl fixtures.

Deterministic: gzip.compress with mtime=0 (no file name in the header). Run from anywhere:
    python3 Tests/Fixtures/gzip/make-gzip-fixtures.py
"""
import gzip
import os

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.dirname(here)


def read(rel):
    with open(os.path.join(fixtures, rel), "rb") as f:
        return f.read()


def write(name, data):
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


quoted = read("csv/quoted.csv")
nested = read("jsonl/nested.jsonl")
single = gz(quoted)

# One member.
write("single.csv.gz", single)
# Two members, split inside a quoted field that spans a line break.
cut = quoted.index(b"line two")
write("multi.csv.gz", gz(quoted[:cut]) + gz(quoted[cut:]))
# Three members, split mid-line and mid-escape.
a, b = nested.index(b"Tr\\u1ea7n") + 4, nested.index(b"QT-4")
write("multi.jsonl.gz", gz(nested[:a]) + gz(nested[a:b]) + gz(nested[b:]))
# Cut short: the last 20 bytes (end of the deflate data and the CRC/size trailer) missing.
write("truncated.csv.gz", single[:-20])
# Cut inside the 10-byte header.
write("truncated-header.csv.gz", single[:6])
# Invalid block type: BTYPE bits (1-2) of the first deflate byte, at offset 10, set to 11.
corrupt = bytearray(single)
corrupt[10] |= 0x06
write("corrupt.csv.gz", bytes(corrupt))
# Wrong CRC-32 in the trailer.
badcrc = bytearray(single)
badcrc[-8] ^= 0xFF
write("badcrc.csv.gz", bytes(badcrc))
# Zero padding after the member (tape blocks): ignored.
write("padded.csv.gz", single + bytes(512))
# Garbage after the member: an error at its offset.
write("trailing-garbage.csv.gz", single + b"garbage!")
# Plain text with a .gz name: read as plain.
write("plain-named.csv.gz", quoted)
# Gzip with a .csv name: detected by the magic bytes.
write("disguised.csv", single)
