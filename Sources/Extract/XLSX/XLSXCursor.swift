import Core

/// Reads one worksheet of an XLSX workbook as records: one per non-empty row below the header.
///
/// The workbook's small parts are read first (see ``XLSXWorkbook``); the sheet's XML is then
/// streamed through ``XMLRecordSplitter`` with `<row>` as the record, so memory holds the shared
/// strings and one row, whatever the sheet's size.
///
/// Columns: with `header_row: N` (default 1) the cells of row N name them (trimmed; the first
/// of duplicate names counts) and rows above it are skipped; with `header_row: 0`, `columns`
/// names them from column A on. Values: a shared or inline string gives its text; a number its
/// text as written (`12`, `3.5`); a boolean `true` or `false`; a formula its cached value; a
/// number whose cell format is a date (built-in 14–22, 45, 47 or a custom code with date or time
/// tokens) its ISO 8601 date (`2019-03-05`, `2019-03-05T08:30:00` with a time, `08:30:00` for a
/// time-of-day format below one day), in the workbook's 1900 or 1904 system; a missing or empty
/// cell no value. Rows whose cells are all empty are skipped.
///
/// A record's origin: `line` is the worksheet row number, `byteOffset` the offset of its
/// `<row>` in the sheet's XML, `record` its ordinal among the records. A row with an error
/// value (`#DIV/0!`) or an unreadable value in a column the pipeline reads, malformed XML or
/// invalid UTF-8 is a ``MalformedRecord``.
final class XLSXCursor: FileCursorProtocol {
    /// The longest `<row>` element read.
    static let maxRowBytes = 16 << 20
    static var chunkSize: Int { 1 << 20 }

    private(set) var columns: [String]?
    private(set) var stats: FileStats

    private let file: InputFile
    private let headerRow: Int
    private let requiredColumns: [String]
    private let workbook: XLSXWorkbook
    private let sheet: any ByteSource
    private let sheetName: String
    private var window: ByteWindow
    private var splitter: XMLRecordSplitter
    private var rowReader = XLSXRowReader()
    /// The output column of each sheet column (0-based), or -1.
    private var slots: [Int] = []
    private var headerRead: Bool
    private var lastRow = 0
    private var ordinal = 0
    private var endOfInput = false
    private var done = false

    /// Opens the workbook and its sheet.
    /// - Parameters:
    ///   - requiredColumns: The columns the pipeline reads: the record's values, in order.
    /// - Throws: `ExtractError(.cannotOpen)` when the file is not a workbook or the sheet is not
    ///   there; `.malformedRecord` when `columns` (with `header_row: 0`) lacks a required column.
    init(file: InputFile, options: XLSXOptions, requiredColumns: [String]) throws(ExtractError) {
        self.file = file
        self.headerRow = max(options.headerRow, 0)
        self.requiredColumns = requiredColumns
        var stats = FileStats(file: file.name)
        let workbook = try XLSXWorkbook(file: file, sheet: options.sheet, stats: &stats)
        self.workbook = workbook
        self.sheetName = workbook.sheet.name
        self.sheet = try workbook.archive.open(workbook.sheetEntry)
        stats.bytesRead += workbook.sheetEntry.compressedSize
        self.stats = stats
        self.window = ByteWindow(capacity: 2 * Self.chunkSize)
        let rowPath = ["worksheet", "sheetData", "row"].map { XMLNameTest(local: Array($0.utf8)) }
        self.splitter = XMLRecordSplitter(file: workbook.archive.memberName(workbook.sheetEntry), recordPath: rowPath,
                                          scope: XMLNamespaceScope(uris: []), maxRecordBytes: Self.maxRowBytes)
        headerRead = headerRow == 0
        if headerRow == 0 {
            var names: [(column: Int, name: String)] = []
            for (i, name) in options.columns.enumerated() { names.append((i, name)) }
            try useColumns(names, what: "the 'columns' option", line: nil, offset: nil)
        }
    }

    func next() throws(ExtractError) -> ParsedRecord? {
        if done { return nil }
        while true {
            if let event = try splitter.next(&window, atEOF: endOfInput) {
                if let record = try read(event) {
                    stats.records += 1
                    if case .row = record.content { stats.rows += 1 } else { stats.rejects += 1 }
                    return record
                }
                continue
            }
            if endOfInput {
                done = true
                if !headerRead {
                    throw ExtractError(.malformedRecord, file: file.name, "sheet '\(sheetName)' has no row \(headerRow); "
                        + "expected the header there (header_row: \(headerRow))"
                        + (lastRow > 0 ? ", the last row is \(lastRow)" : ", the sheet has no rows"))
                }
                return nil
            }
            let space = window.writableSpace(minimum: Self.chunkSize)
            let n = try sheet.read(into: space)
            if n == 0 {
                endOfInput = true
            } else {
                window.didWrite(n)
                stats.bytesDecoded += Int64(n)
            }
        }
    }

    // MARK: Rows

