import Testing
@testable import Core
@testable import Extract

@Suite struct JSONLinesReaderTests {
    static let paths = [
        "dossierCode", "applicant.fullName", "applicant.idNumber", "fee", "paid", "note", "tags", "extra", "emoji",
        "applicant", "missing.path",
    ]

    private func reader(_ paths: [String] = paths, maxRecordBytes: Int = 1 << 20) -> JSONLinesReader {
        JSONLinesReader(options: jsonlOptions(maxRecordBytes: maxRecordBytes), paths: paths)
    }

    private func origin(_ line: Int, _ offset: Int64, _ record: Int) -> RowOrigin {
        RowOrigin(line: line, byteOffset: offset, record: record)
    }

    @Test func nestedPathsEscapesAndScalars() throws {
        let bytes = try Fixture.bytes("jsonl/nested.jsonl")
        let records = try parseEveryWay(reader(), bytes)
        #expect(records.map(\.origin) == [
            origin(1, 0, 1), origin(3, 177, 2), origin(5, 294, 3), origin(6, 375, 4), origin(7, 466, 5),
        ])
        let values = records.map(\.values)
        // dossierCode, fullName, idNumber, fee, paid, note, tags, extra, emoji, applicant, missing.path
        #expect(values[0] == [
            "QT-1", "Nguyễn Văn A", "012345678901", "15000", "true", nil, "[\"a\",\"b\"]", "{\"k\":[1,2,{\"x\":null}]}",
            nil, "{\"fullName\":\"Nguyễn Văn A\",\"idNumber\":\"012345678901\"}", nil,
        ])
        #expect(values[1] == [
            "QT-2", "Trần \"B\"\\ / \n", nil, "-1.5e3", "false", nil, "[]", nil, nil,
            "{\"fullName\":\"Tr\\u1ea7n \\\"B\\\"\\\\ \\/ \\n\"}", nil,
        ])
        // `applicant` is a string here: its sub-paths are missing; a surrogate pair decodes to one scalar.
        #expect(values[2] == ["QT-3", nil, nil, nil, nil, nil, nil, nil, "😀 é", "not an object", nil])
        // Whitespace around tokens; a duplicate key's last value wins.
        #expect(values[3] == ["QT-4", "Lê D", nil, nil, nil, nil, nil, nil, nil,
                              "{ \"fullName\" : \"Lê C\" , \"fullName\" : \"Lê D\" }", nil])
        // An escaped key matches its unescaped path; null gives nil; an empty object is raw text.
        #expect(values[4] == ["QT-5", nil, nil, "0", nil, nil, nil, nil, nil, "{}", nil])
    }

    @Test func documentsKeepTheLineWithoutItsLineEnding() throws {
        let bytes = try Fixture.bytes("jsonl/nested.jsonl")
        let records = try parseEveryWay(reader(), bytes)
        let firstLine = bytes[..<bytes.firstIndex(of: 0x0A)!]
        #expect(records[0].document == String(decoding: firstLine, as: UTF8.self))
        // CRLF: the CR goes with the line ending.
        #expect(records[1].document == #"{"dossierCode":"QT-2","applicant":{"fullName":"Tr\u1ea7n \"B\"\\ \/ \n"},"fee":-1.5e3,"paid":false,"tags":[]}"#)
        #expect(records[4].document == "{\"dossier\\u0043ode\":\"QT-5\",\"fee\":0,\"paid\":null,\"applicant\":{}}")
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let records = try parseEveryWay(reader(["a"]), Fixture.bytes("jsonl/bom_crlf.jsonl"))
        #expect(records.map(\.values) == [["x"], ["y"]])
        #expect(records.map(\.origin) == [origin(1, 3, 1), origin(3, 16, 2)])
        #expect(records.map(\.document) == ["{\"a\":\"x\"}", "{\"a\":\"y\"}"])
    }

    @Test func syntaxErrorsSayWhatWasExpectedWhere() throws {
        let records = try parseEveryWay(reader(["a"]), Fixture.bytes("jsonl/errors.jsonl"))
        let offsets: [Int64] = [0, 8, 16, 25, 45, 55, 64, 75, 85, 100, 106, 122, 125, 132, 149, 158]
        #expect(records.map(\.origin) == offsets.enumerated().map { origin($0.offset + 1, $0.element, $0.offset + 1) })
        #expect(records.first?.values == ["1"])
        #expect(records.last?.values == ["2"])
        #expect(records.first?.document == "{\"a\":1}")
        let bad = records.dropFirst().dropLast().map { $0.malformed }
        #expect(bad.allSatisfy { $0 != nil })
        #expect(bad.map { $0?.detail } == [
            "invalid JSON on line 2: expected ':' after the key at byte offset 5 of the line, found '1'",
            "invalid JSON on line 3: expected a string key after ',' at byte offset 7 of the line, found '}'",
            "invalid JSON on line 4: expected '\"' to close the string at byte offset 19 of the line, found the end of the line",
            "invalid JSON on line 5: invalid literal at byte offset 5 of the line; expected true, false or null",
            "invalid JSON on line 6: expected no leading zeros in a number at byte offset 6 of the line, found '1'",
            "invalid JSON on line 7: expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\' at byte offset 7 of the line, found 'x'",
            "invalid JSON on line 8: expected the end of the line after the JSON object at byte offset 8 of the line, found 'x'",
            "invalid JSON on line 9: unpaired surrogate escape at byte offset 6 of the line; expected a high surrogate to be followed by a low surrogate \\uDC00-\\uDFFF",
            "invalid JSON on line 10: expected a JSON object at byte offset 0 of the line, found an array",
            "invalid JSON on line 11: expected a JSON object at byte offset 0 of the line, found a string",
            "invalid JSON on line 12: expected a JSON object at byte offset 0 of the line, found a number",
            "invalid JSON on line 13: expected ',' or '}' after a value in an object at byte offset 6 of the line, found the end of the line",
            "invalid JSON on line 14: expected a control character in a string to be escaped at byte offset 9 of the line, found a tab",
            "invalid UTF-8 (byte 0xFF) at byte offset 0 of line 15, byte 149; expected UTF-8 text",
        ])
        #expect(bad.map { $0?.reason } == Array(repeating: .malformedRecord, count: 13) + [.invalidEncoding])
        #expect(bad[0]?.raw == "{\"a\" 1}".bytes)
        #expect(records.dropFirst().dropLast().allSatisfy { $0.document == nil })
    }

    @Test(arguments: [
        ("{\"a\":\"\\udc00\"}", "unpaired surrogate escape at byte offset 6 of the line; expected a low surrogate to follow a high surrogate"),
        ("{\"a\":\"\\u12G4\"}", "expected 4 hex digits after '\\u' at byte offset 10 of the line, found 'G'"),
        ("{\"a\":-}", "expected a digit in a number at byte offset 6 of the line, found '}'"),
        ("{\"a\":1.}", "expected a digit after the decimal point at byte offset 7 of the line, found '}'"),
        ("{\"a\":1e}", "expected a digit in the exponent at byte offset 7 of the line, found '}'"),
        ("{\"a\":[1 2]}", "expected ',' or ']' after a value in an array at byte offset 8 of the line, found '2'"),
        ("{1:2}", "expected a string key or '}' at byte offset 1 of the line, found '1'"),
        ("{\"a\":}", "expected a value (object, array, string, number, true, false or null) at byte offset 5 of the line, found '}'"),
        ("nul", "expected a JSON object at byte offset 0 of the line, found null"),
        ("{'a':1}", "expected a string key or '}' at byte offset 1 of the line, found '''"),
        // A problem in a value no path asks for still makes the line malformed.
        ("{\"b\":{\"c\":[tru]}}", "invalid literal at byte offset 11 of the line; expected true, false or null"),
        ("{\"b\":\"\\ud800x\"}", "unpaired surrogate escape at byte offset 6 of the line; expected a high surrogate to be followed by a low surrogate \\uDC00-\\uDFFF"),
    ])
    func moreSyntaxErrors(line: String, message: String) throws {
        let records = try parseEveryWay(reader(["a"]), line.bytes)
        #expect(records.count == 1)
        #expect(records.first?.malformed?.detail == "invalid JSON on line 1: " + message)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let line = "{\"a\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        let records = try parseEveryWay(reader(["a"]), line.bytes)
        #expect(records.first?.malformed?.detail
                == "invalid JSON on line 1: expected at most 512 levels of nesting at byte offset 516 of the line, found '['")
    }

    @Test func linesOverMaxRecordBytesAreMalformed() throws {
        let records = try parseEveryWay(reader(["a"], maxRecordBytes: 64), Fixture.bytes("jsonl/oversized.jsonl"))
        #expect(records.map(\.origin) == [origin(1, 0, 1), origin(2, 14, 2), origin(3, 123, 3)])
        #expect(records.map(\.values) == [["short"], nil, ["after"]])
        let bad = try #require(records[1].malformed)
        #expect(bad.detail == "line 2 is longer than max_record_bytes (64); expected a line ending within 64 bytes; "
                + "the first 64 of its 108 bytes are kept")
        #expect(bad.raw == ("{\"a\":\"" + String(repeating: "z", count: 58)).bytes)
        #expect(bad.truncated)
    }

    @Test func lastLineWithoutLineEndingAndCRAtEnd() throws {
        let records = try parseEveryWay(reader(["a"]), "{\"a\":1}\n{\"a\":true}\r".bytes)
        #expect(records.map(\.values) == [["1"], ["true"]])
        #expect(records.map(\.document) == ["{\"a\":1}", "{\"a\":true}"])
    }

    @Test func valuesArePerRecord() throws {
        // A path present in one line must not leak into the next.
        let records = try parseEveryWay(reader(["a", "b"]), "{\"a\":1,\"b\":2}\n{\"a\":3}\n".bytes)
        #expect(records.map(\.values) == [["1", "2"], ["3", nil]])
    }
}
