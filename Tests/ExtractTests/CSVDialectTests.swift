import Testing
@testable import Core
@testable import Extract

/// Excel `sep=` lines, `stray_quotes`, and the delimiters, header, BOM and CRLF together.
@Suite struct CSVDialectTests {
    private func reader(
        _ options: CSVOptions = csvOptions(), stray: StrayQuotePolicy = .reject, sepLine: Bool = true
    ) throws -> CSVReader {
        var options = options
        options.strayQuotes = stray
        options.excelSepLine = sepLine
        return try CSVReader(options: options, file: "test.csv")
    }

    private func origin(_ line: Int, _ offset: Int64, _ record: Int) -> RowOrigin {
        RowOrigin(line: line, byteOffset: offset, record: record)
    }

    private func columns(_ parser: CSVReader, _ bytes: [UInt8]) throws -> [String]? {
        var parser = parser
        var window = ByteWindow()
        window.append(contentsOf: bytes)
        while try parser.next(&window) != nil {}
        while try parser.finish(&window) != nil {}
        return parser.columns
    }

    // MARK: Excel

    @Test func excelExportWithBOMSepLineCRLFAndSemicolons() throws {
        // The configured delimiter is ',': the sep line overrides it.
        let bytes = try Fixture.bytes("csv/excel_export.csv")
        let records = try parseEveryWay(try reader(), bytes)
        #expect(records.map(\.values) == [
            ["HS-001", "Nguyễn Văn A", "Số 1, Thôn 2\r\nXã Hải Lệ", "Ghi \"chú\" 1"],
            ["HS-002", "Trần Thị B", "Huế", ""],
            ["HS-003", "Lê; Văn C", "a;b", "plain"],
        ])
        // Line 1 is the sep line, line 2 the header, line 6 an empty line; offsets count the BOM.
        #expect(records.map(\.origin) == [origin(3, 40, 1), origin(5, 115, 2), origin(7, 147, 3)])
        #expect(try columns(try reader(), bytes) == ["MaHoSo", "ChuHoSo", "DiaChi", "GhiChu"])
    }

    @Test func sepLineSetsAPipeDelimiter() throws {
        let bytes = try Fixture.bytes("csv/sep_pipe.csv")
        let records = try parseEveryWay(try reader(), bytes)
        #expect(records.map(\.values) == [["1", "a|b"], ["2", "Đà Nẵng"]])
        #expect(records.map(\.origin) == [origin(3, 14, 1), origin(4, 22, 2)])
        #expect(try columns(try reader(), bytes) == ["id", "name"])
    }

    @Test func sepLineWithoutAHeader() throws {
        let parser = try reader(csvOptions(header: false, columns: ["id", "name"]))
        let records = try parseEveryWay(parser, "sep=;\r\n1;An\r\n2;\"B;C\"\r\n".bytes)
        #expect(records.map(\.values) == [["1", "An"], ["2", "B;C"]])
        #expect(records.map(\.origin) == [origin(2, 7, 1), origin(3, 13, 2)])
    }

    @Test func sepLineOptionOffMakesItAnOrdinaryLine() throws {
        let bytes = "sep=;\na;b\n1;2\n".bytes
        let parser = try reader(csvOptions(delimiter: ";"), sepLine: false)
        #expect(try columns(parser, bytes) == ["sep=", ""])
        let records = try parseEveryWay(parser, bytes)
        #expect(records.map(\.values) == [["a", "b"], ["1", "2"]])
        #expect(records.map(\.origin) == [origin(2, 6, 1), origin(3, 10, 2)])
    }

    @Test(arguments: [
        // (input, header names, values of the records)
        ("sep=;", nil, []),                                     // the sep line alone, at the end of the input
        ("sep=;\r", nil, []),                                   // ... with the CR of its line ending
        ("sep=;\n", nil, []),
        ("sep=\t\r\na\tb\r\n1\t2", ["a", "b"], [["1", "2"]]),   // a tab
        ("sep=;;\na\n1\n", ["sep=;;"], [["a"], ["1"]]),             // two characters: an ordinary line
        ("sep=;x\n1\n", ["sep=;x"], [["1"]]),
        ("sep=\n1\n", ["sep="], [["1"]]),                       // no character
        ("Sep=;\n1\n", ["Sep=;"], [["1"]]),                     // exactly `sep=`
        ("sep=;\rx\n1\n", ["sep=;\rx"], [["1"]]),               // a CR not followed by LF is data
        (" sep=;\n1\n", [" sep=;"], [["1"]]),
        ("id\nsep=;\n", ["id"], [["sep=;"]]),                   // only the first line
        ("sep", ["sep"], []),                                   // a prefix of `sep=` at the end
    ] as [(String, [String]?, [[String]])])
    func sepLineEdges(text: String, header: [String]?, values: [[String]]) throws {
        let records = try parseEveryWay(try reader(), text.bytes)
        #expect(records.map(\.values) == values.map { $0.map(Optional.some) })
        #expect(try columns(try reader(), text.bytes) == header)
    }

    @Test func sepLineMustNotNameTheQuote() throws {
        // `sep="` is not a sep line: it is the header, whose stray quote stops the file.
        let error = try parseErrorEveryWay(try reader(), "sep=\"\n1\n".bytes)
        #expect(error.line == 1)
        #expect(error.byteOffset == 0)
        #expect(error.message == "malformed header: stray quote in unquoted field 1 at line 1, byte 4; expected a "
                + "field with a quote to be quoted as a whole, with inner quotes doubled")
    }

    @Test func sepLineAfterBOMWithErrorPositions() throws {
        // Line numbers and offsets after the BOM and the sep line stay exact in messages.
        let text = [0xEF, 0xBB, 0xBF] + "sep=;\r\nid;v\r\n1;a\"b\r\n2;ok\r\n".bytes
        let records = try parseEveryWay(try reader(), text)
        #expect(records.map(\.origin) == [origin(3, 16, 1), origin(4, 23, 2)])
        #expect(records[0].malformed?.detail == "stray quote in unquoted field 2 at line 3, byte 19; expected a "
                + "field with a quote to be quoted as a whole, with inner quotes doubled")
        #expect(records[1].values == ["2", "ok"])
    }

    // MARK: Stray quotes

    @Test func strayQuotesLiteralKeepsThem() throws {
        let records = try parseEveryWay(try reader(stray: .literal), Fixture.bytes("csv/stray_quotes.csv"))
        #expect(records.map(\.values) == [
            ["1", "ab\"c", "plain"],       // a quote inside an unquoted field is a character
            ["2", "abc", "x"],             // text after the closing quote is appended
            ["3", "a\"bc\"d", "x"],        // the quoted part undoubles its quotes, the tail keeps its own
            ["4", "multi\nlinetail", "x"],
            ["5", "ab\rx", "y"],           // a CR after the closing quote, not followed by LF
            ["6", "q   ", "x"],
            ["7", "x\"y\"z", "ok"],
            ["8", "ab ", "cd "],           // the CR of the CRLF is still the line ending
            ["9", "", "x"],
            ["10", "ok", "fine"],
        ])
        #expect(records.map(\.origin) == [
            origin(2, 14, 1), origin(3, 27, 2), origin(4, 37, 3), origin(5, 51, 4), origin(7, 72, 5),
            origin(8, 84, 6), origin(9, 95, 7), origin(10, 108, 8), origin(11, 123, 9), origin(12, 132, 10),
        ])
    }

    @Test func strayQuotesRejectSaysWhere() throws {
        let records = try parseEveryWay(try reader(), Fixture.bytes("csv/stray_quotes.csv"))
        #expect(records.map(\.origin) == [
            origin(2, 14, 1), origin(3, 27, 2), origin(4, 37, 3), origin(5, 51, 4), origin(7, 72, 5),
            origin(8, 84, 6), origin(9, 95, 7), origin(10, 108, 8), origin(11, 123, 9), origin(12, 132, 10),
        ])
        #expect(records.last?.values == ["10", "ok", "fine"])
        let bad = records.dropLast().map(\.malformed)
        #expect(bad.map { $0?.reason } == Array(repeating: .malformedRecord, count: 9))
        let stray = "; expected a field with a quote to be quoted as a whole, with inner quotes doubled"
        let after = "; expected ',' or the end of the line"
        #expect(bad.map { $0?.detail } == [
            "stray quote in unquoted field 2 at line 2, byte 18" + stray,
            "unexpected 'c' after the closing quote of field 2 at line 3, byte 33" + after,
            "unexpected 'c' after the closing quote of field 2 at line 4, byte 45" + after,
            "unexpected 't' after the closing quote of field 2 at line 6, byte 65" + after,
            "unexpected a carriage return after the closing quote of field 2 at line 7, byte 78" + after,
            "unexpected a space after the closing quote of field 2 at line 8, byte 89" + after,
            "stray quote in unquoted field 2 at line 9, byte 98" + stray,
            "unexpected a space after the closing quote of field 2 at line 10, byte 114" + after,
            "unexpected 'x' after the closing quote of field 3 at line 11, byte 130" + after,
        ])
        #expect(bad.map { $0.map { String(decoding: $0.raw, as: UTF8.self) } } == [
            "1,ab\"c,plain", "2,\"ab\"c,x", "3,\"a\"\"b\"c\"d,x", "4,\"multi\nline\"tail,x", "5,\"ab\"\rx,y",
            "6,\"q\"   ,x", "7,x\"y\"z,\"ok\"", "8,\"ab\" ,\"cd\" ", "9,\"\",\"\"x",
        ])
    }

    @Test(arguments: [
        // (input after the header line, the single field's value)
        ("\"ab\"c", "abc"),            // the input ends inside the tail
        ("\"ab\"\rx", "ab\rx"),
        ("\"ab\"c\r", "abc"),          // a CR at the end of the input is a line ending
        ("\"ab\"\r\r", "ab\r"),
        ("\"ab\"\r\r\n", "ab\r"),
        ("a\"", "a\""),
        ("\"\"\"\"x\"", "\"x\""),     // a doubled quote, then a tail with a quote
    ])
    func strayQuotesLiteralAtTheEdges(rest: String, value: String) throws {
        let records = try parseEveryWay(try reader(stray: .literal), ("h\n" + rest).bytes)
        #expect(records.map(\.values) == [[value]])
    }

    @Test func strayQuotesLiteralInTheHeader() throws {
        let bytes = "id,na\"me,\"x\"y\n1,2,3\n".bytes
        #expect(try columns(try reader(stray: .literal), bytes) == ["id", "na\"me", "xy"])
        #expect(try parseEveryWay(try reader(stray: .literal), bytes).map(\.values) == [["1", "2", "3"]])
    }

    @Test func strayQuotesLiteralStillRejectsAnUnterminatedQuote() throws {
        let records = try parseEveryWay(try reader(stray: .literal), "a,b\n1,\"open\n2,x\n".bytes)
        #expect(records.count == 1)
        #expect(records[0].origin == origin(2, 4, 1))
        #expect(records[0].malformed?.detail == "unterminated quoted field starting at line 2, byte 6; expected a "
                + "closing '\"' before the end of the file; the rest of the file (12 bytes) is one malformed record")
    }

    @Test func strayQuotesLiteralStillCountsFields() throws {
        let records = try parseEveryWay(try reader(stray: .literal), "a,b\n\"x\"y,z,w\n1,2\n".bytes)
        #expect(records.map(\.malformed?.detail) == ["expected 2 fields, found 3", nil])
        #expect(records[1].values == ["1", "2"])
    }

    @Test func strayQuotesLiteralInAnOversizedRecord() throws {
        let long = "1,\"a\"" + String(repeating: "b\"", count: 40) + "\n2,ok\n"
        let records = try parseEveryWay(try reader(csvOptions(maxRecordBytes: 32), stray: .literal), ("a,b\n" + long).bytes)
        #expect(records.map(\.origin) == [origin(2, 4, 1), origin(3, 90, 2)])
        #expect(records[0].malformed?.detail == "record starting at line 2 is longer than max_record_bytes (32); "
                + "expected a line ending within 32 bytes; the first 32 of its 85 bytes are kept")
        #expect(records[1].values == ["2", "ok"])
    }

    // MARK: Everything together

    struct Dialect: CustomTestStringConvertible, Sendable {
        var delimiter: Character
        var header: Bool
        var bom: Bool
        var crlf: Bool
        var sepLine: Bool
        var testDescription: String {
            "\(delimiter == "\t" ? "tab" : String(delimiter)) header:\(header) bom:\(bom) crlf:\(crlf) sep:\(sepLine)"
        }
    }

    static let dialects: [Dialect] = {
        var all: [Dialect] = []
        for delimiter: Character in [",", ";", "\t", "|"] {
            for header in [true, false] {
                for bom in [true, false] {
                    for crlf in [true, false] {
                        for sepLine in [true, false] {
                            all.append(Dialect(delimiter: delimiter, header: header, bom: bom, crlf: crlf, sepLine: sepLine))
                        }
                    }
                }
            }
        }
        return all
    }()

    @Test(arguments: dialects)
    func delimitersHeaderBOMAndCRLFTogether(dialect: Dialect) throws {
        let d = String(dialect.delimiter)
        let eol = dialect.crlf ? "\r\n" : "\n"
        var bytes: [UInt8] = dialect.bom ? [0xEF, 0xBB, 0xBF] : []
        var line = 1
        func add(_ text: String, lines: Int = 1) -> (Int, Int64) {
            let at = (line, Int64(bytes.count))
            bytes += text.bytes
            line += lines
            return at
        }
        if dialect.sepLine { _ = add("sep=" + d + eol) }
        if dialect.header { _ = add("id" + d + "tên" + d + "note" + eol) }
        let first = add("1" + d + "\"a" + d + "b" + eol + "c\"" + d + "\"say \"\"hi\"\"\"" + eol, lines: 2)
        _ = add(eol)
        let second = add("2" + d + d + "Đà Nẵng")
        // With a sep line, the configured delimiter is another one.
        let configured: Character = dialect.sepLine ? (dialect.delimiter == "," ? ";" : ",") : dialect.delimiter
        let options = csvOptions(delimiter: configured, header: dialect.header,
                                 columns: dialect.header ? [] : ["id", "tên", "note"])
        let records = try parseEveryWay(try reader(options), bytes)
        #expect(records.map(\.values) == [["1", "a" + d + "b" + eol + "c", "say \"hi\""], ["2", "", "Đà Nẵng"]])
        #expect(records.map(\.origin) == [origin(first.0, first.1, 1), origin(second.0, second.1, 2)])
        #expect(try columns(try reader(options), bytes) == ["id", "tên", "note"])
    }
}
