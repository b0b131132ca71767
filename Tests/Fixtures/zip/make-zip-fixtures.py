#!/usr/bin/env python3
"""Writes the zip fixtures of Tests/ExtractTests/Zip*.swift.

Deterministic: fixed timestamps, fixed deflate level, gzip with mtime=0, a seeded random
for the large member. The damaged archives are good ones patched at offsets read back from
their own headers. Run from anywhere:
    python3 Tests/Fixtures/zip/make-zip-fixtures.py
"""
import gzip
import io
import os
import random
import struct
import zipfile
import zlib

here = os.path.dirname(os.path.abspath(__file__))
bad_dir = os.path.join(here, "bad")
os.makedirs(bad_dir, exist_ok=True)
WHEN = (2024, 3, 5, 8, 30, 0)

HOSO_01 = ("ma_ho_so,ho_ten,thu_tuc\n"
           "HS-2023-001,Nguyễn Văn An,Cấp giấy khai sinh\n"
           "HS-2023-002,Trần Thị Bình,Đăng ký kết hôn\n").encode()
HOSO_02 = ("ma_ho_so,ho_ten,thu_tuc\n"
           "HS-2024-001,Lê Văn Cường,Cấp lại CCCD\n").encode()
HOSO_03 = ("ma_ho_so,ho_ten,thu_tuc\r\n"
           "HS-2024-101,Phạm Thị Dung,Chứng thực bản sao\r\n"
           "HS-2024-102,Hoàng Văn Em,\"Đăng ký tạm trú, lưu trú\"\r\n").encode()
HOSO_04 = ("ma_ho_so,ho_ten,thu_tuc\n"
           "HS-2024-201,Vũ Thị Giang,Cấp phép xây dựng\n").encode()
HOSO_05 = ("ma_ho_so,ho_ten,thu_tuc\n"
           "HS-2024-301,Đặng Văn Hải,Đăng ký thường trú\n").encode()
README = "Xuất từ hệ thống một cửa, tỉnh Hà Giang.\n".encode()
NOTE = ("Ghi chú: " + "dữ liệu thử nghiệm. " * 40 + "\n").encode()


def info(name, method, flag_bits=0):
    zi = zipfile.ZipInfo(name, date_time=WHEN)
    zi.compress_type = method
    zi.external_attr = 0o644 << 16
    zi.flag_bits |= flag_bits
    return zi


def directory(name):
    zi = zipfile.ZipInfo(name, date_time=WHEN)
    zi.external_attr = (0o40755 << 16) | 0x10
    return zi


def build(members, seekable=True, comment=b""):
    """members: list of (ZipInfo or name, bytes or None for a directory)."""
    buf = io.BytesIO()

    class Unseekable(io.RawIOBase):
        def writable(self):
            return True

        def write(self, b):
            return buf.write(b)

    target = buf if seekable else Unseekable()
    with zipfile.ZipFile(target, "w", compresslevel=9) as zf:
        for zi, data in members:
            zf.writestr(zi, data if data is not None else b"")
        zf.comment = comment
    return buf.getvalue()


def write(path, data):
    with open(os.path.join(here, path), "wb") as f:
        f.write(data)


