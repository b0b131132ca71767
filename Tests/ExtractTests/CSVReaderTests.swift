import Testing
@testable import Core
@testable import Extract

@Suite struct CSVReaderTests {
    private func reader(_ options: CSVOptions = csvOptions(), required: [String] = []) throws -> CSVReader {
        try CSVReader(options: options, requiredColumns: required, file: "test.csv")
    }

    private func origin(_ line: Int, _ offset: Int64, _ record: Int) -> RowOrigin {
        RowOrigin(line: line, byteOffset: offset, record: record)
    }

    @Test func quotedDelimitersNewlinesAndDoubledQuotes() throws {
        var parser = try reader()
        let records = try parseEveryWay(parser, Fixture.bytes("csv/quoted.csv"))
        #expect(records.map(\.values) == [
            ["1", "Nguyễn, Văn A", "said \"xin chào\""],
            ["2", "line one\nline two", "plain"],
            ["3", "", ""],
            ["4", "", ""],
            ["5", "Trần Thị B", "last without newline"],
        ])
        #expect(records.map(\.origin) == [
            origin(2, 13, 1), origin(3, 55, 2), origin(5, 83, 3), origin(6, 87, 4), origin(7, 95, 5),
        ])
        #expect(records.allSatisfy { $0.document == nil })
        var window = ByteWindow()
        window.append(contentsOf: try Fixture.bytes("csv/quoted.csv"))
        _ = try parser.next(&window)
        #expect(parser.columns == ["id", "name", "note"])
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let records = try parseEveryWay(try reader(), Fixture.bytes("csv/bom_crlf.csv"))
        #expect(records.map(\.values) == [
            ["HS-001", "Lê Văn C", "Số 1\r\nThôn 2"],
            ["HS-002", "Phạm D", "Huế"],
            ["HS-003", "Quoted", "x"],
        ])
        // Offsets count the three BOM bytes; the empty CRLF line (line 4) is skipped but counted.
        #expect(records.map(\.origin) == [origin(2, 26, 1), origin(5, 65, 2), origin(6, 88, 3)])
    }

    @Test func headerNamesAfterBOMExcludeIt() throws {
        var parser = try reader()
        var window = ByteWindow()
        window.append(contentsOf: try Fixture.bytes("csv/bom_crlf.csv"))
        _ = try parser.next(&window)
        #expect(parser.columns == ["MaHoSo", "ChuHoSo", "DiaChi"])
    }

    @Test(arguments: [
        ("csv/semicolon.csv", Character(";"), [["A1", "Nguyễn, Văn", "1.000,50"], ["A2", "x;y", "2"]]),
        ("csv/tab.tsv", Character("\t"), [["A1", "Hà Nội, VN", "có\ttab"], ["A2", "", ""]]),
    ])
    func otherDelimiters(file: String, delimiter: Character, expected: [[String]]) throws {
        let records = try parseEveryWay(try reader(csvOptions(delimiter: delimiter)), Fixture.bytes(file))
        #expect(records.map(\.values) == expected.map { $0.map(Optional.some) })
        #expect(records.map(\.origin) == [origin(2, 15, 1), origin(3, 42, 2)])
    }

    @Test func headerFalseUsesColumns() throws {
        var parser = try reader(csvOptions(header: false, columns: ["code", "name"]))
        #expect(parser.columns == ["code", "name"])
        let records = try parseEveryWay(parser, Fixture.bytes("csv/no_header.csv"))
        #expect(records.map(\.values) == [["HS-1", "An"], ["HS-2", "Bình, B"]])
        #expect(records.map(\.origin) == [origin(1, 0, 1), origin(2, 8, 2)])
        var window = ByteWindow()
        window.append(contentsOf: "x,y\n".bytes)
        #expect(try parser.next(&window)?.values == ["x", "y"])
    }

    @Test func headerFalseColumnsMustHoldNeededColumns() throws {
        let error = #expect(throws: ExtractError.self) {
            _ = try CSVReader(options: csvOptions(header: false, columns: ["code", "name"]),
                              requiredColumns: ["code", "phone"], file: "x.csv")
        }
        #expect(error?.code == .malformedRecord)
        #expect(error?.message == "the 'columns' option lacks column 'phone' that the pipeline reads; "
                + "expected 'code', 'phone', found 'code', 'name'")
    }

    @Test func emptyLinesAreSkippedAndCounted() throws {
        let records = try parseEveryWay(try reader(), Fixture.bytes("csv/empty_lines.csv"))
        #expect(records.map(\.values) == [["1", "2"], ["3", "4"]])
        #expect(records.map(\.origin) == [origin(5, 7, 1), origin(7, 13, 2)])
    }

    @Test func malformedRecordsAreReportedAndParsingResumes() throws {
        let records = try parseEveryWay(try reader(), Fixture.bytes("csv/malformed.csv"))
        #expect(records.map(\.origin) == [
            origin(2, 13, 1), origin(3, 23, 2), origin(4, 36, 3), origin(5, 54, 4), origin(6, 65, 5),
            origin(7, 73, 6), origin(9, 91, 7),
        ])
        #expect(records[0].values == ["1", "ok", "fine"])
        #expect(records[6].values == ["7", "good", "row"])
        let bad = records[1...5].map(\.malformed)
        #expect(bad.map { $0?.reason } == Array(repeating: .malformedRecord, count: 5))
        #expect(bad.map { $0?.detail } == [
            "stray quote in unquoted field 2 at line 3, byte 27; expected a field with a quote to be quoted as a "
                + "whole, with inner quotes doubled",
            "unexpected 'x' after the closing quote of field 2 at line 4, byte 46; expected ',' or the end of the line",
            "expected 3 fields, found 2",
            "expected 3 fields, found 4",
            "unexpected 'z' after the closing quote of field 2 at line 8, byte 87; expected ',' or the end of the line",
        ])
        #expect(bad.map { $0.map { String(decoding: $0.raw, as: UTF8.self) } } == [
            "2,ab\"c,stray", "3,\"closed\"x,after", "4,only two", "5,a,b,c", "6,\"multi\nline\"z,q",
        ])
    }

    @Test func unterminatedQuoteMakesTheRestOfTheFileOneRecord() throws {
        let records = try parseEveryWay(try reader(), Fixture.bytes("csv/unterminated.csv"))
        #expect(records.count == 2)
        #expect(records[0].values == ["1", "ok"])
        #expect(records[1].origin == origin(3, 13, 2))
        let bad = try #require(records[1].malformed)
        #expect(bad.reason == .malformedRecord)
        #expect(bad.detail == "unterminated quoted field starting at line 3, byte 15; expected a closing '\"' before "
                + "the end of the file; the rest of the file (45 bytes) is one malformed record")
        #expect(bad.raw == "2,\"never closed\n3,swallowed\n4,also swallowed\n".bytes)
        #expect(!bad.truncated)
    }

    @Test func recordsOverMaxRecordBytesAreSkippedToTheNextLine() throws {
        let records = try parseEveryWay(try reader(csvOptions(maxRecordBytes: 64)), Fixture.bytes("csv/oversized.csv"))
        #expect(records.map(\.origin) == [origin(2, 8, 1), origin(3, 16, 2), origin(4, 119, 3), origin(6, 224, 4)])
        #expect(records[0].values == ["1", "short"])
        #expect(records[3].values == ["4", "after"])
        let long = try #require(records[1].malformed)
        #expect(long.detail == "record starting at line 3 is longer than max_record_bytes (64); expected a line "
                + "ending within 64 bytes; the first 64 of its 102 bytes are kept")
        #expect(long.raw == ("2," + String(repeating: "x", count: 62)).bytes)
        #expect(long.truncated)
        let quoted = try #require(records[2].malformed)
        #expect(quoted.detail == "record starting at line 4 is longer than max_record_bytes (64); expected a line "
                + "ending within 64 bytes; the first 64 of its 104 bytes are kept")
    }

    @Test func recordOfExactlyMaxRecordBytesIsAccepted() throws {
        let row = "1," + String(repeating: "a", count: 62)  // 64 bytes
        let records = try parseEveryWay(try reader(csvOptions(maxRecordBytes: 64)), ("id,v\n" + row + "\n" + row).bytes)
        #expect(records.map(\.values) == [["1", String(repeating: "a", count: 62)], ["1", String(repeating: "a", count: 62)]])
    }

    @Test func oversizedUnterminatedQuoteRunsToTheEnd() throws {
        let text = "id,v\n1,\"" + String(repeating: "q\n", count: 50) + "end"
        let records = try parseEveryWay(try reader(csvOptions(maxRecordBytes: 64)), text.bytes)
        #expect(records.count == 1)
        #expect(records[0].origin == origin(2, 5, 1))
        #expect(records[0].malformed?.detail == "unterminated quoted field starting at line 2, byte 7; expected a "
                + "closing '\"' before the end of the file; the first 64 of its 106 bytes are kept")
        #expect(records[0].malformed?.truncated == true)
    }

    @Test func truncatedOriginalEndsOnACharacterBoundary() throws {
        // "1," + 40 three-byte "ế": the 64-byte cut falls inside the 21st, which is dropped.
        let text = "id,v\n1," + String(repeating: "ế", count: 40) + "\n"
        let records = try parseEveryWay(try reader(csvOptions(maxRecordBytes: 64)), text.bytes)
        let bad = try #require(records.first?.malformed)
        #expect(bad.raw == ("1," + String(repeating: "ế", count: 20)).bytes)
        #expect(RawRecordJSON.document(bad.raw, truncated: bad.truncated)
                == "{\"raw\":\"1,\(String(repeating: "ế", count: 20))\",\"truncated\":true}")
    }

    @Test func invalidUTF8IsAnEncodingReject() throws {
        let records = try parseEveryWay(try reader(), Fixture.bytes("csv/invalid_utf8.csv"))
        #expect(records.map(\.origin) == [origin(2, 8, 1), origin(3, 17, 2)])
        let bad = try #require(records[0].malformed)
        #expect(bad.reason == .invalidEncoding)
        #expect(bad.detail == "invalid UTF-8 (byte 0xE1) in field 2 'name' at line 2, byte 14; expected UTF-8 text")
        #expect(bad.raw == [0x31, 0x2C, 0x4E, 0x67, 0x75, 0x79, 0xE1, 0x6E])
        #expect(records[1].values == ["2", "ok"])
    }

    @Test func missingNeededColumnsStopAtTheHeader() throws {
        let error = try parseErrorEveryWay(try reader(required: ["id", "phone", "email"]), Fixture.bytes("csv/quoted.csv"))
        #expect(error.code == .malformedRecord)
        #expect(error.file == "test.csv")
        #expect(error.line == 1)
        #expect(error.byteOffset == 0)
        #expect(error.message == "the header lacks columns 'phone', 'email' that the pipeline reads; expected 'id', "
                + "'phone', 'email', found 'id', 'name', 'note'")
    }

    @Test func malformedHeaderStops() throws {
        let error = try parseErrorEveryWay(try reader(), "id,na\"me\n1,2\n".bytes)
        #expect(error.code == .malformedRecord)
        #expect(error.line == 1)
        #expect(error.message.hasPrefix("malformed header: stray quote in unquoted field 2 at line 1, byte 5"))
    }

    @Test(arguments: [
        // (input, expected values of the single record)
        ("h\n\"a\"\r", ["a"]),            // quoted field, CR then end of input
        ("h\nab\r", ["ab"]),              // unquoted field, CR at end of input
        ("a,b\n1,", nil as [String]?),    // trailing delimiter at end of input: 2 fields, second empty
        ("h\n\"\"", [""]),                 // a quoted empty field is a record, not an empty line
        ("h\n\"x\"\"\"", ["x\""]),          // doubled quote right before the closing quote
    ])
    func edgesAtEndOfInput(text: String, expected: [String]?) throws {
        let records = try parseEveryWay(try reader(), text.bytes)
        #expect(records.count == 1)
        if let expected {
            #expect(records.first?.values == expected.map(Optional.some))
        } else {
            #expect(records.first?.values == ["1", ""])
        }
    }

    @Test func bareCRInsideAnUnquotedFieldIsData() throws {
        let records = try parseEveryWay(try reader(), "a,b\nx\ry,z\n".bytes)
        #expect(records.map(\.values) == [["x\ry", "z"]])
    }

    @Test func customQuoteCharacter() throws {
        var options = csvOptions()
        options.quote = UInt8(ascii: "'")
        let records = try parseEveryWay(try reader(options), "a,b\n'x, ''y''',\"z\"\n".bytes)
        #expect(records.map(\.values) == [["x, 'y'", "\"z\""]])
    }

    @Test func partialBOMAtEndOfInputIsData() throws {
        let records = try parseEveryWay(try reader(csvOptions(header: false, columns: ["a"])), [0xEF, 0xBB])
        #expect(records.count == 1)
        #expect(records[0].malformed?.reason == .invalidEncoding)
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try parseEveryWay(try reader(), []).isEmpty)
        #expect(try parseEveryWay(try reader(), [0xEF, 0xBB, 0xBF]).isEmpty)
        #expect(try parseEveryWay(try reader(), "id,name\n".bytes).isEmpty)
    }
}
