import Testing
@testable import Core
@testable import Extract

func fixedOptions(
    _ columns: [(String, Int, Int)], skipLines: Int = 0, trim: Bool = true, strictWidth: Bool = false,
    maxRecordBytes: Int = 1 << 20
) -> FixedWidthOptions {
    var options = FixedWidthOptions()
    options.columns = columns.map { FixedWidthOptions.Column(name: $0.0, start: $0.1, width: $0.2) }
    options.skipLines = skipLines
    options.trim = trim
    options.strictWidth = strictWidth
    options.maxRecordBytes = maxRecordBytes
    return options
}

@Suite struct FixedWidthReaderTests {
    /// The layout of the fixtures (see Tests/Fixtures/fixed/make-fixed-fixtures.py).
    static let layout = [("ma_ho_so", 1, 11), ("ho_ten", 13, 23), ("ngay_nop", 37, 10), ("le_phi", 48, 8)]
    static let all = ["ma_ho_so", "ho_ten", "ngay_nop", "le_phi"]

    private func reader(
        _ columns: [String] = all, skipLines: Int = 3, trim: Bool = true, strictWidth: Bool = false,
        maxRecordBytes: Int = 1 << 20, layout: [(String, Int, Int)] = layout
    ) throws -> FixedWidthReader {
        try FixedWidthReader(options: fixedOptions(layout, skipLines: skipLines, trim: trim, strictWidth: strictWidth,
                                                   maxRecordBytes: maxRecordBytes),
                             requiredColumns: columns, file: "hoso.txt")
    }