    private func read(_ event: XMLRecordSplitter.Event) throws(ExtractError) -> ParsedRecord? {
        switch event {
        case .oversized(_, let offset, let prefix, let length):
            let row = rowNumber(inPrefix: prefix) ?? lastRow + 1
            lastRow = row
            guard headerRead else {
                throw ExtractError(.malformedRecord, file: file.name, line: row, byteOffset: offset,
                                   "row \(row) of sheet '\(sheetName)' is \(length) bytes of XML before the header was read; "
                                   + "expected at most \(Self.maxRowBytes)")
            }
            if row <= headerRow { return nil }
            ordinal += 1
            return ParsedRecord(
                origin: RowOrigin(line: row, byteOffset: offset, record: ordinal),
                content: .malformed(MalformedRecord(
                    reason: .malformedRecord,
                    detail: "row \(row) is \(length) bytes of sheet XML; expected at most \(Self.maxRowBytes); the first "
                        + "\(Self.maxRowBytes) are kept",
                    raw: Array(UTF8Check.scalarBoundaryPrefix(prefix)), truncated: true)))
        case .record(let length, let line, let offset):
            let bytes = UnsafeBufferPointer(rebasing: window.readable[..<length])
            let problem = rowReader.read(bytes)
            let row = rowReader.rowNumber ?? lastRow + 1
            lastRow = row
            if let (reason, p) = problem {
                let detail = "\(p.found) at line \(line + XMLRecordSplitter.lineFeeds(bytes, from: 0, to: p.offset)), byte "
                    + "\(offset + Int64(p.offset)) of the sheet XML; expected \(p.expected)"
                if !headerRead && row >= headerRow {
                    throw ExtractError(reason == .invalidEncoding ? .invalidEncoding : .malformedRecord, file: file.name,
                                       line: row, byteOffset: offset, "the header (row \(row) of sheet '\(sheetName)'): " + detail)
                }
                if row <= headerRow { return nil }
                ordinal += 1
                return ParsedRecord(origin: RowOrigin(line: row, byteOffset: offset, record: ordinal),
                                    content: .malformed(MalformedRecord(reason: reason, detail: detail, raw: Array(bytes))))
            }
            if !headerRead {
                if row < headerRow { return nil }
                if row > headerRow {
                    throw ExtractError(.malformedRecord, file: file.name, line: row, byteOffset: offset,
                                       "sheet '\(sheetName)' has no row \(headerRow); expected the header there "
                                       + "(header_row: \(headerRow)), found row \(row) first")
                }
                try readHeader(offset: offset)
                return nil
            }
            if row <= headerRow { return nil }
            return try values(row: row, offset: offset, bytes: bytes)
        }
    }

    private func values(row: Int, offset: Int64, bytes: UnsafeBufferPointer<UInt8>) throws(ExtractError) -> ParsedRecord? {
        var values = ContiguousArray<String?>(repeating: nil, count: columns?.count ?? 0)
        var nonEmpty = false
        var problem: String?
        for cell in rowReader.cells {
            let slot = cell.column < slots.count ? slots[cell.column] : -1
            if slot < 0 || values[slot] != nil {
                if !nonEmpty && isNonEmpty(cell) { nonEmpty = true }
                continue
            }
            switch value(cell, row: row) {
            case .success(let value):
                if let value, !value.isEmpty { nonEmpty = true }
                values[slot] = value
            case .failure(let p):
                nonEmpty = true
                if problem == nil { problem = p.message }
            }
        }
        guard nonEmpty else { return nil }
        ordinal += 1
        let origin = RowOrigin(line: row, byteOffset: offset, record: ordinal)
        if let problem {
            return ParsedRecord(origin: origin, content: .malformed(MalformedRecord(
                reason: .malformedRecord, detail: problem, raw: Array(bytes))))
        }
        return ParsedRecord(origin: origin, content: .row(values))
    }

    private struct CellProblem: Error {
        var message: String
    }

