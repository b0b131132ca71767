#!/usr/bin/env python3
"""Writes the JSON document fixtures of Tests/ExtractTests/JSONDocumentReaderTests.swift.

Run from anywhere: python3 Tests/Fixtures/json/make-json-fixtures.py. The output is byte for byte
the committed files (no randomness).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, text):
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# A top-level array after a BOM: compact elements, one per line, escapes and nested values.
write("top_array.json", "\ufeff[" + ",\n".join([
    '{"id":"HS-1","applicant":{"name":"Nguyễn Văn A","phone":"0901"},"fee":15000,"paid":true}',
    '{"id":"HS-2","applicant":{"name":"Tr\\u1ea7n \\"B\\"\\\\ \\/ \\n"},"fee":-1.5e3,"paid":false,"tags":["a","b"]}',
    '{"id":"HS-3","applicant":"not an object","fee":null,"extra":{"k":[1,2,{"x":null}]},"paid":"} ] {"}',
]) + "]\n")

# The records at data.items, with big values of other keys before and after them, a decoy key,
# and the path's first key escaped.
blob = "".join("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 7) % 64] for i in range(12000))
numbers = ",".join(str(i * 3 - 1000) for i in range(1000))
trailer = "Đồng Hới " * 1000
write("nested.json", (
    '{"meta":{"exported":"2025-06-30T08:00:00+07:00","blob":"' + blob + '","list":[' + numbers + '],'
    '"nested":{"a":[{"b":[[],{}]},"x\\"]}",true,false,null,-0.5e+10]}},\n'
    ' "d\\u0061ta" : {\n'
    '  "count": 3, "item": [1, 2], "itemsX": {"items": []},\n'
    '  "items": [\n'
    '   {"id": "QT-1", "name": "Hoàng Văn E", "fee": 0},\n'
    '   {"id": "QT-2", "name": "Võ Thị F", "fee": 12.5},\n'
    '   {"id": "QT-3", "name": "Bùi G", "fee": 1e3}\n'
    '  ],\n'
    '  "trailer": "' + trailer + '", "more": [{"nested": [true, false, null]}]\n'
    ' },\n'
    ' "checksum": "abc"}\n'
))

# Pretty-printed with CRLF: multi-line elements, escapes and Vietnamese text.
write("pretty_crlf.json", "\r\n".join([
    '{',
    '  "records": [',
    '    {',
    '      "maHoSo": "QT-1",',
    '      "chuHoSo": {',
    '        "hoTen": "Lê Thị Hồng",',
    '        "diaChi": "Số 5\\r\\nĐông Hà"',
    '      },',
    '      "ghiChu": "tab\\there \\"trích\\" \\u00e9 \\ud83d\\ude00"',
    '    },',
    '    {',
    '      "maHoSo": "QT-2",',
    '      "chuHoSo": { "hoTen": "Đặng Văn Ý" },',
    '      "ghiChu": null',
    '    }',
    '  ]',
    '}',
    '',
]))

# Elements that are not objects, between good ones.
write("not_objects.json", '[{"a":1},\n [1,{"a":2}],\n "s,]",\n 42 ,\n null,\n tru e,\n {"a":3}]\n')

# Malformed JSON inside elements, pretty-printed so errors are on later lines.
write("malformed_elements.json", "\n".join([
    '[',
    '  {"a": 1},',
    '  {"a" 2},',
    '  {',
    '    "a": tru',
    '  },',
    '  {"a": "bad \\x escape"},',
    '  {"a": 1,},',
    '  {"a": "tab\there"},',
    '  {"a": [1 2]},',
    '  {"a": "\\ud800"},',
    '  {"a": 01},',
    '  {"a": 3}',
    ']',
    '',
]))

# Invalid UTF-8 inside an element.
write("invalid_utf8.json", b'[{"a":"ok"},\n{"a":"Nguy\xe1n"},\n{"a":"\xff"},\n{"a":"end"}]')

# An element longer than 64 bytes (max_record_bytes in the test), with brackets in strings.
write("oversized.json", '[{"a":"short"},\n{"a":"' + "x]}" * 30 + '","b":[[{}],{"c":"]"}]},\n{"a":"after"}]\n')

# Structural problems: each stops the file.
write("no_key.json", '{"data": {"count": 1, "itemz": [{"a": 1}]}}')
write("not_array.json", '{"data": {"items": {"a": 1}}}')
write("path_not_object.json", '{"data": [{"items": []}]}')
write("garbage_after.json", '[{"a":1}]\n\n x')
write("truncated_element.json", '[{"a":1},\n{"a":"never closed}]\n')
write("truncated_document.json", '{"data": {"items": [{"a": 1}]')
write("mismatched_bracket.json", '[{"a":1},\n{"a":[1,2}},\n{"a":3}]')
write("bad_sibling.json", '{"meta": {"x": [1, tru]}, "data": {"items": [{"a": 1}]}}')
write("duplicate_key.json", '{"data": {"items": [{"a": 1}], "items": []}}')
write("trailing_comma.json", '[{"a":1},\n]')
write("missing_comma.json", '[{"a":1}\n{"a":2}]')
write("empty.json", "\ufeff \n ")
