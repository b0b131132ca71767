#!/usr/bin/env python3
"""Writes typed-register.xlsx: the clerk's register of typed-register.csv as a workbook.

A title row merged across the table (row 1), the header in row 2, then the rows of the CSV as
a clerk keeps them in Excel: STT as numbers, dates written as dd/MM/yyyy turned into real date
cells (serials in a d/m/yyyy format), other date forms kept as typed text, the empty issue-date
cells merged with the cell above (what a merged cell leaves: only its top-left cell has a
value), and the continuation lines of long addresses as rows of their own. The workbook is
written with zipfile directly, so every part is exactly as below. Run it from anywhere.
"""
import csv
import datetime
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
COLS = "ABCDEFG"


def serial(text):
    """The Excel serial of a dd/MM/yyyy date, or None for any other form or an impossible date."""
    parts = text.split("/")
    if len(parts) != 3 or len(parts[0]) != 2 or len(parts[1]) != 2 or len(parts[2]) != 4:
        return None
    try:
        d = datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None  # a date that does not exist stays the text the clerk typed
    return (d - datetime.date(1899, 12, 30)).days


def cell(ref, value, date_column):
    if value == "":
        return ""
    if ref[0] == "A" and value.isdigit():
        return f'<c r="{ref}"><v>{value}</v></c>'
    if date_column and serial(value) is not None:
        return f'<c r="{ref}" s="1"><v>{serial(value)}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


with open(os.path.join(HERE, "typed-register.csv"), encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, data = rows[0], rows[1:]
xml_rows = [f'<row r="1"><c r="A1" t="inlineStr"><is><t>SỔ THEO DÕI KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH NĂM 2019</t></is></c></row>',
            '<row r="2">' + "".join(cell(f"{COLS[i]}2", h, False) for i, h in enumerate(header)) + "</row>"]
merges = ["A1:G1"]
for n, row in enumerate(data, start=3):
    xml_rows.append(f'<row r="{n}">' + "".join(cell(f"{COLS[i]}{n}", v, i in (3, 6)) for i, v in enumerate(row)) + "</row>")
    # An entry's empty issue date: the cell above merged down over it.
    if row[0] and row[6] == "" and n > 3:
        merges.append(f"G{n - 1}:G{n}")
sheet = (DECL + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>' + "".join(xml_rows) + "</sheetData>"
         + f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells></worksheet>")
styles = (DECL + f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="d/m/yyyy"/></numFmts>'
          '<fonts count="1"><font><sz val="11"/><name val="Times New Roman"/></font></fonts>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0"/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" xfId="0"/><xf numFmtId="164" fontId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
          "</styleSheet>")
parts = [
    ("[Content_Types].xml", DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
     '<Default Extension="xml" ContentType="application/xml"/>'
     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
     '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
     "</Types>"),
    ("_rels/.rels", DECL + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    ("xl/workbook.xml", DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Sổ 2019" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ("xl/_rels/workbook.xml.rels", DECL + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
     f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>'),
    ("xl/styles.xml", styles),
    ("xl/worksheets/sheet1.xml", sheet),
]
with zipfile.ZipFile(os.path.join(HERE, "typed-register.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    for path, text in parts:
        info = zipfile.ZipInfo(path, date_time=(2019, 3, 5, 8, 30, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text.encode("utf-8"))