    /// The value of a cell in a column the pipeline reads.
    private func value(_ cell: XLSXRowReader.Cell, row: Int) -> Result<String?, CellProblem> {
        guard cell.hasValue else { return .success(nil) }
        let text = rowReader.text
        let range = cell.textStart..<cell.textEnd
        var name: String { XLSXCellReference.name(column: cell.column, row: row) }
        func string() -> String {
            text.withUnsafeBufferPointer { UTF8Text.string(validated: UnsafeBufferPointer(rebasing: $0[range])) }
        }
        switch cell.type {
        case .sharedString:
            guard let index = Self.integer(text[range]) else {
                return .failure(CellProblem(message: "cell \(name): shared string index '\(string())'; expected a number"))
            }
            if let problem = workbook.sharedStrings.problem(index) {
                return .failure(CellProblem(message: "cell \(name): \(problem)"))
            }
            return .success(workbook.sharedStrings.string(index))
        case .inlineString, .formulaString, .isoDate:
            return .success(string())
        case .boolean:
            if range.count == 1 && text[range.lowerBound] == UInt8(ascii: "1") { return .success("true") }
            if range.count == 1 && text[range.lowerBound] == UInt8(ascii: "0") { return .success("false") }
            return .failure(CellProblem(message: "cell \(name): boolean '\(string())'; expected 1 or 0"))
        case .error:
            return .failure(CellProblem(message: "cell \(name): error value \(string()); expected a value"))
        case .unknown:
            return .failure(CellProblem(message: "cell \(name): unknown cell type '\(cell.typeName ?? "")'; expected "
                + "s, str, inlineStr, n, b, e or d"))
        case .number:
            if range.isEmpty { return .success(nil) }
            let kind = workbook.format(cell.style)
            if kind == .number { return .success(string()) }
            let written = string()
            guard let serial = Double(written) else {
                return .failure(CellProblem(message: "cell \(name): '\(written)' in a date format; expected a date serial number"))
            }
            switch XLSXDateSerial.iso(serial, date1904: workbook.date1904, style: kind == .time ? .time : .date) {
            case .success(let iso):
                return .success(iso)
            case .failure(.negative):
                return .failure(CellProblem(message: "cell \(name): date serial \(written) is negative; expected a date "
                    + "from \(workbook.date1904 ? "1904-01-01" : "1900-01-01") on"))
            case .failure(.tooLarge):
                return .failure(CellProblem(message: "cell \(name): date serial \(written) is after 9999-12-31; expected a date "
                    + "serial of at most \(workbook.date1904 ? 2_957_003 : 2_958_465)"))
            case .failure(.leapYearBug):
                return .failure(CellProblem(message: "cell \(name): date serial \(written) is 1900-02-29, a day that does not "
                    + "exist (the 1900 date system's leap-year bug); expected another date"))
            }
        }
    }

    /// Whether a cell in a column not read has a value, for skipping empty rows.
    private func isNonEmpty(_ cell: XLSXRowReader.Cell) -> Bool {
        guard cell.hasValue, cell.textEnd > cell.textStart else { return false }
        if cell.type == .sharedString, let index = Self.integer(rowReader.text[cell.textStart..<cell.textEnd]) {
            return workbook.sharedStrings.problem(index) != nil || !workbook.sharedStrings.isEmpty(index)
        }
        return true
    }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(b - UInt8(ascii: "0"))
        }
        return n
    }

    // MARK: Header

    private func readHeader(offset: Int64) throws(ExtractError) {
        var names: [(column: Int, name: String)] = []
        for cell in rowReader.cells {
            guard case .success(let value?) = value(cell, row: headerRow) else { continue }
            let name = Self.trimmed(value)
            if !name.isEmpty && !names.contains(where: { $0.column == cell.column }) { names.append((cell.column, name)) }
        }
        try useColumns(names, what: "the header (row \(headerRow) of sheet '\(sheetName)')", line: headerRow, offset: offset)
        headerRead = true
    }

    /// Maps the named sheet columns to the record's columns: the required ones, or all named.
    private func useColumns(
        _ names: [(column: Int, name: String)], what: String, line: Int?, offset: Int64?
    ) throws(ExtractError) {
        let present = names.map(\.name)
        let wanted = requiredColumns.isEmpty ? present.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            : requiredColumns
        let missing = wanted.filter { !present.contains($0) }
        if !missing.isEmpty {
            let quoted = { (list: [String]) in list.map { "'\($0)'" }.joined(separator: ", ") }
            throw ExtractError(
                .malformedRecord, file: file.name, line: line, byteOffset: offset,
                "\(what) lacks \(missing.count == 1 ? "column" : "columns") \(quoted(missing)) that the pipeline reads; "
                    + "expected \(quoted(wanted)), found \(present.isEmpty ? "no columns" : quoted(present))")
        }
        let width = (names.map(\.column).max() ?? -1) + 1
        slots = Array(repeating: -1, count: width)
        for (slot, name) in wanted.enumerated() {
            if let column = names.first(where: { $0.name == name })?.column { slots[column] = slot }
        }
        columns = wanted
    }

    /// `s` without white space (and no-break spaces) at either end.
    static func trimmed(_ s: String) -> String {
        let isSpace = { (c: Unicode.Scalar) in c.properties.isWhitespace || c == "\u{00A0}" }
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// The `r` of the row tag at the start of `prefix`.
    private func rowNumber(inPrefix prefix: [UInt8]) -> Int? {
        prefix.withUnsafeBufferPointer { bytes in
            var tokenizer = XMLTokenizer()
            var token = XMLToken()
            guard tokenizer.scan(bytes, at: 0, into: &token) == .token, token.kind == .startTag else { return nil }
            for a in tokenizer.attributes where a.colon < 0 && bytes[a.nameStart..<a.nameEnd].elementsEqual("r".utf8) {
                return Self.integer(ArraySlice(bytes[a.valueStart..<a.valueEnd]))
            }
            return nil
        }
    }
}
