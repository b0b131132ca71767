import Testing
@testable import Core
@testable import Extract

/// Fixtures from `Tests/Fixtures/xlsx/make-xlsx-fixtures.py`.
@Suite struct XLSXCursorTests {
    private func options(sheet: String? = nil, headerRow: Int = 1, columns: [String] = []) -> XLSXOptions {
        var options = XLSXOptions()
        options.sheet = sheet
        options.headerRow = headerRow
        options.columns = columns
        return options
    }

    private func read(
        _ fixture: String, _ options: XLSXOptions, _ required: [String]
    ) throws -> (XLSXCursor, [ParsedRecord]) {
        let path = Fixture.path("xlsx/" + fixture)
        let cursor = try XLSXCursor(file: InputFile(path: path, name: fixture, size: 0), options: options,
                                    requiredColumns: required)
        var records: [ParsedRecord] = []
        while let record = try cursor.next() { records.append(record) }
        #expect(try cursor.next() == nil)
        return (cursor, records)
    }

    private func open(_ fixture: String, _ options: XLSXOptions, _ required: [String]) -> ExtractError? {
        #expect(throws: ExtractError.self) { _ = try read(fixture, options, required) }
    }

    private func origin(_ line: Int, _ offset: Int64, _ record: Int) -> RowOrigin {
        RowOrigin(line: line, byteOffset: offset, record: record)
    }

    private static let hosoColumns = ["MaHoSo", "ChuHoSo", "NgayNop", "SoTien", "DaThanhToan", "GhiChu", "ThoiGian"]