    @Test func columnsByCharacterPosition() throws {
        let rows = try parseEveryWay(reader(), Fixture.bytes("fixed/hoso.txt"))
        #expect(rows.map(\.values) == [
            ["HS-2024-001", "Nguyễn Văn An", "05/03/2024", "15000"],
            ["HS-2024-002", "Trần Thị Bình", "06/03/2024", "0"],
            ["HS-2024-003", "Lê Văn Cường", "07/03/2024", ""],
            ["HS-2024-004", "Phạm Thị Dung", "", ""],
            ["HS-2024-005", "Hoàng Văn Em", "08/03/2024", "1200000"],
        ])
        // Title, header and ruler skipped; the blank lines (6 and 9) are not records.
        #expect(rows.map(\.origin) == [
            RowOrigin(line: 4, byteOffset: 189, record: 1), RowOrigin(line: 5, byteOffset: 248, record: 2),
            RowOrigin(line: 7, byteOffset: 317, record: 3), RowOrigin(line: 8, byteOffset: 369, record: 4),
            RowOrigin(line: 10, byteOffset: 400, record: 5),
        ])
    }

    @Test func requestedColumnsInTheirOrder() throws {
        let parser = try reader(["le_phi", "ma_ho_so"])
        #expect(parser.columns == ["le_phi", "ma_ho_so"])
        let rows = try parseEveryWay(parser, Fixture.bytes("fixed/hoso.txt"))
        #expect(rows.map(\.values) == [["15000", "HS-2024-001"], ["0", "HS-2024-002"], ["", "HS-2024-003"],
                                       ["", "HS-2024-004"], ["1200000", "HS-2024-005"]])
    }

    @Test func untrimmedValuesKeepTheirPaddingAndShortLinesArePadded() throws {
        let rows = try parseEveryWay(reader(["ho_ten", "le_phi"], trim: false), Fixture.bytes("fixed/hoso.txt"))
        #expect(rows.map(\.values) == [
            ["Nguyễn Văn An          ", "   15000"],
            ["Trần Thị Bình          ", "       0"],
            ["Lê Văn Cường           ", "        "],
            ["Phạm Thị Dung          ", "        "],
            ["Hoàng Văn Em           ", " 1200000"],
        ])
        #expect(rows.allSatisfy { $0.values?.first??.unicodeScalars.count == 23 })
    }

    @Test func strictWidthMakesShortLinesMalformed() throws {
        let rows = try parseEveryWay(reader(strictWidth: true), Fixture.bytes("fixed/hoso.txt"))
        #expect(rows.map { $0.values == nil } == [false, false, true, true, false])
        #expect(rows[2].malformed == MalformedRecord(
            reason: .malformedRecord,
            detail: "line 7 has 46 characters; expected at least 55 (column 'le_phi' ends at character 55)",
            raw: "HS-2024-003 Lê Văn Cường            07/03/2024".bytes))
        // Only the columns the pipeline reads must fit.
        let narrow = try parseEveryWay(reader(["ma_ho_so", "ho_ten"], strictWidth: true), Fixture.bytes("fixed/hoso.txt"))
        #expect(narrow.map { $0.values == nil } == [false, false, false, true, false])
        #expect(narrow[3].malformed?.detail == "line 8 has 25 characters; expected at least 35 (column 'ho_ten' ends at "
                + "character 35)")
    }

    @Test func errorsAreRecordsAndReadingGoesOn() throws {
        let rows = try parseEveryWay(reader(skipLines: 0, maxRecordBytes: 100), Fixture.bytes("fixed/errors.txt"))
        #expect(rows.map(\.values) == [
            ["HS-2024-010", "Đỗ Thị Hoa", "09/03/2024", "5000"], nil, ["HS-2024-012", "Vũ Văn Long", "", ""], nil,
            ["HS-2024-010", "Đỗ Thị Hoa", "09/03/2024", "5000"],
        ])
        #expect(rows.map(\.origin) == [
            RowOrigin(line: 1, byteOffset: 0, record: 1), RowOrigin(line: 2, byteOffset: 61, record: 2),
            RowOrigin(line: 3, byteOffset: 117, record: 3), RowOrigin(line: 4, byteOffset: 143, record: 4),
            RowOrigin(line: 5, byteOffset: 303, record: 5),
        ])
        #expect(rows[1].malformed?.reason == .invalidEncoding)
        #expect(rows[1].malformed?.detail == "invalid UTF-8 (byte 0xEA) at character 17 in column 'ho_ten' (characters "
                + "13-35) of line 2, byte 77; expected UTF-8 text")
        #expect(rows[3].malformed?.reason == .malformedRecord)
        #expect(rows[3].malformed?.detail == "line 4 is longer than max_record_bytes (100); expected a line ending within "
                + "100 bytes; the first 100 of its 159 bytes are kept")
        #expect(rows[3].malformed?.truncated == true)
        #expect(rows[3].malformed?.raw.count == 100)
    }

    @Test func charactersAreUnicodeScalars() throws {
        // "ễ" decomposed is three scalars: e, U+0302, U+0303.
        let text = "Xe\u{0302}\u{0303}Y\n"
        let parser = try reader(["a", "b", "c"], skipLines: 0, layout: [("a", 1, 1), ("b", 2, 3), ("c", 5, 1)])
        let rows = try parseEveryWay(parser, text.bytes)
        #expect(rows.map(\.values) == [["X", "e\u{0302}\u{0303}", "Y"]])
        #expect(rows.first?.values?[1]?.unicodeScalars.count == 3)
    }

    @Test func aLongTitleLineIsSkippedNotReported() throws {
        let text = String(repeating: "=", count: 40) + "\nAB\n"
        let rows = try parseEveryWay(reader(["a"], skipLines: 1, maxRecordBytes: 16, layout: [("a", 1, 2)]), text.bytes)
        #expect(rows.map(\.values) == [["AB"]])
        #expect(rows.map(\.origin) == [RowOrigin(line: 2, byteOffset: 41, record: 1)])
    }

    @Test func aColumnMissingFromTheLayoutStopsTheFile() throws {
        let error = #expect(throws: ExtractError.self) { _ = try reader(["ma_ho_so", "so_cccd"]) }
        #expect(error?.code == .malformedRecord)
        #expect(error?.file == "hoso.txt")
        #expect(error?.message == "the 'columns' option lacks column 'so_cccd' that the pipeline reads; expected "
                + "'ma_ho_so', 'so_cccd', found 'ma_ho_so', 'ho_ten', 'ngay_nop', 'le_phi'")
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try parseEveryWay(reader(), []).isEmpty)
        #expect(try parseEveryWay(reader(skipLines: 0), "\u{FEFF}\n  \n".bytes).isEmpty)
    }

    @Test func aFixedWidthSource() throws {
        let source = makeSource(path: "fixed/hoso.txt", format: .fixed(fixedOptions(Self.layout, skipLines: 3)),
                                fields: ["ho_ten"], key: "ma_ho_so", batchSize: 2)
        let (extractor, batches) = try readAll(source)
        #expect(batches.map(\.recordCount) == [2, 2, 1])
        #expect(batches.allSatisfy { $0.columns == ["ho_ten", "ma_ho_so"] })
        #expect(batches.flatMap { $0.rows.map { $0[1] } } == ["HS-2024-001", "HS-2024-002", "HS-2024-003", "HS-2024-004",
                                                              "HS-2024-005"])
        #expect(extractor.fileStats.first?.records == 5)
    }
}