def central_entries(archive):
    """[(name bytes, central header offset, local header offset, data start)] in CD order."""
    eocd = archive.rindex(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", archive, eocd + 12)
    out, p = [], cd_offset
    while p < cd_offset + cd_size:
        n, e, c = struct.unpack_from("<HHH", archive, p + 28)
        local = struct.unpack_from("<I", archive, p + 42)[0]
        ln, le = struct.unpack_from("<HH", archive, local + 26)
        out.append((archive[p + 46:p + 46 + n], p, local, local + 30 + ln + le))
        p += 46 + n + e + c
    return out


def find(archive, name):
    for entry in central_entries(archive):
        if entry[0] == name.encode():
            return entry
    raise KeyError(name)


# hoso.zip: stored and deflated members, nested directories, a gzip member; written out of
# path order so that discovery must sort.
hoso = build([
    (info("README.txt", zipfile.ZIP_STORED), README),
    (directory("data/"), None),
    (directory("data/2024/"), None),
    (info("data/2024/hoso-02.csv", zipfile.ZIP_STORED), HOSO_02),
    (info("data/2024/hoso-03.csv.gz", zipfile.ZIP_STORED), gzip.compress(HOSO_03, compresslevel=9, mtime=0)),
    (info("data/2024/ghi-chu.txt", zipfile.ZIP_DEFLATED), NOTE),
    (directory("data/2023/"), None),
    (info("data/2023/hoso-01.csv", zipfile.ZIP_DEFLATED), HOSO_01),
])
write("hoso.zip", hoso)

# hoso-streamed.zip: written to a pipe, so every member has a data descriptor (bit 3).
write("hoso-streamed.zip", build([
    (info("2024/hoso-04.csv", zipfile.ZIP_DEFLATED), HOSO_04),
    (info("2024/hoso-05.csv", zipfile.ZIP_STORED), HOSO_05),
], seekable=False))

# large.zip: 200,000 bytes of hardly compressible ASCII, deflated (several 64 KiB input
# chunks), and an empty member.
rng = random.Random(20240305)
alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ,\n"
LARGE = "".join(rng.choice(alphabet) for _ in range(200_000)).encode()
write("large.zip", build([
    (info("large.txt", zipfile.ZIP_DEFLATED), LARGE),
    (info("empty.txt", zipfile.ZIP_DEFLATED), b""),
]))

# names.zip: a UTF-8 name (bit 11) and a code page 437 name ("báo-cáo.csv", á = 0xA0).
names = bytearray(build([
    (info("hồ-sơ/danh-sách.csv", zipfile.ZIP_STORED), HOSO_02),
    (info("bXo-cXo.csv", zipfile.ZIP_STORED), HOSO_02),
]))
for _, central, local, _ in central_entries(bytes(names)):
    for header, size in ((central, 46), (local, 30)):
        n = struct.unpack_from("<H", names, header + (28 if size == 46 else 26))[0]
        start = header + size
        if names[start:start + n] == b"bXo-cXo.csv":
            names[start:start + n] = b"b\xa0o-c\xa0o.csv"
write("names.zip", bytes(names))

# commented.zip: an archive comment that holds a fake end-of-central-directory signature.
write("commented.zip", build([(info("a.csv", zipfile.ZIP_DEFLATED), HOSO_02)],
                             comment=b"Ban sao luu PK\x05\x06 khong phai ban ghi cuoi " * 3))

# empty.zip: no members at all (only the end record).
write("empty.zip", build([]))

# dirs-only.zip: only directories.
write("dirs-only.zip", build([(directory("data/"), None), (directory("data/2024/"), None)]))


# zip64.zip: hand-built ZIP64 archive: sizes and offsets saturated at 0xFFFFFFFF in the
# central directory with ZIP64 extra fields, a ZIP64 end record and locator.
def zip64_archive():
    out = bytearray()
    central = bytearray()
    members = [("hoso-64.csv", 0, HOSO_02), ("sub/hoso-65.csv", 8, HOSO_04)]
    for name, method, data in members:
        nb = name.encode()
        if method == 8:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed = c.compress(data) + c.flush()
        else:
            packed = data
        crc = zlib.crc32(data)
        offset = len(out)
        extra = struct.pack("<HHQQ", 1, 16, len(data), len(packed))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, method, 0x4000, 0x5865, crc,
                           0xFFFFFFFF, 0xFFFFFFFF, len(nb), len(extra)) + nb + extra + packed
        cextra = struct.pack("<HHQQQ", 1, 24, len(data), len(packed), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, method, 0x4000, 0x5865, crc,
                               0xFFFFFFFF, 0xFFFFFFFF, len(nb), len(cextra), 0, 0, 0, 0o644 << 16,
                               0xFFFFFFFF) + nb + cextra
    cd_offset = len(out)
    out += central
    z64 = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(members), len(members),
                       len(central), cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, z64, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(out)


