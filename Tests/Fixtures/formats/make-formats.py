#!/usr/bin/env python3
"""Writes the fixtures of the every-format run test: the same kind of dossier (code, name,
received date) exported in every shape Extract reads. Run from anywhere; rewrites the files
next to this script byte for byte."""
import csv
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXED_DATE = (2019, 3, 5, 0, 0, 0)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def store_zip(path, members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, method in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    write(path, buf.getvalue())


# CSV as Excel exports it: BOM, sep= line, semicolons, CRLF, a quoted field with a semicolon.
write("excel.csv", "\ufeffsep=;\r\nMã hồ sơ;Họ tên;Ngày nhận\r\nCSV-1;Nguyễn Văn An;05/03/2019\r\n"
      "CSV-2;\"Đỗ Thị Hoa; Hà\";06/03/2019\r\n")

# A JSON document with the records two levels down, after a large sibling.
write("export.json", '{"meta": {"tinh": "Quảng Bình", "ghi_chu": "' + "x" * 5000 + '"},\n'
      ' "data": {"items": [\n'
      '  {"ma": "JSON-1", "nguoi": {"ten": "Trần Thị Bích"}, "ngay": "2019-03-06"},\n'
      '  {"ma": "JSON-2", "nguoi": {"ten": "Võ Văn \\u0110ức"}, "ngay": "2019-03-07"}\n'
      ' ]}}\n')

# XML with a namespace prefix, attributes, CDATA and an entity.
write("export.xml", '<?xml version="1.0" encoding="UTF-8"?>\r\n'
      '<!-- xuất từ một cửa -->\r\n'
      '<ds:export xmlns:ds="urn:dvc:hoso">\r\n'
      '  <ds:hoso ma="XML-1"><ds:nguoi><ds:ten><![CDATA[Lê Văn Cường]]></ds:ten></ds:nguoi>'
      '<ds:ngay>2019-03-08</ds:ngay></ds:hoso>\r\n'
      '  <ds:hoso ma="XML-2"><ds:nguoi><ds:ten>Bùi &amp; Đặng Thị Lan</ds:ten></ds:nguoi>'
      '<ds:ngay>09/03/2019</ds:ngay></ds:hoso>\r\n'
      '</ds:export>\r\n')

# mysqldump: backslash escapes, two tables, a multi-row INSERT.
write("mysql.sql", "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
      "/*!40101 SET NAMES utf8mb4 */;\n"
      "DROP TABLE IF EXISTS `log`;\n"
      "CREATE TABLE `log` (`id` int, `msg` text);\n"
      "INSERT INTO `log` VALUES (1,'a; b \\'c\\''),(2,NULL);\n"
      "CREATE TABLE `hoso` (\n  `ma` varchar(20) NOT NULL,\n  `ten` varchar(100),\n  `ngay` date\n);\n"
      "LOCK TABLES `hoso` WRITE;\n"
      "INSERT INTO `hoso` VALUES ('SQL-1','Phạm Thị D\\'Ân','2019-03-10'),('SQL-2','Ngô Văn Bảy','2019-03-11');\n"
      "UNLOCK TABLES;\n")

# pg_dump: a COPY block with an escaped tab and a NULL.
write("postgres.sql", "--\n-- PostgreSQL database dump\n--\n\n"
      "CREATE TABLE public.hoso (ma text NOT NULL, ten text, ngay date);\n\n"
      "COPY public.hoso (ma, ten, ngay) FROM stdin;\n"
      "PG-1\tHoàng Văn Em\t2019-03-12\n"
      "PG-2\tLý Thị\\tGấm\t2019-03-13\n"
      "\\.\n")

# Fixed-width: code 1-8, name 9-38, date 39-48, after a title line.
def fixed(code, name, date):
    return code.ljust(8) + name.ljust(30) + date + "\r\n"
write("fixed.txt", "SO THEO DOI HO SO\r\n" + fixed("FIX-1", "Đinh Văn Hùng", "14/03/2019")
      + fixed("FIX-2", "Dương Thị Ánh Nguyệt", "15/03/2019"))

# A zip archive holding a gzip'd CSV and a CSV in a folder, plus a file the members glob skips.
import gzip
inner = "ma,ten,ngay\nZIP-1,Lâm Văn Khoa,2019-03-16\n".encode()
store_zip("bundle.zip", [
    ("hoso/a.csv.gz", gzip.compress(inner, mtime=0), zipfile.ZIP_STORED),
    ("hoso/b.csv", "ma,ten,ngay\nZIP-2,Tạ Thị Liên,2019-03-17\n".encode(), zipfile.ZIP_DEFLATED),
    ("README.txt", b"not a dossier export\n", zipfile.ZIP_DEFLATED),
])

# TCVN3 (ABC) CSV for encoding: auto, encoded with the reference table.
table = {}
with open(os.path.join(ROOT, "reference", "encodings", "tcvn3.tsv"), encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if row["bytes_hex"]:
            table[row["unicode_char"]] = bytes.fromhex(row["bytes_hex"])
def tcvn3(text):
    return b"".join(bytes([ord(c)]) if ord(c) < 0x80 else table[c] for c in text)
lines = ["ma,ten,ngay", "TCVN-1,Đặng Văn Phước,2019-03-18", "TCVN-2,Nguyễn Thị Thuỷ Tiên,2019-03-19"]
lines += [f"TCVN-{i},{n},2019-03-20" for i, n in enumerate(
    ["Phạm Quốc Việt", "Lê Thị Hường", "Trương Công Định", "Huỳnh Thị Xuân", "Tô Văn Thành",
     "Hồ Thị Ngọc Ánh".replace("Á", "á"), "Châu Văn Lượng", "Mạc Thị Yến"], start=3)]
write("legacy-tcvn3.csv", tcvn3("\r\n".join(lines) + "\r\n"))

# XLSX: shared strings, an inline string, a date cell (built-in format 14), title row above
# the header.
def xlsx():
    shared = ["Mã hồ sơ", "Họ tên", "Ngày nhận", "XLSX-1", "Kiều Thị Mai"]
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">'
           + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>")
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>SỔ THEO DÕI HỒ SƠ</t></is></c></row>'
             '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c></row>'
             '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" s="1"><v>43535</v></c></row>'
             '<row r="4"><c r="A4" t="inlineStr"><is><t>XLSX-2</t></is></c><c r="B4" t="inlineStr"><is><t>Quách Văn Nam</t></is></c>'
             '<c r="C4" s="1"><v>43536</v></c></row>'
             '</sheetData></worksheet>')
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="Hồ sơ" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '</Relationships>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                 '</Relationships>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             '</Types>')
    store_zip("register.xlsx", [
        ("[Content_Types].xml", types.encode(), zipfile.ZIP_DEFLATED),
        ("_rels/.rels", root_rels.encode(), zipfile.ZIP_DEFLATED),
        ("xl/workbook.xml", workbook.encode(), zipfile.ZIP_DEFLATED),
        ("xl/_rels/workbook.xml.rels", rels.encode(), zipfile.ZIP_DEFLATED),
        ("xl/sharedStrings.xml", sst.encode(), zipfile.ZIP_DEFLATED),
        ("xl/styles.xml", styles.encode(), zipfile.ZIP_DEFLATED),
        ("xl/worksheets/sheet1.xml", sheet.encode(), zipfile.ZIP_DEFLATED),
    ])
xlsx()