    @Test func firstSheetWithTitleRowsAboveTheHeader() throws {
        let (cursor, records) = try read("hoso.xlsx", options(headerRow: 3), Self.hosoColumns)
        #expect(cursor.columns == Self.hosoColumns)
        #expect(records.map(\.values) == [
            ["QB-01", "Nguyễn Văn An", "2019-03-05", "150000", "true", "Hồ sơ đầy đủ & hợp lệ", "2019-03-05T08:30:00"],
            ["QB-02", "Lê Thị Bảy", "2019-03-06", "3.5", "false", "Đã nhận", "12:00:00"],
            // Cells without r follow the previous one; a duration ([h]:mm:ss) and a format with quoted
            // letters stay numbers; a time below one day in a date-time format is on 1899-12-31.
            ["QB-03", "Trần Bình", nil, "1.25", "2.5", nil, "1899-12-31T18:00:00"],
            nil,
            // The error in column H is not read.
            ["QB-05", nil, nil, nil, nil, "Dòng một\ndòng hai", nil],
            nil,
            // A row without r is the next one; serials 59 and 61 are either side of the fake 1900-02-29.
            ["QB-07", nil, "1900-02-28", nil, nil, nil, "1900-03-01T12:00:00"],
        ])
        // line is the worksheet row; the empty row 6 and the missing row 7 give no record.
        #expect(records.map(\.origin) == [
            origin(4, 760, 1), origin(5, 1002, 2), origin(8, 1396, 3), origin(9, 1550, 4), origin(10, 1641, 5),
            origin(11, 1752, 6), origin(12, 1851, 7),
        ])
        #expect(records[3].malformed?.detail == "cell D9: error value #DIV/0!; expected a value")
        #expect(records[3].malformed.map { String(decoding: $0.raw, as: UTF8.self) }
                == "<row r=\"9\"><c r=\"A9\" t=\"s\"><v>16</v></c><c r=\"D9\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>")
        #expect(records[5].malformed?.detail == "cell C11: date serial 60 is 1900-02-29, a day that does not exist (the "
                + "1900 date system's leap-year bug); expected another date")
        #expect(records.compactMap(\.malformed).allSatisfy { $0.reason == .malformedRecord && !$0.truncated })
        #expect(cursor.stats.records == 7)
        #expect(cursor.stats.rows == 5)
        #expect(cursor.stats.rejects == 2)
        #expect(cursor.stats.isGzip == false)
        #expect(cursor.stats.bytesDecoded > 2167)
        #expect(cursor.stats.bytesRead > 0)
    }

    @Test func sheetByNameWithPrefixedElementNames() throws {
        let (_, records) = try read("hoso.xlsx", options(sheet: "Thống kê"), ["SoHoSo", "Huyen"])
        #expect(records.map(\.values) == [["120", "Lệ Thủy"], ["98", "Quảng Ninh"]])
        #expect(records.map(\.origin) == [origin(2, 555, 1), origin(3, 676, 2)])
    }

    @Test func withoutAHeaderColumnsNameTheColumnsFromA() throws {
        let (cursor, records) = try read("hoso.xlsx", options(sheet: "Không tiêu đề", headerRow: 0, columns: ["Ma", "Phu", "GhiChu"]),
                                         ["Ma", "GhiChu", "Phu"])
        #expect(cursor.columns == ["Ma", "GhiChu", "Phu"])
        #expect(records.map(\.values) == [["HS-1", "Ghi chú 1", nil], [nil, nil, "chỉ cột B"], ["HS-3", nil, nil]])
        #expect(records.map(\.origin) == [origin(1, 388, 1), origin(2, 508, 2), origin(3, 583, 3)])
    }

    @Test func withoutRequiredColumnsAllHeaderColumnsAreRead() throws {
        let (cursor, records) = try read("hoso.xlsx", options(sheet: "Thống kê"), [])
        #expect(cursor.columns == ["Huyen", "SoHoSo"])
        #expect(records.map(\.values) == [["Lệ Thủy", "120"], ["Quảng Ninh", "98"]])
    }

    @Test func malformedRowsAreRejectedAndReadingGoesOn() throws {
        let (_, records) = try read("hoso.xlsx", options(sheet: "Lỗi"), ["Ma", "Ten"])
        #expect(records.map(\.origin) == [
            origin(2, 499, 1), origin(3, 613, 2), origin(4, 720, 3), origin(5, 792, 4), origin(6, 857, 5),
            origin(7, 904, 6), origin(8, 978, 7), origin(9, 1072, 8),
        ])
        #expect(records.first?.values == ["L-1", "Tốt"])
        #expect(records.last?.values == ["L-8", "Cuối"])
        #expect(records.dropFirst().dropLast().map { $0.malformed?.detail } == [
            "mismatched end tag </c> at line 5, byte 709 of the sheet XML; expected </is>",
            "undefined entity '&nbsp;' at line 6, byte 766 of the sheet XML; expected &lt; &gt; &amp; &quot; &apos; or a "
                + "character reference (entities a DTD declares are not expanded)",
            "cell reference '5A' at line 7, byte 809 of the sheet XML; expected a reference such as C7 (column letters up "
                + "to XFD, then the row)",
            "cell A6: shared string 99 does not exist (the workbook has 20)",
            "cell A7: boolean '2'; expected 1 or 0",
            "cell B8: date serial -1 is negative; expected a date from 1900-01-01 on",
        ])
    }

    @Test func a1904WorkbookAndNoSharedStringsPart() throws {
        let (_, records) = try read("date1904.xlsx", options(), ["Ma", "Ngay"])
        #expect(records.map(\.values) == [["D-1", "1904-01-01"], ["D-2", "2019-03-05T12:00:00"], nil])
        #expect(records.map(\.origin) == [origin(2, 500, 1), origin(3, 593, 2), origin(4, 692, 3)])
        #expect(records[2].malformed?.detail
                == "cell B4: shared string 0 does not exist (the workbook has no shared strings part)")
    }

    @Test func invalidUTF8InARow() throws {
        let (_, records) = try read("invalid_utf8.xlsx", options(), ["Ma"])
        #expect(records.map(\.values) == [nil, ["OK"]])
        let bad = try #require(records[0].malformed)
        #expect(bad.reason == .invalidEncoding)
        #expect(bad.detail == "invalid UTF-8 (byte 0xB8) at line 4, byte 495 of the sheet XML; expected UTF-8 text")
        #expect(records.map(\.origin) == [origin(2, 452, 1), origin(3, 518, 2)])
    }

    @Test func theHeaderMustHoldTheNeededColumns() throws {
        let error = open("hoso.xlsx", options(headerRow: 3), ["MaHoSo", "SoDienThoai"])
        #expect(error?.code == .malformedRecord)
        #expect(error?.line == 3)
        #expect(error?.byteOffset == 518)
        #expect(error?.message == "the header (row 3 of sheet 'Hồ sơ') lacks column 'SoDienThoai' that the pipeline reads; "
                + "expected 'MaHoSo', 'SoDienThoai', found 'MaHoSo', 'ChuHoSo', 'NgayNop', 'SoTien', 'DaThanhToan', 'GhiChu', "
                + "'ThoiGian', 'Khac'")
        let columnsError = open("hoso.xlsx", options(sheet: "Không tiêu đề", headerRow: 0, columns: ["Ma"]), ["Ma", "Ten"])
        #expect(columnsError?.message == "the 'columns' option lacks column 'Ten' that the pipeline reads; expected 'Ma', "
                + "'Ten', found 'Ma'")
    }

    @Test func aMissingHeaderRowStopsTheFile() throws {
        let error = open("hoso.xlsx", options(headerRow: 7), ["MaHoSo"])
        #expect(error?.line == 8)
        #expect(error?.byteOffset == 1396)
        #expect(error?.message == "sheet 'Hồ sơ' has no row 7; expected the header there (header_row: 7), found row 8 first")
        let beyond = open("hoso.xlsx", options(sheet: "Thống kê", headerRow: 40), ["Huyen"])
        #expect(beyond?.message == "sheet 'Thống kê' has no row 40; expected the header there (header_row: 40), the last "
                + "row is 3")
    }

    @Test(arguments: [
        ("not_a_zip.xlsx", "not an XLSX workbook: the file is not a zip archive; expected an Office Open XML package "
            + "(a .xlsx file saved by Excel, LibreOffice or another producer)"),
        ("not_a_workbook.xlsx", "the archive has no workbook part 'xl/workbook.xml'; expected an XLSX workbook (a zip "
            + "archive with xl/workbook.xml)"),
    ])
    func filesThatAreNotWorkbooks(fixture: String, message: String) throws {
        let error = open(fixture, options(), ["Ma"])
        #expect(error?.code == .cannotOpen)
        #expect(error?.file == fixture)
        #expect(error?.message == message)
    }

    @Test func encryptedWorkbooksAreRecognised() throws {
        let error = open("encrypted.xlsx", options(), ["Ma"])
        #expect(error?.code == .cannotOpen)
        #expect(error?.message == "not an XLSX workbook: the file is an OLE compound file, as a password-protected "
                + "workbook or an old .xls is; expected an unencrypted .xlsx (save it again without a password, as .xlsx)")
    }

    @Test func aMalformedWorkbookPartNamesThePartAndPosition() throws {
        let error = open("bad_workbook.xlsx", options(), ["Ma"])
        #expect(error?.code == .cannotOpen)
        #expect(error?.file == "bad_workbook.xlsx!/xl/workbook.xml")
        #expect(error?.line == 3)
        #expect(error?.byteOffset == 259)
        #expect(error?.message == "malformed XML: mismatched end tag </sheets>; expected the end tag of <sheet>")
    }

    @Test func aSheetWhosePartIsMissing() throws {
        let error = open("broken.xlsx", options(sheet: "Mất"), ["Ma"])
        #expect(error?.code == .cannotOpen)
        #expect(error?.message == "the archive has no part 'xl/worksheets/sheet9.xml' for sheet 'Mất'; expected the "
                + "worksheet's XML")
    }

    @Test func aTruncatedSheetStopsTheFileAfterItsLastRow() throws {
        let cursor = try XLSXCursor(file: InputFile(path: Fixture.path("xlsx/broken.xlsx"), name: "broken.xlsx", size: 0),
                                    options: options(), requiredColumns: ["Ma"])
        let error = #expect(throws: ExtractError.self) { _ = try cursor.next() }
        #expect(error?.code == .malformedRecord)
        #expect(error?.file == "broken.xlsx!/xl/worksheets/sheet1.xml")
        #expect(error?.line == 4)
        #expect(error?.byteOffset == 496)
        #expect(error?.message == "the file ends inside record <row> starting at line 4, byte 452; expected </t>")
    }

    @Test func anUnknownSheetListsTheSheets() throws {
        let error = open("hoso.xlsx", options(sheet: "Không có"), ["Ma"])
        #expect(error?.code == .cannotOpen)
        #expect(error?.message == "the workbook has no sheet 'Không có'; expected one of: 'Hồ sơ', 'Thống kê', "
                + "'Không tiêu đề', 'Lỗi'")
    }

    @Test func readsThroughTheExtractor() throws {
        var opts = options(headerRow: 3)
        opts.sheet = "Hồ sơ"
        let source = makeSource(path: "xlsx/hoso.xlsx", format: .xlsx(opts), fields: ["MaHoSo", "NgayNop"])
        let (extractor, batches) = try readAll(source)
        #expect(batches.count == 1)
        #expect(batches[0].columns == ["MaHoSo", "NgayNop"])
        #expect(batches[0].rows.map(Array.init) == [
            ["QB-01", "2019-03-05"], ["QB-02", "2019-03-06"], ["QB-03", nil], ["QB-04", nil], ["QB-05", nil], ["QB-07", "1900-02-28"],
        ])
        #expect(batches[0].rejects.map(\.origin.line) == [11])
        #expect(extractor.fileStats.map(\.rows) == [6])
        #expect(extractor.fileStats.map(\.rejects) == [1])
    }
}