zip64 = zip64_archive()
with zipfile.ZipFile(io.BytesIO(zip64)) as check:
    assert check.testzip() is None
    assert check.read("sub/hoso-65.csv") == HOSO_04
write("zip64.zip", zip64)

# --- Damaged archives (bad/) ---

# Cut in the middle: no end-of-central-directory record.
write("bad/truncated.zip", hoso[:len(hoso) // 2])
# Shorter than an end record.
write("bad/tiny.zip", b"PK\x03\x04\x14\x00")

# One bit flipped in the stored member data/2024/hoso-02.csv: CRC mismatch at its end.
crc_bad = bytearray(hoso)
_, _, _, start = find(hoso, "data/2024/hoso-02.csv")
crc_bad[start + 30] ^= 0x01
write("bad/crc.zip", bytes(crc_bad))

# Invalid deflate block type in data/2023/hoso-01.csv (BTYPE bits of its first byte = 11).
inflate_bad = bytearray(hoso)
_, _, _, start = find(hoso, "data/2023/hoso-01.csv")
inflate_bad[start] |= 0x06
write("bad/inflate.zip", bytes(inflate_bad))

# A bzip2 member (method 12) next to a stored one.
write("bad/bzip2.zip", build([
    (info("ok.csv", zipfile.ZIP_STORED), HOSO_02),
    (info("nen-bzip2.csv", zipfile.ZIP_BZIP2), HOSO_01),
]))

# An "encrypted" member: bit 0 set in its local and central headers.
encrypted = bytearray(build([(info("mat-khau.csv", zipfile.ZIP_STORED), HOSO_02)]))
_, central, local, _ = central_entries(bytes(encrypted))[0]
encrypted[central + 8] |= 1
encrypted[local + 6] |= 1
write("bad/encrypted.zip", bytes(encrypted))

# The second central directory header's signature damaged.
sig_bad = bytearray(hoso)
_, central, _, _ = central_entries(hoso)[1]
sig_bad[central + 3] = 0x09
write("bad/central-signature.zip", bytes(sig_bad))

# The local header of data/2024/hoso-02.csv damaged.
local_bad = bytearray(hoso)
_, _, local, _ = find(hoso, "data/2024/hoso-02.csv")
local_bad[local:local + 4] = b"XXXX"
write("bad/local-signature.zip", bytes(local_bad))

# Sizes that disagree with the data: short.csv says 5 bytes more than it inflates to,
# long.csv 1 byte less.
sizes = bytearray(build([
    (info("short.csv", zipfile.ZIP_DEFLATED), HOSO_01),
    (info("long.csv", zipfile.ZIP_DEFLATED), HOSO_01),
]))
for name, central, _, _ in central_entries(bytes(sizes)):
    usize = struct.unpack_from("<I", sizes, central + 24)[0]
    struct.pack_into("<I", sizes, central + 24, usize + 5 if name == b"short.csv" else usize - 1)
write("bad/sizes.zip", bytes(sizes))

# The end record says the central directory starts 100 bytes later than it does.
overrun = bytearray(hoso)
eocd = hoso.rindex(b"PK\x05\x06")
struct.pack_into("<I", overrun, eocd + 16, struct.unpack_from("<I", hoso, eocd + 16)[0] + 100)
write("bad/cd-overrun.zip", bytes(overrun))

# A split archive: the end record is on disk 2 of 2.
split = bytearray(hoso)
struct.pack_into("<HH", split, eocd + 4, 1, 1)
write("bad/split.zip", bytes(split))

# The central directory says data/2023/hoso-01.csv holds 1,000,000 compressed bytes: its
# data would run past the end of the archive.
past_end = bytearray(hoso)
_, central, _, _ = find(hoso, "data/2023/hoso-01.csv")
struct.pack_into("<I", past_end, central + 20, 1_000_000)
write("bad/past-end.zip", bytes(past_end))
