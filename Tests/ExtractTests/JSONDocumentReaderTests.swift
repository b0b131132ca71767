import Testing
@testable import Core
@testable import Extract

@Suite struct JSONDocumentReaderTests {
    private func reader(_ paths: [String], records: [String] = [], maxRecordBytes: Int = 1 << 20) throws -> JSONDocumentReader {
        var options = JSONOptions()
        options.records = records
        options.maxRecordBytes = maxRecordBytes
        return try JSONDocumentReader(options: options, paths: paths, file: "test.json")
    }

    private func origin(_ line: Int, _ offset: Int64, _ record: Int) -> RowOrigin {
        RowOrigin(line: line, byteOffset: offset, record: record)
    }

    // MARK: Records

    @Test func topLevelArrayAfterABOM() throws {
        let paths = ["id", "applicant.name", "applicant.phone", "fee", "paid", "tags", "extra", "applicant"]
        let records = try parseEveryWay(try reader(paths), Fixture.bytes("json/top_array.json"))
        // Offsets count the BOM.
        #expect(records.map(\.origin) == [origin(1, 4, 1), origin(2, 97, 2), origin(3, 202, 3)])
        #expect(records.map(\.values) == [
            ["HS-1", "Nguyễn Văn A", "0901", "15000", "true", nil, nil, "{\"name\":\"Nguyễn Văn A\",\"phone\":\"0901\"}"],
            ["HS-2", "Trần \"B\"\\ / \n", nil, "-1.5e3", "false", "[\"a\",\"b\"]", nil,
             "{\"name\":\"Tr\\u1ea7n \\\"B\\\"\\\\ \\/ \\n\"}"],
            ["HS-3", nil, nil, nil, "} ] {", nil, "{\"k\":[1,2,{\"x\":null}]}", "not an object"],
        ])
        #expect(records.map(\.document) == [
            #"{"id":"HS-1","applicant":{"name":"Nguyễn Văn A","phone":"0901"},"fee":15000,"paid":true}"#,
            #"{"id":"HS-2","applicant":{"name":"Tr\u1ea7n \"B\"\\ \/ \n"},"fee":-1.5e3,"paid":false,"tags":["a","b"]}"#,
            #"{"id":"HS-3","applicant":"not an object","fee":null,"extra":{"k":[1,2,{"x":null}]},"paid":"} ] {"}"#,
        ])
    }

    @Test func nestedRecordsPathBetweenBigValues() throws {
        let parser = try reader(["id", "name", "fee"], records: ["data", "items"])
        #expect(parser.columns == ["id", "name", "fee"])
        let records = try parseEveryWay(parser, Fixture.bytes("json/nested.json"))
        #expect(records.map(\.values) == [["QT-1", "Hoàng Văn E", "0"], ["QT-2", "Võ Thị F", "12.5"], ["QT-3", "Bùi G", "1e3"]])
        #expect(records.map(\.origin) == [origin(5, 16817, 1), origin(6, 16871, 2), origin(7, 16926, 3)])
        #expect(records[1].document == #"{"id": "QT-2", "name": "Võ Thị F", "fee": 12.5}"#)
    }

    @Test func prettyPrintedElementsWithCRLF() throws {
        let paths = ["maHoSo", "chuHoSo.hoTen", "chuHoSo.diaChi", "ghiChu"]
        let records = try parseEveryWay(try reader(paths, records: ["records"]), Fixture.bytes("json/pretty_crlf.json"))
        #expect(records.map(\.origin) == [origin(3, 23, 1), origin(11, 233, 2)])
        #expect(records.map(\.values) == [
            ["QT-1", "Lê Thị Hồng", "Số 5\r\nĐông Hà", "tab\there \"trích\" é 😀"],
            ["QT-2", "Đặng Văn Ý", nil, nil],
        ])
        // The document is the element's text, its line breaks included.
        #expect(records.map(\.document) == [
            "{\r\n      \"maHoSo\": \"QT-1\",\r\n      \"chuHoSo\": {\r\n        \"hoTen\": \"Lê Thị Hồng\",\r\n"
                + "        \"diaChi\": \"Số 5\\r\\nĐông Hà\"\r\n      },\r\n"
                + "      \"ghiChu\": \"tab\\there \\\"trích\\\" \\u00e9 \\ud83d\\ude00\"\r\n    }",
            "{\r\n      \"maHoSo\": \"QT-2\",\r\n      \"chuHoSo\": { \"hoTen\": \"Đặng Văn Ý\" },\r\n"
                + "      \"ghiChu\": null\r\n    }",
        ])
    }

    @Test(arguments: [
        ("[]", [] as [String]),
        (" [ ] ", []),
        ("{\"items\":[]}", ["items"]),
        ("{\"items\":[ \n ],\"x\":1}", ["items"]),
    ])
    func emptyRecordsArrays(text: String, records: [String]) throws {
        #expect(try parseEveryWay(try reader(["a"], records: records), text.bytes).isEmpty)
    }

    @Test func everyKindOfValueIsSkippedOutsideTheRecords() throws {
        let text = #"{"a":[],"b":{},"c":[[[{"x":[{}]}]]],"d":"\"\\\/\b\f\n\r\t\u00E9\ud83d\ude00","e":-0,"f":0.5,"#
            + #""g":-12.5E+3,"h":1e-2,"i":true,"j":false,"k":null,"items":[{"a":"yes"}],"l":[1,"2",{"3":[4]}]}"#
        let records = try parseEveryWay(try reader(["a"], records: ["items"]), text.bytes)
        #expect(records.map(\.values) == [["yes"]])
    }

    @Test func keysAreComparedUnescapedAndWhole() throws {
        // `item` and `itemsX` are not `items`; `items` inside another key's value is not on the path.
        let text = #"{"item":[{"a":1}],"itemsX":[{"a":2}],"x":{"items":[{"a":3}]},"\u0069tems":[{"a":4}]}"#
        let records = try parseEveryWay(try reader(["a"], records: ["items"]), text.bytes)
        #expect(records.map(\.values) == [["4"]])
    }

    @Test func recordsDoNotLeakValuesIntoTheNext() throws {
        let records = try parseEveryWay(try reader(["a", "b"]), #"[{"a":1,"b":2},{"a":3}]"#.bytes)
        #expect(records.map(\.values) == [["1", "2"], ["3", nil]])
    }

    @Test func bigValuesOutsideTheRecordsAreNotBuffered() throws {
        // 1 MiB values before and after the records, fed 64 KiB at a time: the window never holds
        // more than a chunk and a record.
        let big = String(repeating: "x", count: 1 << 20)
        let text = "{\"before\":\"" + big + "\",\"items\":[{\"a\":1},{\"a\":2}],\"after\":[\"" + big + "\",{\"k\":\"" + big
            + "\"}]}"
        let bytes = text.bytes
        var parser = try reader(["a"], records: ["items"])
        var window = ByteWindow(capacity: 16)
        var records: [ParsedRecord] = []
        var start = 0
        var largest = 0
        while start < bytes.count {
            let end = min(start + (64 << 10), bytes.count)
            window.append(contentsOf: bytes[start..<end])
            start = end
            largest = max(largest, window.readableCount)
            while let record = try parser.next(&window) { records.append(record) }
            #expect(window.readableCount < 64, "the parser keeps \(window.readableCount) bytes it has scanned")
        }
        while let record = try parser.finish(&window) { records.append(record) }
        #expect(records.map(\.values) == [["1"], ["2"]])
        #expect(records.map(\.origin) == [origin(1, Int64(11 + big.utf8.count + 11), 1), origin(1, Int64(11 + big.utf8.count + 19), 2)])
        #expect(largest <= 64 << 10)
    }

    // MARK: Malformed records

    @Test func elementsThatAreNotObjects() throws {
        let records = try parseEveryWay(try reader(["a"]), Fixture.bytes("json/not_objects.json"))
        #expect(records.map(\.origin) == [
            origin(1, 1, 1), origin(2, 11, 2), origin(3, 25, 3), origin(4, 33, 4), origin(5, 39, 5), origin(6, 46, 6),
            origin(7, 54, 7),
        ])
        #expect(records.first?.values == ["1"])
        #expect(records.last?.values == ["3"])
        let bad = records.dropFirst().dropLast().map(\.malformed)
        #expect(bad.map { $0?.reason } == Array(repeating: .malformedRecord, count: 5))
        #expect(bad.map { $0?.detail } == [
            "record 2 is not an object: expected a JSON object at line 2, byte 11, found an array",
            "record 3 is not an object: expected a JSON object at line 3, byte 25, found a string",
            "record 4 is not an object: expected a JSON object at line 4, byte 33, found a number",
            "record 5 is not an object: expected a JSON object at line 5, byte 39, found null",
            "record 6 is not an object: expected a JSON object at line 6, byte 46, found a boolean",
        ])
        #expect(bad.map { $0.map { String(decoding: $0.raw, as: UTF8.self) } } == [
            "[1,{\"a\":2}]", "\"s,]\"", "42", "null", "tru e",
        ])
        #expect(records.dropFirst().dropLast().allSatisfy { $0.document == nil })
    }

    @Test func malformedElementsSayWhatWasExpectedWhere() throws {
        let records = try parseEveryWay(try reader(["a"]), Fixture.bytes("json/malformed_elements.json"))
        #expect(records.map(\.origin) == [
            origin(2, 4, 1), origin(3, 16, 2), origin(4, 27, 3), origin(7, 49, 4), origin(8, 75, 5), origin(9, 88, 6),
            origin(10, 109, 7), origin(11, 125, 8), origin(12, 144, 9), origin(13, 157, 10),
        ])
        #expect(records.first?.values == ["1"])
        #expect(records.last?.values == ["3"])
        let bad = records.dropFirst().dropLast().map(\.malformed)
        #expect(bad.map { $0?.reason } == Array(repeating: .malformedRecord, count: 8))
        #expect(bad.map { $0?.detail } == [
            "invalid JSON in record 2: expected ':' after the key at line 3, byte 21, found '2'",
            "invalid JSON in record 3: invalid literal at line 5, byte 38; expected true, false or null",
            "invalid JSON in record 4: expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\' at line 7, "
                + "byte 61, found 'x'",
            "invalid JSON in record 5: expected a string key after ',' at line 8, byte 83, found '}'",
            "invalid JSON in record 6: expected a control character in a string to be escaped at line 9, byte 98, found a tab",
            "invalid JSON in record 7: expected ',' or ']' after a value in an array at line 10, byte 118, found '2'",
            "invalid JSON in record 8: unpaired surrogate escape at line 11, byte 132; expected a high surrogate to be "
                + "followed by a low surrogate \\uDC00-\\uDFFF",
            "invalid JSON in record 9: expected no leading zeros in a number at line 12, byte 151, found '1'",
        ])
        #expect(bad[1]?.raw == "{\n    \"a\": tru\n  }".bytes)
    }

    @Test func invalidUTF8InAnElement() throws {
        let records = try parseEveryWay(try reader(["a"]), Fixture.bytes("json/invalid_utf8.json"))
        #expect(records.map(\.origin) == [origin(1, 1, 1), origin(2, 13, 2), origin(3, 29, 3), origin(4, 40, 4)])
        #expect(records.map(\.values) == [["ok"], nil, nil, ["end"]])
        #expect(records[1].malformed?.reason == .invalidEncoding)
        #expect(records[1].malformed?.detail == "invalid UTF-8 (byte 0xE1) in record 2 at line 2, byte 23; expected UTF-8 text")
        #expect(records[1].malformed?.raw == Array("{\"a\":\"Nguy".utf8) + [0xE1] + Array("n\"}".utf8))
        #expect(records[2].malformed?.detail == "invalid UTF-8 (byte 0xFF) in record 3 at line 3, byte 35; expected UTF-8 text")
    }

    @Test func elementsOverMaxRecordBytesAreSkipped() throws {
        let bytes = try Fixture.bytes("json/oversized.json")
        let records = try parseEveryWay(try reader(["a"], maxRecordBytes: 64), bytes)
        #expect(records.map(\.origin) == [origin(1, 1, 1), origin(2, 16, 2), origin(3, 137, 3)])
        #expect(records.map(\.values) == [["short"], nil, ["after"]])
        let bad = try #require(records[1].malformed)
        #expect(bad.detail == "record 2, which starts at line 2, byte 16, is longer than max_record_bytes (64); expected a "
                + "record within 64 bytes; the first 64 of its 119 bytes are kept")
        #expect(bad.raw == Array(bytes[16..<80]))
        #expect(bad.truncated)
    }

    @Test func elementOfExactlyMaxRecordBytesIsAccepted() throws {
        let element = "{\"a\":\"" + String(repeating: "y", count: 56) + "\"}"  // 64 bytes
        let longer = "{\"a\":\"" + String(repeating: "y", count: 57) + "\"}"
        let records = try parseEveryWay(try reader(["a"], maxRecordBytes: 64), ("[" + element + "," + longer + "]").bytes)
        #expect(records.map(\.values) == [[String(repeating: "y", count: 56)], nil])
        #expect(records[1].malformed?.detail == "record 2, which starts at line 1, byte 66, is longer than max_record_bytes "
                + "(64); expected a record within 64 bytes; the first 64 of its 65 bytes are kept")
    }

    @Test func oversizedElementCutOnACharacterBoundary() throws {
        let element = "{\"a\":\"" + String(repeating: "ế", count: 30) + "\"}"
        let records = try parseEveryWay(try reader(["a"], maxRecordBytes: 64), ("[" + element + "]").bytes)
        // 6 bytes of `{"a":"` and 19 whole three-byte characters fit in 64.
        #expect(records.first?.malformed?.raw == ("{\"a\":\"" + String(repeating: "ế", count: 19)).bytes)
    }

    @Test func deepNestingInARecordIsMalformed() throws {
        let element = "{\"a\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        let records = try parseEveryWay(try reader(["a"]), ("[" + element + ",{\"a\":1}]").bytes)
        #expect(records.first?.malformed?.detail == "invalid JSON in record 1: expected at most 512 levels of nesting at "
                + "line 1, byte 517, found '['")
        #expect(records.last?.values == ["1"])
    }

    // MARK: What stops the file

    private func stop(
        _ fixture: String, records: [String] = [], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> ExtractError {
        let error = try parseErrorEveryWay(try reader(["a"], records: records), Fixture.bytes("json/" + fixture),
                                           sourceLocation: sourceLocation)
        #expect(error.code == .malformedRecord, sourceLocation: sourceLocation)
        #expect(error.file == "test.json", sourceLocation: sourceLocation)
        return error
    }

    @Test func pathKeyMissing() throws {
        let error = try stop("no_key.json", records: ["data", "items"])
        #expect(error.message == "no key 'items' in the object at 'data'; expected the records at 'data.items'")
        #expect(error.line == 1)
        #expect(error.byteOffset == 41)
        let top = try stop("no_key.json", records: ["items"])
        #expect(top.message == "no key 'items' in the top-level object; expected the records at 'items'")
        #expect(top.byteOffset == 42)
    }

    @Test func valueAtThePathIsNotAnArray() throws {
        let error = try stop("not_array.json", records: ["data", "items"])
        #expect(error.message == "the value at 'data.items' is an object; expected an array of records")
        #expect(error.byteOffset == 19)
    }

    @Test func valueOnThePathIsNotAnObject() throws {
        let error = try stop("path_not_object.json", records: ["data", "items"])
        #expect(error.message == "the value at 'data' is an array; expected an object with key 'items'")
        #expect(error.byteOffset == 9)
    }

    @Test func topLevelValueOfTheWrongKind() throws {
        let array = try stop("nested.json")
        #expect(array.message == "the top-level value is an object; expected an array of records")
        #expect(array.line == 1)
        #expect(array.byteOffset == 0)
        let object = try stop("top_array.json", records: ["items"])
        #expect(object.message == "the top-level value is an array; expected an object with key 'items'")
        #expect(object.byteOffset == 3)
        let error = try parseErrorEveryWay(try reader(["a"]), "\n  x".bytes)
        #expect(error.message == "the top-level value starts with 'x'; expected an array of records")
        #expect(error.line == 2)
        #expect(error.byteOffset == 3)
    }

    @Test func garbageAfterTheDocument() throws {
        let error = try stop("garbage_after.json")
        #expect(error.message == "expected the end of the file after the JSON document, found 'x'")
        #expect(error.line == 3)
        #expect(error.byteOffset == 12)
    }

    @Test func endOfFileInsideAnElement() throws {
        let error = try stop("truncated_element.json")
        #expect(error.message == "the file ends at line 3, byte 31, inside record 2, which starts at line 2, byte 10; "
                + "expected the rest of the record and ']' to close the records array; was the file cut short?")
        #expect(error.line == 2)
        #expect(error.byteOffset == 10)
    }

    @Test func endOfFileInsideTheDocument() throws {
        let error = try stop("truncated_document.json", records: ["data", "items"])
        #expect(error.message == "the file ends inside the JSON document; expected ',' or '}'; was the file cut short?")
        #expect(error.line == 1)
        #expect(error.byteOffset == 29)
    }

    @Test(arguments: [
        ("[{\"a\":1}", "the file ends inside the records array; expected ',' or ']' after record 1"),
        ("[{\"a\":1},", "the file ends inside the records array; expected a record"),
        ("[", "the file ends inside the records array; expected a record or ']'"),
        ("{\"x\":\"abc", "the file ends inside the JSON document; expected '\"' to close the string"),
        ("{\"x\"", "the file ends inside the JSON document; expected ':' after the key"),
        ("{\"x\":12", "the file ends inside the JSON document; expected the rest of the document"),
        ("{", "the file ends inside the JSON document; expected a string key or '}'"),
        ("{\"x\":[", "the file ends inside the JSON document; expected a value or ']'"),
        ("{\"items\":", "the file ends inside the JSON document; expected the value on the path to the records"),
    ])
    func endOfFileMessages(text: String, message: String) throws {
        let records = text.hasPrefix("[") ? [] : ["items"]
        let error = try parseErrorEveryWay(try reader(["a"], records: records), text.bytes)
        #expect(error.message == message + "; was the file cut short?")
        #expect(error.byteOffset == Int64(text.utf8.count))
    }

    @Test func emptyFile() throws {
        let error = try stop("empty.json")
        #expect(error.message == "the file holds no JSON document; expected an array of records")
        #expect(error.line == 2)
        #expect(error.byteOffset == 6)
        let nothing = try parseErrorEveryWay(try reader(["a"], records: ["data"]), [])
        #expect(nothing.message == "the file holds no JSON document; expected an object with key 'data'")
    }

    @Test func mismatchedBracketInAnElement() throws {
        let error = try stop("mismatched_bracket.json")
        #expect(error.message == "'}' does not close the '[' before it in record 2, so where the record ends cannot be "
                + "told; expected ']'")
        #expect(error.line == 2)
        #expect(error.byteOffset == 19)
    }

    @Test func syntaxErrorOutsideTheRecords() throws {
        let error = try stop("bad_sibling.json", records: ["data", "items"])
        #expect(error.message == "invalid literal; expected true, false or null, found ']'")
        #expect(error.byteOffset == 22)
    }

    @Test func duplicateRecordsKey() throws {
        let error = try stop("duplicate_key.json", records: ["data", "items"])
        #expect(error.message == "a second key 'items' in the object at 'data'; expected the records at 'data.items' once")
        #expect(error.byteOffset == 31)
    }

    @Test func trailingCommaInTheRecords() throws {
        let error = try stop("trailing_comma.json")
        #expect(error.message == "expected a record after ',', found ']'")
        #expect(error.line == 2)
        #expect(error.byteOffset == 10)
    }

    @Test func missingCommaBetweenRecords() throws {
        let error = try stop("missing_comma.json")
        #expect(error.message == "expected ',' or ']' after record 1 in the records array, found '{'")
        #expect(error.line == 2)
        #expect(error.byteOffset == 9)
    }

    @Test(arguments: [
        ("{\"items\":[],\"x\":tru}", "invalid literal; expected true, false or null, found '}'", 19),
        ("{\"x\":01,\"items\":[]}", "expected no leading zeros in a number, found '1'", 6),
        ("{\"x\":-a,\"items\":[]}", "expected a digit in a number, found 'a'", 6),
        ("{\"x\":1.e5,\"items\":[]}", "expected a digit after the decimal point, found 'e'", 7),
        ("{\"x\":1e+,\"items\":[]}", "expected a digit in the exponent, found ','", 8),
        ("{\"x\":\"a\\q\",\"items\":[]}", "expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\', found 'q'", 8),
        ("{\"x\":\"\\u12g4\",\"items\":[]}", "expected 4 hex digits after '\\u', found 'g'", 10),
        ("{\"x\":\"a\nb\",\"items\":[]}", "expected a control character in a string to be escaped, found a line feed", 7),
        ("{\"x\" 1,\"items\":[]}", "expected ':' after the key, found '1'", 5),
        ("{\"x\":1 \"items\":[]}", "expected ',' or '}' after a value in an object, found '\"'", 7),
        ("{,\"items\":[]}", "expected a string key or '}', found ','", 1),
        ("{\"x\":1,}", "expected a string key after ',', found '}'", 7),
        ("{\"x\":[1 2],\"items\":[]}", "expected ',' or ']' after a value in an array, found '2'", 8),
        ("{\"x\":[,],\"items\":[]}", "expected a value (object, array, string, number, true, false or null), found ','", 6),
        ("{\"items\":[{\"a\":1},,{\"a\":2}]}", "expected a record after ',', found ','", 18),
        ("{\"items\":[,{\"a\":2}]}", "expected a record or ']' in the records array, found ','", 10),
        ("{\"\\ud800\":1,\"items\":[]}", "unpaired surrogate escape at line 1, byte 2; expected a high surrogate to be "
            + "followed by a low surrogate \\uDC00-\\uDFFF", 2),
    ])
    func structuralSyntaxErrors(text: String, message: String, offset: Int64) throws {
        let error = try parseErrorEveryWay(try reader(["a"], records: ["items"]), text.bytes)
        #expect(error.code == .malformedRecord)
        #expect(error.message == message)
        #expect(error.byteOffset == offset)
    }

    @Test func recordsBeforeAStructuralErrorAreRead() throws {
        // A garbage byte after the array stops the file only once its records are out.
        var parser = try reader(["a"])
        var window = ByteWindow()
        window.append(contentsOf: "[{\"a\":1},{\"a\":2}] x".bytes)
        #expect(try parser.next(&window)?.values == ["1"])
        #expect(try parser.next(&window)?.values == ["2"])
        #expect(throws: ExtractError.self) { _ = try parser.next(&window) }
    }

    // MARK: Through the extractor

    private func jsonSource(_ path: String, records: [String] = [], onError: OnError = .quarantine) -> SourceSpec {
        var options = JSONOptions()
        options.records = records
        return makeSource(path: path, format: .json(options), fields: ["a"], onError: onError)
    }

    @Test func extractorQuarantinesMalformedRecordsWithTheirText() throws {
        let (extractor, batches) = try readAll(jsonSource("json/not_objects.json"))
        #expect(batches.count == 1)
        let batch = try #require(batches.first)
        #expect(batch.columns == ["a"])
        #expect(batch.rows.map(Array.init) == [["1"], ["3"]])
        #expect(batch.origins == [origin(1, 1, 1), origin(7, 54, 7)])
        #expect(batch.documents == ["{\"a\":1}", "{\"a\":3}"])
        #expect(batch.rejects.map(\.origin.record) == [2, 3, 4, 5, 6])
        #expect(batch.rejects.map(\.reason) == Array(repeating: .malformedRecord, count: 5))
        #expect(batch.rejects.first?.original == #"{"raw":"[1,{\"a\":2}]"}"#)
        #expect(extractor.fileStats.first?.records == 7)
        #expect(extractor.fileStats.first?.rejects == 5)
    }

    @Test func extractorStopsAtTheFirstMalformedRecordWithOnErrorStop() throws {
        let error = #expect(throws: ExtractError.self) { try readAll(jsonSource("json/not_objects.json", onError: .stop)) }
        #expect(error?.code == .malformedRecord)
        #expect(error?.line == 2)
        #expect(error?.byteOffset == 11)
        #expect(error?.message == "record 2 is not an object: expected a JSON object at line 2, byte 11, found an array")
    }

    @Test func extractorStopsAtAStructuralError() throws {
        let error = #expect(throws: ExtractError.self) { try readAll(jsonSource("json/no_key.json", records: ["data", "items"])) }
        #expect(error?.message == "no key 'items' in the object at 'data'; expected the records at 'data.items'")
        #expect(error?.file == Fixture.path("json/no_key.json"))
    }

    @Test func extractorReadsANestedPathBetweenBigValues() throws {
        let (_, batches) = try readAll(jsonSource("json/nested.json", records: ["data", "items"]))
        #expect(batches.flatMap(\.origins) == [origin(5, 16817, 1), origin(6, 16871, 2), origin(7, 16926, 3)])
    }
}