@Suite struct XLSXValueTests {
    @Test(arguments: [
        (43529.0, false, XLSXDateSerial.Style.date, "2019-03-05"),
        (43529.354166666664, false, .date, "2019-03-05T08:30:00"),
        (1.0, false, .date, "1900-01-01"),
        (59.0, false, .date, "1900-02-28"),
        (61.0, false, .date, "1900-03-01"),
        (25569.0, false, .date, "1970-01-01"),
        (2958465.99998, false, .date, "9999-12-31T23:59:58"),
        (0.0, true, .date, "1904-01-01"),
        (42067.0, true, .date, "2019-03-05"),
        (0.5, false, .time, "12:00:00"),
        (0.99999999, false, .time, "1900-01-01"),
        (1.75, false, .time, "1900-01-01T18:00:00"),
    ])
    func dateSerials(serial: Double, date1904: Bool, style: XLSXDateSerial.Style, expected: String) throws {
        #expect(try XLSXDateSerial.iso(serial, date1904: date1904, style: style).get() == expected)
    }

    @Test func serialsThatAreNotDates() throws {
        #expect(throws: XLSXDateSerial.DateError.leapYearBug) { try XLSXDateSerial.iso(60.25, date1904: false, style: .date).get() }
        #expect(throws: XLSXDateSerial.DateError.negative) { try XLSXDateSerial.iso(-1, date1904: false, style: .date).get() }
        #expect(throws: XLSXDateSerial.DateError.tooLarge) { try XLSXDateSerial.iso(2958466, date1904: false, style: .date).get() }
        #expect(throws: XLSXDateSerial.DateError.tooLarge) {
            try XLSXDateSerial.iso(2958465.9999999, date1904: false, style: .date).get()
        }
        #expect(throws: XLSXDateSerial.DateError.tooLarge) { try XLSXDateSerial.iso(2957004, date1904: true, style: .date).get() }
        #expect(try XLSXDateSerial.iso(2957003, date1904: true, style: .date).get() == "9999-12-31")
    }

    @Test(arguments: [
        ("General", XLSXNumberFormat.Kind.number), ("0.00", .number), ("#,##0 \"đồng\"", .number),
        ("0.0\" ngày\"", .number), ("[h]:mm:ss", .number), ("[Red]0.00", .number), ("0.00E+00", .number),
        ("dd/mm/yyyy", .date), ("[$-42A]dd/mm/yyyy;@", .date), ("mmm-yy", .date), ("mmmm", .date),
        ("d\\-m", .date), ("dd/mm/yyyy hh:mm", .date), ("h:mm AM/PM", .time), ("mm:ss", .time), ("hh\"giờ\"mm", .time),
    ])
    func numberFormats(code: String, kind: XLSXNumberFormat.Kind) {
        #expect(XLSXNumberFormat.kind(code: code) == kind)
    }

    @Test func builtInFormats() {
        #expect((0...60).filter { XLSXNumberFormat.kind(builtIn: $0) == .date } == [14, 15, 16, 17, 22])
        #expect((0...60).filter { XLSXNumberFormat.kind(builtIn: $0) == .time } == [18, 19, 20, 21, 45, 47])
    }

    @Test func cellReferences() {
        func parse(_ s: String) -> XLSXCellReference.Result? {
            Array(s.utf8).withUnsafeBufferPointer { XLSXCellReference.parse($0) }.map { XLSXCellReference.Result($0) }
        }
        #expect(parse("A1") == .init(column: 0, row: 1))
        #expect(parse("c7") == .init(column: 2, row: 7))
        #expect(parse("AB12") == .init(column: 27, row: 12))
        #expect(parse("XFD1048576") == .init(column: 16_383, row: 1_048_576))
        #expect(parse("XFE1") == nil)
        #expect(parse("A0") == nil)
        #expect(parse("1A") == nil)
        #expect(parse("A1048577") == nil)
        #expect(parse("B") == .init(column: 1, row: nil))
        #expect(XLSXCellReference.letters(0) == "A")
        #expect(XLSXCellReference.letters(25) == "Z")
        #expect(XLSXCellReference.letters(26) == "AA")
        #expect(XLSXCellReference.letters(16_383) == "XFD")
    }

    @Test func partPaths() {
        #expect(XLSXPart.resolve("worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
        #expect(XLSXPart.resolve("/xl/worksheets/sheet2.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet2.xml")
        #expect(XLSXPart.resolve("../media/a.png", from: "xl/drawings/d1.xml") == "xl/media/a.png")
        #expect(XLSXPart.resolve("xl/workbook.xml", from: "") == "xl/workbook.xml")
        #expect(XLSXPart.relationshipsPath(of: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
        #expect(XLSXPart.relationshipsPath(of: "") == "_rels/.rels")
    }
}

extension XLSXCellReference {
    struct Result: Equatable {
        var column: Int
        var row: Int?
        init(column: Int, row: Int?) {
            self.column = column
            self.row = row
        }
        init(_ t: (column: Int, row: Int?)) {
            self.init(column: t.column, row: t.row)
        }
    }
}
