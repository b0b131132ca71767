#!/usr/bin/env python3
"""Writes the XLSX fixtures of Tests/ExtractTests/XLSXCursorTests.swift.

The workbooks are written with zipfile directly (no openpyxl), so every part is exactly as
below: shared strings with Vietnamese text, rich-text and phonetic runs, inline strings,
numbers, booleans, error cells, formula strings, date cells with built-in and custom formats,
a 1904 workbook, several sheets (one with prefixed element names), a header in row 3 below
title rows, sparse cells and rows, cells without references, malformed rows, and a workbook
without a shared strings part. Run it from anywhere; it rewrites the .xlsx files next to it.
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def write(name, parts):
    """parts: list of (path, text or bytes), in archive order."""
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in parts:
            info = zipfile.ZipInfo(path, date_time=(2024, 3, 5, 8, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def content_types(sheets, shared=True, styles=True):
    over = ['<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    for i in range(1, sheets + 1):
        over.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    if shared:
        over.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    if styles:
        over.append('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>')
    return (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(over) + "</Types>")


ROOT_RELS = (DECL + f'<Relationships xmlns="{PKG}">'
             f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')


def workbook(names, date1904=False):
    pr = '<workbookPr date1904="1"/>' if date1904 else '<workbookPr defaultThemeVersion="164011"/>'
    sheets = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
    return DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{pr}<sheets>{sheets}</sheets></workbook>'


def workbook_rels(count, shared=True, styles=True, targets=None):
    rels = []
    for i in range(1, count + 1):
        target = targets[i - 1] if targets else f"worksheets/sheet{i}.xml"
        rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="{target}"/>')
    if styles:
        rels.append(f'<Relationship Id="rId{count + 1}" Type="{REL}/styles" Target="styles.xml"/>')
    if shared:
        rels.append(f'<Relationship Id="rId{count + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
    return DECL + f'<Relationships xmlns="{PKG}">' + "".join(rels) + "</Relationships>"


# Cell formats (cellXfs index = the cells' s):
# 0 General; 1 built-in 14 (m/d/yyyy); 2 custom 164 "dd/mm/yyyy hh:mm"; 3 custom 165
# "[$-42A]dd/mm/yyyy" (Vietnamese locale); 4 built-in 20 (h:mm); 5 custom 166 '#,##0 "đồng"';
# 6 built-in 46 ([h]:mm:ss, a duration); 7 custom 167 '0.0" ngày"' (quoted letters); 8 built-in 22.
STYLES = (DECL + f'<styleSheet xmlns="{MAIN}">'
          '<numFmts count="4">'
          '<numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>'
          '<numFmt numFmtId="165" formatCode="[$-42A]dd/mm/yyyy;@"/>'
          '<numFmt numFmtId="166" formatCode="#,##0 &quot;đồng&quot;"/>'
          '<numFmt numFmtId="167" formatCode="0.0&quot; ngày&quot;"/>'
          '</numFmts>'
          '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
          '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0"/></cellStyleXfs>'
          '<cellXfs count="9">'
          '<xf numFmtId="0" fontId="0" xfId="0"/>'
          '<xf numFmtId="14" fontId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="164" fontId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="165" fontId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="20" fontId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="166" fontId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="46" fontId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="167" fontId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="22" fontId="0" xfId="0" applyNumberFormat="1"/>'
          '</cellXfs></styleSheet>')

# Shared strings, by index.
SHARED = [
    "<t>DANH SÁCH HỒ SƠ TIẾP NHẬN</t>",                                     # 0
    "<t>MaHoSo</t>", "<t>ChuHoSo</t>", "<t> NgayNop </t>", "<t>SoTien</t>",   # 1-4 (3 trimmed)
    "<t>DaThanhToan</t>", "<t>GhiChu</t>", "<t>ThoiGian</t>", "<t>Khac</t>",  # 5-8
    "<t>QB-01</t>", "<t>Nguyễn Văn An</t>",                                     # 9-10
    '<r><t xml:space="preserve">Hồ sơ </t></r><r><rPr><b/></rPr><t>đầy đủ</t></r><r><t> &amp; hợp lệ</t></r>',  # 11
    '<r><t>Lê Thị</t></r><r><t xml:space="preserve"> Bảy</t></r><rPh sb="0" eb="2"><t>レ ティ</t></rPh><phoneticPr fontId="1"/>',  # 12
    "<t/>",                                                                   # 13 (empty)
    "<t>QB-03</t>", "<t>Trần Bình</t>", "<t>QB-04</t>", "<t>QB-05</t>",         # 14-17
    "<t>Ngày xuất: 05/03/2019</t>",                                           # 18
    "<t>Dòng một\r\ndòng hai</t>",                                            # 19
]


def shared_strings():
    items = "".join(f"<si>{s}</si>" for s in SHARED)
    return DECL + f'<sst xmlns="{MAIN}" count="{len(SHARED) + 3}" uniqueCount="{len(SHARED)}">{items}</sst>'


def sheet(rows, prefix="", extra_ns=""):
    p = prefix + ":" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (DECL + f'<{p}worksheet {ns} xmlns:r="{REL}"{extra_ns}><{p}dimension ref="A1:H12"/>'
            f'<{p}sheetViews><{p}sheetView workbookViewId="0"/></{p}sheetViews>'
            f'<{p}sheetFormatPr defaultRowHeight="15"/><{p}cols><{p}col min="1" max="1" width="12"/></{p}cols>'
            f'<{p}sheetData>\n' + "\n".join(rows) + f'\n</{p}sheetData>'
            f'<{p}mergeCells count="1"><{p}mergeCell ref="A1:G1"/></{p}mergeCells>'
            f'<{p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></{p}worksheet>')


# Sheet 1 "Hồ sơ": title rows 1-2, header in row 3, data below.
HOSO = [
    '<row r="1" spans="1:7" ht="20" customHeight="1"><c r="A1" t="s"><v>0</v></c></row>',
    '<row r="2"><c r="A2" t="s"><v>18</v></c></row>',
    '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="s"><v>3</v></c>'
    '<c r="D3" t="s"><v>4</v></c><c r="E3" t="s"><v>5</v></c><c r="F3" t="s"><v>6</v></c>'
    '<c r="G3" t="s"><v>7</v></c><c r="H3" t="s"><v>8</v></c></row>',
    # Shared strings, a built-in date, a number, TRUE, rich text, a custom date-time.
    '<row r="4"><c r="A4" t="s"><v>9</v></c><c r="B4" t="s"><v>10</v></c><c r="C4" s="1"><v>43529</v></c>'
    '<c r="D4" s="5"><v>150000</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="s"><v>11</v></c>'
    '<c r="G4" s="2"><v>43529.354166666664</v></c></row>',
    # An inline string, phonetic runs, a locale date format, a decimal, FALSE, a formula string,
    # a time of day.
    '<row r="5"><c r="A5" t="inlineStr"><is><t>QB-02</t></is></c><c r="B5" t="s"><v>12</v></c>'
    '<c r="C5" s="3"><v>43530</v></c><c r="D5"><v>3.5</v></c><c r="E5" t="b"><v>0</v></c>'
    '<c r="F5" t="str"><f>CONCATENATE("Đã ","nhận")</f><v>Đã nhận</v></c><c r="G5" s="4"><v>0.5</v></c></row>',
    # Only styles and an empty string: an empty row, skipped.
    '<row r="6"><c r="A6" s="1"/><c r="B6" t="s"><v>13</v></c><c r="C6" t="inlineStr"><is><t></t></is></c></row>',
    # Row 7 is missing. Cells without r follow the previous one; H8 is a duration, G8 a 1900-01-00 time.
    '<row r="8"><c r="A8" t="s"><v>14</v></c><c t="s"><v>15</v></c><c r="D8" s="6"><v>1.25</v></c>'
    '<c s="7"><v>2.5</v></c><c r="G8" s="8"><v>0.75</v></c></row>',
    # An error value in a column the pipeline reads.
    '<row r="9"><c r="A9" t="s"><v>16</v></c><c r="D9" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
    # An error value in a column it does not read; a multi-line string.
    '<row r="10"><c r="A10" t="s"><v>17</v></c><c r="F10" t="s"><v>19</v></c><c r="H10" t="e"><v>#N/A</v></c></row>',
    # Serial 60: 1900-02-29, which does not exist.
    '<row r="11"><c r="A11" t="inlineStr"><is><t>QB-06</t></is></c><c r="C11" s="1"><v>60</v></c></row>',
    # A row without r follows the previous one (12); serial 59 and 61 around the gap.
    '<row><c r="A12" t="inlineStr"><is><r><t>QB-</t></r><r><t>07</t></r></is></c><c r="C12" s="1"><v>59</v></c>'
    '<c r="G12" s="8"><v>61.5</v></c></row>',
]

# Sheet 2 "Thống kê": prefixed element names, header in row 1.
THONGKE = [
    '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Huyen</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>SoHoSo</x:t></x:is></x:c></x:row>',
    '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>Lệ Thủy</x:t></x:is></x:c><x:c r="B2"><x:v>120</x:v></x:c></x:row>',
    '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>Quảng Ninh</x:t></x:is></x:c><x:c r="B3"><x:v>98</x:v></x:c></x:row>',
]

# Sheet 3 "Không tiêu đề": no header; columns given by the pipeline.
KHONG = [
    '<row r="1"><c r="A1" t="inlineStr"><is><t>HS-1</t></is></c><c r="C1" t="inlineStr"><is><t>Ghi chú 1</t></is></c></row>',
    '<row r="2"><c r="B2" t="inlineStr"><is><t>chỉ cột B</t></is></c></row>',
    '<row r="3"><c r="A3" t="inlineStr"><is><t>HS-3</t></is></c></row>',
]

# Sheet 4 "Lỗi": malformed rows between good ones.
LOI = [
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Ma</t></is></c><c r="B1" t="inlineStr"><is><t>Ten</t></is></c></row>',
    '<row r="2"><c r="A2" t="inlineStr"><is><t>L-1</t></is></c><c r="B2" t="inlineStr"><is><t>Tốt</t></is></c></row>',
    '<row r="3"><c r="A3" t="inlineStr"><is><t>L-2</t></is></c><c r="B3" t="inlineStr"><is><t>Sai</t></c></row>',
    '<row r="4"><c r="A4" t="inlineStr"><is><t>L-3 &nbsp;</t></is></c></row>',
    '<row r="5"><c r="5A" t="inlineStr"><is><t>L-4</t></is></c></row>',
    '<row r="6"><c r="A6" t="s"><v>99</v></c></row>',
    '<row r="7"><c r="A7" t="b"><v>2</v></c><c r="B7" t="x"><v>1</v></c></row>',
    '<row r="8"><c r="A8" t="inlineStr"><is><t>L-7</t></is></c><c r="B8" s="1"><v>-1</v></c></row>',
    '<row r="9"><c r="A9" t="inlineStr"><is><t>L-8</t></is></c><c r="B9" t="inlineStr"><is><t>Cuối</t></is></c></row>',
]

SHEETS = ["Hồ sơ", "Thống kê", "Không tiêu đề", "Lỗi"]
write("hoso.xlsx", [
    ("[Content_Types].xml", content_types(4)),
    ("_rels/.rels", ROOT_RELS),
    ("docProps/app.xml", DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>'),
    ("xl/workbook.xml", workbook(SHEETS)),
    ("xl/_rels/workbook.xml.rels", workbook_rels(4, targets=[
        "worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml", "./worksheets/../worksheets/sheet3.xml", "worksheets/sheet4.xml"])),
    ("xl/styles.xml", STYLES),
    ("xl/sharedStrings.xml", shared_strings()),
    ("xl/worksheets/sheet1.xml", sheet(HOSO)),
    ("xl/worksheets/sheet2.xml", sheet(THONGKE, prefix="x")),
    ("xl/worksheets/sheet3.xml", sheet(KHONG)),
    ("xl/worksheets/sheet4.xml", sheet(LOI)),
])

# A 1904 workbook: serial 0 is 1904-01-01; no shared strings part.
write("date1904.xlsx", [
    ("[Content_Types].xml", content_types(1, shared=False)),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", workbook(["Ngày"], date1904=True)),
    ("xl/_rels/workbook.xml.rels", workbook_rels(1, shared=False)),
    ("xl/styles.xml", STYLES),
    ("xl/worksheets/sheet1.xml", sheet([
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Ma</t></is></c><c r="B1" t="inlineStr"><is><t>Ngay</t></is></c></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>D-1</t></is></c><c r="B2" s="1"><v>0</v></c></row>',
        '<row r="3"><c r="A3" t="inlineStr"><is><t>D-2</t></is></c><c r="B3" s="2"><v>42067.5</v></c></row>',
        '<row r="4"><c r="A4" t="inlineStr"><is><t>D-3</t></is></c><c r="B4" t="s"><v>0</v></c></row>',
    ])),
])

# Invalid UTF-8 in a row (written as bytes).
bad = sheet([
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Ma</t></is></c></row>',
    '<row r="2"><c r="A2" t="inlineStr"><is><t>BAD</t></is></c></row>',
    '<row r="3"><c r="A3" t="inlineStr"><is><t>OK</t></is></c></row>',
]).encode("utf-8").replace(b"BAD", b"T\xb8nh")
write("invalid_utf8.xlsx", [
    ("[Content_Types].xml", content_types(1, shared=False, styles=False)),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", workbook(["Sheet1"])),
    ("xl/_rels/workbook.xml.rels", workbook_rels(1, shared=False, styles=False)),
    ("xl/worksheets/sheet1.xml", bad),
])

# Sheets that cannot be read: "Cắt" ends inside a row (a truncated part), "Mất" names a part the
# archive does not have.
write("broken.xlsx", [
    ("[Content_Types].xml", content_types(2, shared=False, styles=False)),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", workbook(["Cắt", "Mất"])),
    ("xl/_rels/workbook.xml.rels", workbook_rels(2, shared=False, styles=False,
                                                 targets=["worksheets/sheet1.xml", "worksheets/sheet9.xml"])),
    ("xl/worksheets/sheet1.xml", sheet([
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Ma</t></is></c></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>C-1</t></is></c></row>',
    ]).split('<row r="2">')[0] + '<row r="2"><c r="A2" t="inlineStr"><is><t>C-'),
])

# A workbook part that is not well-formed.
write("bad_workbook.xlsx", [
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">\n<sheets><sheet name="A" sheetId="1" r:id="rId1"></sheets>\n</workbook>'),
])

# What a password-protected workbook is: an OLE compound file, not a zip archive.
with open(os.path.join(HERE, "encrypted.xlsx"), "wb") as f:
    f.write(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))

# A zip archive that is not a workbook.
write("not_a_workbook.xlsx", [("hoso.csv", "MaHoSo,ChuHoSo\nHS-1,An\n")])

with open(os.path.join(HERE, "not_a_zip.xlsx"), "w", encoding="utf-8") as f:
    f.write("MaHoSo,ChuHoSo\nHS-1,An\n")
