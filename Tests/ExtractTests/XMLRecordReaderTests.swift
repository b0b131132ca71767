import Testing
@testable import Core
@testable import Extract

func xmlOptions(_ records: String, namespaces: [String: String] = [:], maxRecordBytes: Int = 1 << 20) -> XMLOptions {
    var options = XMLOptions()
    options.records = records.split(separator: "/").map(String.init)
    options.namespaces = namespaces
    options.maxRecordBytes = maxRecordBytes
    return options
}

@Suite struct XMLRecordReaderTests {
    private func reader(
        _ paths: [String], records: String = "export/hoso", namespaces: [String: String] = [:], maxRecordBytes: Int = 1 << 20
    ) throws -> XMLRecordReader {
        try XMLRecordReader(options: xmlOptions(records, namespaces: namespaces, maxRecordBytes: maxRecordBytes),
                            paths: paths, file: "test.xml")
    }

    private func origin(_ line: Int, _ offset: Int64, _ record: Int) -> RowOrigin {
        RowOrigin(line: line, byteOffset: offset, record: record)
    }

    private static let dc = ["dc": "http://purl.org/dc/elements/1.1/"]

    @Test func dossierExportWithAttributesNestingNamespacesCDATAAndEntities() throws {
        let paths = ["@ma", "@trangthai", "ten", "nguoi/ho_ten", "nguoi/@cccd", "nguoi/dien_thoai", "dc:date", "ghichu",
                     "khong_co"]
        let parser = try reader(paths, namespaces: Self.dc)
        #expect(parser.columns == paths)
        let records = try parseEveryWay(parser, Fixture.bytes("xml/hoso.xml"))
        #expect(records.map(\.values) == [
            ["QB-2024-0001", "da_tiep_nhan", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Nguyễn Văn An", "044090001234",
             "0912 345 678", "2024-03-05T08:30:00+07:00", "Hồ sơ <đầy đủ> & hợp lệ", nil],
            // The DOCTYPE's attribute default is not applied; the second <nguoi> is not read (first match wins).
            ["QB-2024-0002", nil, "Đăng ký kết hôn & cấp bản sao trích lục", "Trần Thị Bình", "044185005678", nil, nil, "",
             nil],
            ["QB-2024-0003", "tra_ket_qua", "  Chứng thực bản sao  ", "Lê \"Bảy\" <Văn> ả", nil, "", "2024-03-07",
             "Dòng một\ndòng hai đậm cuối", nil],
        ])
        #expect(records.map(\.origin) == [origin(10, 410, 1), origin(20, 812, 2), origin(27, 1114, 3)])
        #expect(records.allSatisfy { $0.document == nil })
    }

    @Test func anElementWithChildrenGivesAllItsText() throws {
        let records = try parseEveryWay(try reader(["nguoi", "."]), Fixture.bytes("xml/hoso.xml"))
        #expect(records[0].values?[0] == "\n      Nguyễn Văn An\n      0912 345 678\n    ")
        #expect(records[1].values?[0] == "Trần Thị Bình")
        #expect(records[2].values?[0] == "Lê \"Bảy\" <Văn> ả")
        #expect(records[1].values?[1] == "\n    Đăng ký kết hôn & cấp bản sao trích lục\n    Trần Thị Bình\n    \n    \n    "
                + "Người thứ hai\n  ")
    }

    @Test func byteOrderMarkAndCRLFAreNormalized() throws {
        let parser = try reader(["@MaHoSo", "@GhiChu", "TenThuTuc", "DiaChi"], records: "DanhSach/HoSo")
        let records = try parseEveryWay(parser, Fixture.bytes("xml/bom_crlf.xml"))
        #expect(records.map(\.values) == [
            // CR LF is LF in text and CDATA; in an attribute it is a space, while &#10; stays a line feed.
            ["QT-01", "hai dòng\nthật", "Cấp đổi giấy phép\nlái xe", "Số 1\nThôn 2"],
            ["QT-02", nil, "Khai sinh", nil],
        ])
        // Offsets count the three BOM bytes.
        #expect(records.map(\.origin) == [origin(3, 74, 1), origin(10, 254, 2)])
    }

    @Test func prefixedStepsMatchTheirNamespaceWhateverThePrefix() throws {
        let parser = try reader(["@h:ma", "@ma", "h:ten", "ten", "h:nguoi/h:ho_ten"], records: "h:export/h:hoso",
                                namespaces: ["h": "urn:motcua:hoso:1"])
        let records = try parseEveryWay(parser, Fixture.bytes("xml/namespaces.xml"))
        #expect(records.map(\.values) == [
            // An unprefixed step matches the first local name in any namespace.
            ["A1", "A1", "Tên trong hs", "Tên trong hs", "Mặc định hs"],
            // The default namespace applies to elements, not to the unprefixed attribute.
            [nil, "A2", "Mặc định", "Tên trong x", "Tiền tố k"],
        ])
        // <x:hoso> and <hs:hoso> with hs rebound to another URI are not records.
        #expect(records.map(\.origin) == [origin(3, 85, 1), origin(9, 340, 2)])
    }

    @Test func unprefixedStepsMatchAnyNamespace() throws {
        let records = try parseEveryWay(try reader(["ten"]), Fixture.bytes("xml/namespaces.xml"))
        #expect(records.map(\.values) == [["Tên trong hs"], ["không phải hồ sơ"], ["Tên trong x"], ["hs rebound to urn:other"]])
        #expect(records.map(\.origin) == [origin(3, 85, 1), origin(8, 281, 2), origin(9, 340, 3), origin(14, 540, 4)])
    }

    @Test func malformedRecordsAreReportedAndReadingResumesAfterTheirEndTag() throws {
        let records = try parseEveryWay(try reader(["@ma", "ten"]), Fixture.bytes("xml/errors.xml"))
        #expect(records.map(\.origin.line) == Array(3...16))
        #expect(records.map(\.origin.record) == Array(1...14))
        #expect(records.map(\.origin.byteOffset) == [50, 100, 151, 216, 275, 338, 399, 465, 529, 617, 667, 708, 756, 797])
        #expect(records[0].values == ["E1", "Bình thường"])
        #expect(records[12].values == ["E13", "Tốt"])
        let bad = records.map(\.malformed)
        #expect(bad.map { $0?.reason } == [nil] + Array(repeating: .malformedRecord, count: 11) + [nil, .malformedRecord])
        #expect(bad.map { $0?.detail } == [
            nil,
            "mismatched end tag </tem> at line 4, byte 135; expected </ten>, the end tag of the innermost open element",
            "'E' as the value of attribute 'ma' at line 5, byte 160; expected a value in double or single quotes",
            "undefined entity '&nbsp;' at line 6, byte 248; expected &lt; &gt; &amp; &quot; &apos; or a character "
                + "reference (entities a DTD declares are not expanded)",
            "character reference '&#xD800;' to a code point that is not an XML character at line 7, byte 307; expected a "
                + "tab, line feed, carriage return or a code point from U+0020 (no surrogates, U+FFFE or U+FFFF)",
            "malformed character reference '&#12a;' at line 8, byte 370; expected decimal digits as in &#233; or "
                + "hexadecimal as in &#xE9;",
            "undeclared prefix 'p' in <p:ten> at line 9, byte 414; expected an xmlns:p declaration in scope",
            "a second attribute 'ma' in <hoso> at line 10, byte 479; expected each attribute once per element",
            "'<' in the value of attribute 'cccd' at line 11, byte 560; expected the closing '\"' of the value (write a "
                + "literal '<' as &lt;)",
            "mismatched end tag </hoso> at line 12, byte 657; expected </ten>, the end tag of the innermost open element",
            "'&' not starting a reference at line 13, byte 689; expected &lt; &gt; &amp; &quot; &apos; or a character "
                + "reference such as &#233; (write a literal '&' as &amp;)",
            "a space after '<' at line 14, byte 733; expected an element name, '/', '!' or '?' after '<' (write a literal "
                + "'<' as &lt;)",
            nil,
            "the end of the record with <hoso> open at line 17, byte 853; expected </hoso> before the enclosing element's "
                + "end tag",
        ])
        let raw = bad.map { $0.map { String(decoding: $0.raw, as: UTF8.self) } }
        #expect(raw[1] == "<hoso ma=\"E2\"><ten>Sai thẻ đóng</tem></hoso>")
        #expect(raw[10] == "<hoso ma=\"E11\"><ten>a & b</ten></hoso>")
        #expect(raw[13] == "<hoso ma=\"E14\"><ten>Thiếu thẻ đóng hồ sơ</ten>\n")
        #expect(bad.allSatisfy { $0?.truncated != true })
    }

    @Test func invalidUTF8MakesTheRecordMalformedWithItsPosition() throws {
        let records = try parseEveryWay(try reader(["@ma", "ten"]), Fixture.bytes("xml/invalid_utf8.xml"))
        #expect(records.map(\.values) == [["U1", "Tốt"], nil, ["U3", "Ok"]])
        #expect(records.map(\.origin) == [origin(2, 11, 1), origin(3, 51, 2), origin(4, 97, 3)])
        let bad = try #require(records[1].malformed)
        #expect(bad.reason == .invalidEncoding)
        #expect(bad.detail == "invalid UTF-8 (byte 0xB8) at line 3, byte 76; expected UTF-8 text")
        #expect(bad.raw == Array("<hoso ma=\"U2\"><ten>TCVN3 ".utf8) + [0xB8] + Array("nh ".utf8) + [0xFF]
                + Array("</ten></hoso>".utf8))
    }

    @Test func aRecordLongerThanMaxRecordBytesIsSkippedKeepingItsStart() throws {
        let bytes = try Fixture.bytes("xml/oversized.xml")
        let records = try parseEveryWay(try reader(["@ma", "ten"], maxRecordBytes: 100), bytes)
        #expect(records.count == 3)
        #expect(records[0].values == ["O1", "Ngắn"])
        #expect(records[2].values == ["O3", "Sau bản ghi dài"])
        #expect(records.map(\.origin) == [origin(2, 11, 1), origin(3, 52, 2), origin(4, 499, 3)])
        let bad = try #require(records[1].malformed)
        #expect(bad.reason == .malformedRecord)
        #expect(bad.truncated)
        #expect(bad.detail == "record <hoso> starting at line 3 is longer than max_record_bytes (100); expected its end tag "
                + "within 100 bytes; the first 100 of its 444 bytes are kept")
        // Cut at a character boundary: no partial UTF-8 sequence at the end.
        #expect(bad.raw == Array(bytes[52..<152]))
        #expect(String(validating: bad.raw, as: UTF8.self) != nil)
    }

    @Test(arguments: [
        ("xml/outside_mismatch.xml", 5, Int64(131), "mismatched end tag </export>; expected </nhom> (opened at line 3, byte 50)"),
        ("xml/truncated.xml", 4, Int64(103),
         "the file ends inside record <hoso> starting at line 4, byte 72; expected </ten>"),
        ("xml/unterminated_cdata.xml", 3, Int64(71),
         "the file ends inside a CDATA section in record <hoso> starting at line 3, byte 50; expected ']]>' before the "
            + "end of the file"),
        ("xml/no_root.xml", 4, Int64(54),
         "no document element; expected <export>, the first step of the record path 'export/hoso'"),
        ("xml/text_after_root.xml", 4, Int64(58),
         "text after the document element; expected only white space, comments and processing instructions outside it"),
        ("xml/root_mismatch.xml", 2, Int64(22),
         "the document element is <danhsach>; expected <export>, the first step of the record path 'export/hoso'"),
    ])
    func brokenDocumentStructureStopsTheFile(file: String, line: Int, offset: Int64, message: String) throws {
        let error = try parseErrorEveryWay(try reader(["@ma", "ten"]), Fixture.bytes(file))
        #expect(error.code == .malformedRecord)
        #expect(error.file == "test.xml")
        #expect(error.line == line)
        #expect(error.byteOffset == offset)
        #expect(error.message == message)
    }

    @Test(arguments: [
        ("<export></export><export/>", 1, Int64(17),
         "a second document element <export>; expected the end of the file after the document element closes"),
        ("  x<export/>", 1, Int64(2),
         "text before the document element; expected only white space, comments and processing instructions outside it"),
        ("<export>\n</hoso>", 2, Int64(9), "mismatched end tag </hoso>; expected </export> (opened at line 1, byte 0)"),
        ("</export>", 1, Int64(0), "end tag </export> with no element open; expected the document element"),
        ("<x:export><hoso/></x:export>", 1, Int64(1), "undeclared prefix 'x' in <x:export>; expected an xmlns:x declaration in scope"),
        ("<export a=1><hoso/></export>", 1, Int64(10), "'1' as the value of attribute 'a'; expected a value in double or single quotes"),
        ("<export><!-- open\n", 1, Int64(8), "the file ends inside a comment; expected '-->' before the end of the file"),
        ("<export><hoso><!-- open\n", 1, Int64(14),
         "the file ends inside a comment in record <hoso> starting at line 1, byte 8; expected '-->' before the end of the file"),
        ("<export><hoso ma='1'", 1, Int64(8), "the file ends inside a tag; expected '>' before the end of the file"),
        ("<export><hoso ma='1'><ten x='", 1, Int64(21),
         "the file ends inside a tag in record <hoso> starting at line 1, byte 8; expected '>' before the end of the file"),
        ("<export><![CDATA[x]]></export>\n<![CDATA[y]]>", 2, Int64(31),
         "a CDATA section outside the document element; expected it inside an element"),
        ("<export><!DOCTYPE x></export>", 1, Int64(8), "a DOCTYPE inside the document element; expected it before the document element"),
        ("<export>< hoso/></export>", 1, Int64(9),
         "a space after '<'; expected an element name, '/', '!' or '?' after '<' (write a literal '<' as &lt;)"),
        ("", 1, Int64(0), "no document element; expected <export>, the first step of the record path 'export/hoso'"),
    ])
    func structureErrorsOutsideRecords(text: String, line: Int, offset: Int64, message: String) throws {
        let error = try parseErrorEveryWay(try reader(["ten"]), text.bytes)
        #expect(error.line == line)
        #expect(error.byteOffset == offset)
        #expect(error.message == message)
    }

    @Test func recordsAreFoundAtTheirPathOnly() throws {
        let text = """
            <export><danhsach><hoso ma="1"><hoso ma="inner"/></hoso><nhom><hoso ma="x"/></nhom></danhsach>\
            <hoso ma="top"/><danhsach><hoso ma="2"/></danhsach></export>
            """
        let records = try parseEveryWay(try reader(["@ma", "hoso/@ma"], records: "export/danhsach/hoso"), text.bytes)
        #expect(records.map(\.values) == [["1", "inner"], ["2", nil]])
        #expect(records.map(\.origin) == [origin(1, 18, 1), origin(1, 120, 2)])
    }

    @Test func theDocumentElementCanBeTheRecord() throws {
        let text = "<?xml version='1.0'?>\n<hoso ma='1'><ten>Một</ten></hoso>\n<!-- end -->\n"
        let records = try parseEveryWay(try reader(["@ma", "ten"], records: "hoso"), text.bytes)
        #expect(records.map(\.values) == [["1", "Một"]])
        #expect(records.map(\.origin) == [origin(2, 22, 1)])
        let second = try parseErrorEveryWay(try reader(["ten"], records: "hoso"), "<hoso/><hoso/>".bytes)
        #expect(second.message == "a second document element <hoso>; expected the end of the file after the document element closes")
    }

    @Test func selfClosingRecordsAndEmptyValues() throws {
        let text = "<export><hoso ma=''/><hoso ma=\"2\"><ten/><ghichu></ghichu><x><![CDATA[]]></x></hoso></export>"
        let records = try parseEveryWay(try reader(["@ma", "ten", "ghichu", "x", "y"]), text.bytes)
        #expect(records.map(\.values) == [["", nil, nil, nil, nil], ["2", "", "", "", nil]])
    }

    @Test func characterReferencesDecodeToUTF8() throws {
        let text = "<export><hoso a='&#65;&#x1EA3;&#x1F600;&#9;&#13;' b=\"&apos;&quot;\">&#x110000;</hoso></export>"
        let records = try parseEveryWay(try reader(["@a", "@b"]), text.bytes)
        #expect(records[0].malformed?.detail == "malformed character reference '&#x110000;' at line 1, byte 67; expected "
                + "hexadecimal digits as in &#xE9;")
        let ok = try parseEveryWay(try reader(["@a", "@b", "."]), "<export><hoso a='&#65;&#x1EA3;&#x1F600;&#9;&#13;' b=\"&apos;&quot;\">t&#xE9;&#10;&#13;\r\n</hoso></export>".bytes)
        #expect(ok[0].values == ["Aả😀\t\r", "'\"", "té\n\r\n"])
    }

    @Test func invalidPathsAndPrefixesAreRefused() throws {
        #expect(throws: ExtractError.self) { _ = try reader(["@ma/ten"]) }
        #expect(throws: ExtractError.self) { _ = try reader(["nguoi//ten"]) }
        let error = #expect(throws: ExtractError.self) { _ = try reader(["q:ten"], namespaces: Self.dc) }
        #expect(error?.message == "field 'q:ten' uses the prefix 'q', which 'namespaces' does not declare; expected one of: dc")
        let none = #expect(throws: ExtractError.self) { _ = try reader(["q:ten"]) }
        #expect(none?.message == "field 'q:ten' uses the prefix 'q', which 'namespaces' does not declare; expected a "
                + "prefix declared in 'namespaces' (it declares none)")
        #expect(throws: ExtractError.self) { _ = try reader(["ten"], records: "export/q:hoso") }
        // The xml prefix needs no declaration.
        let lang = try parseEveryWay(try reader(["@xml:lang"]), "<export><hoso xml:lang='vi'/></export>".bytes)
        #expect(lang.map(\.values) == [["vi"]])
    }

    @Test(arguments: [
        ("<hoso a=\"1\"b=\"2\"/>", "an attribute name right after the previous value in tag <hoso> at line 1, byte 19; "
            + "expected white space between attributes"),
        ("<hoso a/>", "'/' after attribute name 'a' at line 1, byte 15; expected '=' and a quoted value"),
        ("<hoso><ten/ ></hoso>", "a space after '/' in tag <ten> at line 1, byte 19; expected '/>' or '>'"),
        ("<hoso></ ten></hoso>", "a space after '</' at line 1, byte 16; expected an element name"),
        ("<hoso><ten></ten x></hoso>", "'x' in end tag </ten> at line 1, byte 25; expected '>'"),
        ("<hoso><!DOCTYPE x></hoso>", "a DOCTYPE inside a record at line 1, byte 14; expected a DOCTYPE only before the "
            + "document element"),
        ("<hoso><!ELEMENT x></hoso>", "'<!' not starting a comment, CDATA section or DOCTYPE at line 1, byte 14; "
            + "expected '<!--', '<![CDATA[' or '<!DOCTYPE'"),
        ("<hoso a='&#;'/>", "malformed character reference '&#;' at line 1, byte 17; expected decimal digits as in &#233; "
            + "or hexadecimal as in &#xE9;"),
        ("<hoso a='&#x;'/>", "malformed character reference '&#x;' at line 1, byte 17; expected hexadecimal digits as in &#xE9;"),
        ("<hoso>&#0;</hoso>", "character reference '&#0;' to a code point that is not an XML character at line 1, byte 14; "
            + "expected a tab, line feed, carriage return or a code point from U+0020 (no surrogates, U+FFFE or U+FFFF)"),
        ("<hoso xmlns:p='urn:p'><p:a/></hoso><hoso><p:a/></hoso>", "undeclared prefix 'p' in <p:a> at line 1, byte 50; "
            + "expected an xmlns:p declaration in scope"),
    ])
    func tagAndReferenceProblemsInARecord(record: String, detail: String) throws {
        let text = "<export>" + record + "</export>"
        let records = try parseEveryWay(try reader(["@a"]), text.bytes)
        #expect(records.last?.malformed?.detail == detail)
        #expect(records.last?.origin.record == records.count)
    }

    @Test func constructsOutsideRecordsAreNotHeldButTagsAreBounded() throws {
        let comment = "<!-- " + String(repeating: "chú thích ", count: 50) + "-->"
        let pi = "<?xuat " + String(repeating: "x", count: 300) + "?>"
        let text = "<?xml version='1.0'?>" + comment + "<export>" + pi + "<tieude><![CDATA[" + String(repeating: "y", count: 300)
            + "]]></tieude><hoso a='1'/></export>" + comment
        let records = try parseEveryWay(try reader(["@a"], maxRecordBytes: 64), text.bytes)
        #expect(records.map(\.values) == [["1"]])
        let long = "<export " + String(repeating: "a", count: 70) + "='1'><hoso/></export>"
        let error = try parseErrorEveryWay(try reader(["@a"], maxRecordBytes: 64), long.bytes)
        #expect(error.message == "a tag outside the records is longer than max_record_bytes (64); expected '>' within 64 bytes")
        #expect(error.byteOffset == 0)
        let inRecord = "<export><hoso><ten " + String(repeating: "a", count: 70) + "='1'/></hoso></export>"
        let tagError = try parseErrorEveryWay(try reader(["@a"], maxRecordBytes: 64), inRecord.bytes)
        #expect(tagError.message == "a tag in record <hoso> starting at line 1, byte 8 is longer than max_record_bytes (64); "
                + "expected '>' within 64 bytes")
        #expect(tagError.byteOffset == 14)
    }

    @Test func readsThroughTheExtractor() throws {
        let source = makeSource(path: "xml/hoso.xml", format: .xml(xmlOptions("export/hoso", namespaces: Self.dc)),
                                fields: ["@ma", "nguoi/ho_ten", "dc:date"])
        let (extractor, batches) = try readAll(source)
        #expect(batches.count == 1)
        #expect(batches[0].columns == ["@ma", "nguoi/ho_ten", "dc:date"])
        #expect(batches[0].rows.map(Array.init) == [
            ["QB-2024-0001", "Nguyễn Văn An", "2024-03-05T08:30:00+07:00"],
            ["QB-2024-0002", "Trần Thị Bình", nil],
            ["QB-2024-0003", "Lê \"Bảy\" <Văn> ả", "2024-03-07"],
        ])
        #expect(extractor.fileStats.map(\.rows) == [3])
        #expect(extractor.fileStats.map(\.bytesDecoded) == [1466])
    }
}
