#!/usr/bin/env python3
"""Writes the fixed-width fixtures of Tests/ExtractTests/FixedWidthReaderTests.swift.

Columns are laid out in characters (Unicode scalars), not bytes: Vietnamese names take more
bytes than characters. Run from anywhere:
    python3 Tests/Fixtures/fixed/make-fixed-fixtures.py
"""
import os

here = os.path.dirname(os.path.abspath(__file__))


def row(ma, ten, ngay, phi):
    # ma_ho_so 1-11, ho_ten 13-35, ngay_nop 37-46, le_phi 48-55 (right-aligned).
    return f"{ma:<11} {ten:<23} {ngay:<10} {phi:>8}".rstrip()


title = "DANH SÁCH HỒ SƠ TIẾP NHẬN - UBND HUYỆN VỊ XUYÊN"
header = f"{'MÃ HỒ SƠ':<11} {'HỌ TÊN':<23} {'NGÀY NỘP':<10} {'LỆ PHÍ':>8}"
ruler = f"{'-' * 11} {'-' * 23} {'-' * 10} {'-' * 8}"
lines = [
    title, header, ruler,
    row("HS-2024-001", "Nguyễn Văn An", "05/03/2024", "15000"),
    row("HS-2024-002", "Trần Thị Bình", "06/03/2024", "0"),
    "      ",
    row("HS-2024-003", "Lê Văn Cường", "07/03/2024", ""),
    row("HS-2024-004", "Phạm Thị Dung", "", ""),
    "",
    row("HS-2024-005", "Hoàng Văn Em", "08/03/2024", "1200000") + "  ghi chú thêm",
]
text = "\ufeff" + "\n".join(lines[:5]) + "\r\n" + "\n".join(lines[5:])  # a BOM, one CRLF, no final line feed
with open(os.path.join(here, "hoso.txt"), "wb") as f:
    f.write(text.encode())

# errors.txt: a line with a Latin-1 byte in ho_ten, a short line, a long line, a good line.
good = row("HS-2024-010", "Đỗ Thị Hoa", "09/03/2024", "5000")
bad = row("HS-2024-011", "Nguyen Van X", "09/03/2024", "5000").encode().replace(b"Nguyen", b"Nguy\xean")
short = "HS-2024-012 Vũ Văn Long"
long = row("HS-2024-013", "Bùi Thị Mai", "10/03/2024", "7000") + " " + "x" * 100
with open(os.path.join(here, "errors.txt"), "wb") as f:
    f.write(b"\n".join([good.encode(), bad, short.encode(), long.encode(), good.encode()]) + b"\n")
