import Core

/// An RFC 4180 CSV parser: bytes in, one record at a time out.
///
/// Quoted fields may hold delimiters, line breaks and doubled quotes; records end at LF or CRLF
/// outside quotes; a UTF-8 BOM at the start is skipped; empty lines are not records. A record
/// that cannot be read (stray quote, unterminated quote, wrong field count, longer than
/// `max_record_bytes`, invalid UTF-8) comes out as ``MalformedRecord`` and the parser goes on at
/// the next line ending outside quotes. An unterminated quote makes the rest of the file one
/// malformed record.
///
/// Dialects:
/// - `excel_sep_line` (default on): a first line (after the BOM, if any) that is exactly `sep=X`,
///   `X` one ASCII character other than the quote, ending in LF, CRLF or the end of the input, as
///   Excel writes and reads it, sets the delimiter to `X` for the file. It is neither a record nor
///   the header (the header is the next line), and it still counts as line 1.
/// - `stray_quotes: literal` reads quotes the way Python's `csv` module (`strict=False`) and
///   Rust's `csv` crate do: a quote inside an unquoted field is an ordinary character
///   (`ab"c` gives `ab"c`), and text after the closing quote of a quoted field, up to the next
///   delimiter or line ending, is appended to the field unquoted, any quote in it kept as is
///   (`"ab"c` gives `abc`, `"a""b"c"d` gives `a"bc"d`). A field that starts with a quote is still
///   quoted: it may hold delimiters and line breaks, and an unterminated one is still malformed.
///   With `reject` (the default) both make the record malformed.
///
/// Memory: the pending record stays in the ``ByteWindow`` until complete, so at most
/// `max_record_bytes` (plus the last chunk read) are held; a longer record is skipped
/// while scanning, keeping only its first `max_record_bytes` for quarantine.
struct CSVReader: RecordParser {
    private enum State: UInt8 {
        case fieldStart, unquoted, quoted, quoteInQuoted, quoteThenCR
    }

    /// A field of the pending record: byte range relative to the record's first byte.
    ///
    /// A quoted field's range is its body, without the quotes. With `stray_quotes: literal` a
    /// quoted field may go on after its closing quote: then the body is `start..<bodyEnd`, the
    /// closing quote is at `bodyEnd`, and `bodyEnd + 1..<end` is a literal tail.
    private struct FieldSpan {
        var start: Int
        var end: Int
        var quoted: Bool
        /// The body has doubled quotes.
        var escaped: Bool
        var bodyEnd: Int

        init(start: Int, end: Int, quoted: Bool, escaped: Bool) {
            self.start = start
            self.end = end
            self.quoted = quoted
            self.escaped = escaped
            self.bodyEnd = end
        }

        /// A field that ends unquoted at `end`: plain, or the tail of a quoted field whose closing
        /// quote is at `closing` (`-1` for none; `escaped` then is stale and ignored).
        init(start: Int, end: Int, closing: Int, escaped: Bool) {
            self.start = start
            self.end = end
            self.quoted = closing >= 0
            self.escaped = closing >= 0 && escaped
            self.bodyEnd = closing >= 0 ? closing : end
        }
    }

    private enum ProblemKind {
        case strayQuote
        case afterClosingQuote(UInt8)
    }

    /// The first structural problem of the pending record.
    private struct Problem {
        var kind: ProblemKind
        /// Offset from the record's first byte.
        var offset: Int
        /// Line breaks in the record before it.
        var newlines: Int
        var field: Int
    }

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    let file: String
    /// The `delimiter` option, or the one an Excel `sep=` line sets.
    private(set) var delimiter: UInt8
    let quote: UInt8
    let maxRecordBytes: Int
    /// `stray_quotes: literal`.
    let strayQuotesLiteral: Bool
    private let excelSepLine: Bool
    private let hasHeader: Bool
    private let requiredColumns: [String]

    private(set) var columns: [String]?
    private var expectedFields: Int?

    // Stream position.
    private var checkedBOM = false
    private var checkedSepLine = false
    private var finished = false
    /// Line of the pending record's first byte.
    private var line = 1
    /// Records produced so far (malformed ones included, header not).
    private var ordinal = 0

    // The pending record's scan state; offsets are from its first byte.
    private var state = State.fieldStart
    private var scanned = 0
    private var fieldStart = 0
    private var fieldEscaped = false
    /// The closing quote of the current field when it goes on unquoted after it, else `-1`.
    private var fieldClosing = -1
    private var spans: [FieldSpan] = []
    private var newlines = 0
    private var quoteOpenOffset = 0
    private var quoteOpenNewlines = 0
    private var problem: Problem?

    // A record longer than `maxRecordBytes`, being skipped.
    private var skipping = false
    private var skipStartOffset: Int64 = 0
    private var skipPrefix: [UInt8] = []

    private var scratch: [UInt8] = []

    /// - Parameters:
    ///   - options: The source's CSV options.
    ///   - requiredColumns: Columns the pipeline reads; a header without them stops the file.
    ///   - file: The file's name, for errors.
    /// - Throws: `ExtractError(.malformedRecord)` when `header: false` and `options.columns`
    ///   lacks a required column.
    init(options: CSVOptions, requiredColumns: [String] = [], file: String) throws(ExtractError) {
        self.file = file
        self.delimiter = options.delimiter
        self.quote = options.quote
        self.maxRecordBytes = max(options.maxRecordBytes, 1)
        self.strayQuotesLiteral = options.strayQuotes == .literal
        self.excelSepLine = options.excelSepLine
        self.hasHeader = options.header
        self.requiredColumns = requiredColumns
        if !options.header {
            columns = options.columns
            expectedFields = options.columns.count
            try Self.checkRequired(requiredColumns, in: options.columns, file: file, line: nil, offset: nil,
                                   what: "the 'columns' option")
        }
        spans.reserveCapacity(32)
    }

    // MARK: RecordParser

    mutating func next(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        if finished { return nil }
        if !checkedBOM && !skipBOM(&input, atEOF: false) { return nil }
        if !checkedSepLine && !readSepLine(&input, atEOF: false) { return nil }
        while true {
            if skipping {
                return skip(&input, atEOF: false)
            }
            let bytes = input.readable
            let limit = min(bytes.count, maxRecordBytes + 1)
            if let lf = scan(bytes, limit: limit) {
                // A CR before the LF that ends a record is outside quotes: part of the line ending.
                let end = lf > 0 && bytes[lf - 1] == Self.cr ? lf - 1 : lf
                if let record = try complete(&input, contentEnd: end, consumed: lf + 1) { return record }
                continue
            }
            if limit > maxRecordBytes {
                startSkipping(&input)
                continue
            }
            return nil
        }
    }

    mutating func finish(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        if finished { return nil }
        if !checkedBOM { _ = skipBOM(&input, atEOF: true) }
        if !checkedSepLine { _ = readSepLine(&input, atEOF: true) }
        if let record = try next(&input) { return record }
        finished = true
        if skipping { return skip(&input, atEOF: true) }
        let bytes = input.readable
        let n = bytes.count
        if n == 0 && state == .fieldStart && spans.isEmpty { return nil }
        var end = n
        switch state {
        case .quoted:
            let record = unterminated(raw: Array(bytes), truncated: false, at: input.streamOffset)
            input.consume(n)
            return record
        case .quoteInQuoted:
            spans.append(FieldSpan(start: fieldStart, end: n - 1, quoted: true, escaped: fieldEscaped))
        case .quoteThenCR:
            spans.append(FieldSpan(start: fieldStart, end: n - 2, quoted: true, escaped: fieldEscaped))
            end = n - 1
        case .fieldStart:
            spans.append(FieldSpan(start: n, end: n, quoted: false, escaped: false))
        case .unquoted:
            if n > fieldStart && bytes[n - 1] == Self.cr { end = n - 1 }
            spans.append(FieldSpan(start: fieldStart, end: end, closing: fieldClosing, escaped: fieldEscaped))
        }
        return try complete(&input, contentEnd: end, consumed: n)
    }

    // MARK: Scanning

    /// Skips a UTF-8 BOM at the start of the stream. Returns false while undecided.
    private mutating func skipBOM(_ input: inout ByteWindow, atEOF: Bool) -> Bool {
        let bytes = input.readable
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let k = min(bytes.count, 3)
        for i in 0..<k where bytes[i] != bom[i] {
            checkedBOM = true
            return true
        }
        if k == 3 {
            input.consume(3)
            checkedBOM = true
            return true
        }
        if atEOF { checkedBOM = true }
        return atEOF
    }

    /// Reads an Excel `sep=X` first line, which sets the delimiter. Returns false while undecided.
    private mutating func readSepLine(_ input: inout ByteWindow, atEOF: Bool) -> Bool {
        guard excelSepLine else {
            checkedSepLine = true
            return true
        }
        let bytes = input.readable
        let n = bytes.count
        let prefix: StaticString = "sep="
        for k in 0..<min(n, 4) where bytes[k] != prefix.utf8Start[k] {
            checkedSepLine = true
            return true
        }
        guard n > 4 else {
            if atEOF { checkedSepLine = true }
            return atEOF
        }
        let x = bytes[4]
        guard x < 0x80, x != Self.lf, x != Self.cr, x != quote else {
            checkedSepLine = true
            return true
        }
        // `sep=X` then LF, CRLF or the end of the input.
        var length: Int?
        if n == 5 {
            if !atEOF { return false }
            length = 5
        } else if bytes[5] == Self.lf {
            length = 6
        } else if bytes[5] == Self.cr {
            if n == 6 {
                if !atEOF { return false }
                length = 6
            } else if bytes[6] == Self.lf {
                length = 7
            }
        }
        checkedSepLine = true
        if let length {
            delimiter = x
            input.consume(length)
            line = 2
        }
        return true
    }

    /// Scans the pending record from where the last call stopped, up to `limit` bytes.
    /// - Returns: The index of the LF that ends the record (its last field recorded), or `nil`.
    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Int? {
        let delimiter = self.delimiter
        let quote = self.quote
        let lf = Self.lf
        // A quote in an unquoted field stops the scan only to be reported; with `literal` it is
        // data, so the search looks for LF in its place.
        let stray = strayQuotesLiteral ? lf : quote
        let delimiters = Self.broadcast(delimiter)
        let quotes = Self.broadcast(quote)
        let strays = Self.broadcast(stray)
        let lfs = Self.broadcast(lf)
        let base = UnsafeRawPointer(bytes.baseAddress)
        var i = scanned
        var state = self.state
        var fieldStart = self.fieldStart
        var newlines = self.newlines
        defer {
            self.state = state
            self.fieldStart = fieldStart
            self.newlines = newlines
            self.scanned = i
        }
        while i < limit {
            switch state {
            case .fieldStart:
                if bytes[i] == quote {
                    state = .quoted
                    fieldStart = i + 1
                    fieldEscaped = false
                    quoteOpenOffset = i
                    quoteOpenNewlines = newlines
                    i += 1
                } else {
                    state = .unquoted
                    fieldStart = i
                }
            case .unquoted:
                // Eight bytes at a time to the first delimiter, LF or (stray) quote. The lowest
                // byte `has` flags is always a real match, so its index is exact.
                if let base {
                    while i + 8 <= limit {
                        let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                        let hits = Self.has(w, delimiters) | Self.has(w, strays) | Self.has(w, lfs)
                        if hits != 0 {
                            i += hits.trailingZeroBitCount >> 3
                            break
                        }
                        i += 8
                    }
                }
                var b: UInt8 = 0
                while i < limit {
                    b = bytes[i]
                    if b == delimiter || b == lf || b == stray { break }
                    i += 1
                }
                if i == limit { return nil }
                if b == delimiter {
                    spans.append(FieldSpan(start: fieldStart, end: i, closing: fieldClosing, escaped: fieldEscaped))
                    fieldClosing = -1
                    i += 1
                    // The next field, when it is unquoted, without going round the state switch.
                    if i < limit && bytes[i] != quote {
                        fieldStart = i
                    } else {
                        state = .fieldStart
                    }
                } else if b == lf {
                    var end = i
                    if end > fieldStart && bytes[end - 1] == Self.cr { end -= 1 }
                    spans.append(FieldSpan(start: fieldStart, end: end, closing: fieldClosing, escaped: fieldEscaped))
                    fieldClosing = -1
                    return i
                } else {
                    if problem == nil {
                        problem = Problem(kind: .strayQuote, offset: i, newlines: newlines, field: spans.count)
                    }
                    i += 1
                }
            case .quoted:
                if let base {
                    while i + 8 <= limit {
                        let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                        let hits = Self.has(w, quotes) | Self.has(w, lfs)
                        if hits != 0 {
                            i += hits.trailingZeroBitCount >> 3
                            break
                        }
                        i += 8
                    }
                }
                var b: UInt8 = 0
                while i < limit {
                    b = bytes[i]
                    if b == quote { break }
                    if b == lf { newlines += 1 }
                    i += 1
                }
                if i == limit { return nil }
                state = .quoteInQuoted
                i += 1
            case .quoteInQuoted:
                let b = bytes[i]
                if b == quote {
                    fieldEscaped = true
                    state = .quoted
                    i += 1
                } else if b == delimiter {
                    spans.append(FieldSpan(start: fieldStart, end: i - 1, quoted: true, escaped: fieldEscaped))
                    state = .fieldStart
                    i += 1
                } else if b == lf {
                    spans.append(FieldSpan(start: fieldStart, end: i - 1, quoted: true, escaped: fieldEscaped))
                    return i
                } else if b == Self.cr {
                    state = .quoteThenCR
                    i += 1
                } else {
                    if problem == nil && !strayQuotesLiteral {
                        problem = Problem(kind: .afterClosingQuote(b), offset: i, newlines: newlines, field: spans.count)
                    }
                    // The field goes on unquoted from here.
                    fieldClosing = i - 1
                    state = .unquoted
                }
            case .quoteThenCR:
                if bytes[i] == lf {
                    spans.append(FieldSpan(start: fieldStart, end: i - 2, quoted: true, escaped: fieldEscaped))
                    return i
                }
                if problem == nil && !strayQuotesLiteral {
                    problem = Problem(kind: .afterClosingQuote(Self.cr), offset: i - 1, newlines: newlines,
                                      field: spans.count)
                }
                // The field goes on unquoted from the CR.
                fieldClosing = i - 2
                state = .unquoted
            }
        }
        return nil
    }

    /// `byte` in each of a word's eight bytes.
    @inline(__always)
    private static func broadcast(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// Nonzero when some byte of `word` equals the byte `pattern` broadcasts (SWAR zero-byte test).
    @inline(__always)
    private static func has(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// Turns the pending record, whose content is `[0, contentEnd)` of the readable bytes, into
    /// a result and consumes `consumed` bytes. Returns `nil` for an empty line or the header.
    private mutating func complete(
        _ input: inout ByteWindow, contentEnd: Int, consumed: Int
    ) throws(ExtractError) -> ParsedRecord? {
        let bytes = input.readable
        let startOffset = input.streamOffset
        let startLine = line
        defer {
            line = startLine + newlines + 1
            input.consume(consumed)
            resetRecord()
        }
        if problem == nil && spans.count == 1 && !spans[0].quoted && contentEnd == 0 {
            return nil  // an empty line
        }
        let content = UnsafeBufferPointer(rebasing: bytes[..<contentEnd])

        if hasHeader && columns == nil {
            try readHeader(content, startLine: startLine, startOffset: startOffset)
            return nil
        }
        ordinal += 1
        let origin = RowOrigin(line: startLine, byteOffset: startOffset, record: ordinal)
        if let problem {
            return malformed(origin, .malformedRecord, describe(problem, startLine: startLine, startOffset: startOffset), content)
        }
        if let expected = expectedFields, spans.count != expected {
            return malformed(origin, .malformedRecord, "expected \(expected) fields, found \(spans.count)", content)
        }
        guard UTF8Text.isValid(content) else {
            return malformed(origin, .invalidEncoding, encodingDetail(content, startLine: startLine, startOffset: startOffset),
                             content)
        }
        var row = ContiguousArray<String?>()
        row.reserveCapacity(spans.count)
        for index in spans.indices {
            row.append(makeString(spans[index], bytes))
        }
        return ParsedRecord(origin: origin, content: .row(row))
    }

    private mutating func readHeader(
        _ content: UnsafeBufferPointer<UInt8>, startLine: Int, startOffset: Int64
    ) throws(ExtractError) {
        if let problem {
            throw ExtractError(.malformedRecord, file: file, line: startLine, byteOffset: startOffset,
                               "malformed header: " + describe(problem, startLine: startLine, startOffset: startOffset))
        }
        guard UTF8Text.isValid(content) else {
            throw ExtractError(.invalidEncoding, file: file, line: startLine, byteOffset: startOffset,
                               "malformed header: " + encodingDetail(content, startLine: startLine, startOffset: startOffset))
        }
        var names: [String] = []
        names.reserveCapacity(spans.count)
        for index in spans.indices {
            names.append(makeString(spans[index], content))
        }
        try Self.checkRequired(requiredColumns, in: names, file: file, line: startLine, offset: startOffset,
                               what: "the header")
        columns = names
        expectedFields = names.count
    }

    private static func checkRequired(
        _ required: [String], in present: [String], file: String, line: Int?, offset: Int64?, what: String
    ) throws(ExtractError) {
        let missing = required.filter { !present.contains($0) }
        guard !missing.isEmpty else { return }
        let quoted = { (names: [String]) in names.map { "'\($0)'" }.joined(separator: ", ") }
        throw ExtractError(
            .malformedRecord, file: file, line: line, byteOffset: offset,
            "\(what) lacks \(missing.count == 1 ? "column" : "columns") \(quoted(missing)) that the pipeline reads; "
                + "expected \(quoted(required)), found \(present.isEmpty ? "no columns" : quoted(present))")
    }

    /// The field's value; the record's bytes have been validated as UTF-8.
    private mutating func makeString(_ span: FieldSpan, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if span.end <= span.start { return "" }
        if !span.escaped && span.bodyEnd == span.end {
            return UTF8Text.string(validated: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]))
        }
        scratch.removeAll(keepingCapacity: true)
        var i = span.start
        if span.escaped {
            while i < span.bodyEnd {
                let b = bytes[i]
                scratch.append(b)
                i += b == quote ? 2 : 1
            }
        } else {
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<span.bodyEnd]))
        }
        if span.bodyEnd < span.end {
            // The literal tail after the closing quote (`stray_quotes: literal`).
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(span.bodyEnd + 1)..<span.end]))
        }
        return scratch.withUnsafeBufferPointer { UTF8Text.string(validated: $0) }
    }

    private mutating func resetRecord() {
        state = .fieldStart
        scanned = 0
        fieldStart = 0
        fieldEscaped = false
        fieldClosing = -1
        spans.removeAll(keepingCapacity: true)
        newlines = 0
        problem = nil
    }

    // MARK: Oversized records

    /// The pending record passed `maxRecordBytes`: keep its first bytes and skip the rest.
    private mutating func startSkipping(_ input: inout ByteWindow) {
        let bytes = input.readable
        skipStartOffset = input.streamOffset
        skipPrefix = Array(bytes[..<maxRecordBytes])
        skipping = true
        let taken = scanned
        input.consume(taken)
        skippedBefore = taken
        scanned = 0
    }

    /// Bytes of the skipped record consumed before the current window start.
    private var skippedBefore = 0

    /// Scans on (without keeping fields) to the end of an oversized record.
    private mutating func skip(_ input: inout ByteWindow, atEOF: Bool) -> ParsedRecord? {
        let bytes = input.readable
        let n = bytes.count
        var i = 0
        var state = self.state
        var end: Int?
        while i < n {
            let b = bytes[i]
            switch state {
            case .fieldStart:
                state = b == quote ? .quoted : .unquoted
                if b == quote { quoteOpenOffset = skippedBefore + i; quoteOpenNewlines = newlines }
                if b == delimiter { state = .fieldStart }
            case .unquoted:
                if b == delimiter { state = .fieldStart }
            case .quoted:
                if b == quote { state = .quoteInQuoted }
            case .quoteInQuoted, .quoteThenCR:
                state = b == quote ? .quoted : b == delimiter ? .fieldStart : .unquoted
            }
            if b == Self.lf {
                if state == .quoted {
                    newlines += 1
                } else {
                    end = i
                    break
                }
            }
            i += 1
        }
        self.state = state
        if let end {
            input.consume(end + 1)
            skippedBefore += end
            return endSkipping(unterminated: false)
        }
        input.consume(n)
        skippedBefore += n
        if atEOF { return endSkipping(unterminated: state == .quoted) }
        return nil
    }

    private mutating func endSkipping(unterminated isUnterminated: Bool) -> ParsedRecord {
        let startLine = line
        let total = skippedBefore
        ordinal += 1
        let origin = RowOrigin(line: startLine, byteOffset: skipStartOffset, record: ordinal)
        let detail: String
        if isUnterminated {
            detail = unterminatedDetail(startLine: startLine, startOffset: skipStartOffset)
                + "; the first \(maxRecordBytes) of its \(total) bytes are kept"
        } else if let problem {
            detail = describe(problem, startLine: startLine, startOffset: skipStartOffset)
                + "; the record is \(total) bytes, the first \(maxRecordBytes) are kept"
        } else {
            detail = "record starting at line \(startLine) is longer than max_record_bytes (\(maxRecordBytes)); "
                + "expected a line ending within \(maxRecordBytes) bytes; the first \(maxRecordBytes) of its \(total) bytes are kept"
        }
        let raw = Array(UTF8Check.scalarBoundaryPrefix(skipPrefix))
        line = startLine + newlines + 1
        skipping = false
        skipPrefix = []
        skippedBefore = 0
        resetRecord()
        return ParsedRecord(origin: origin, content: .malformed(
            MalformedRecord(reason: .malformedRecord, detail: detail, raw: raw, truncated: true)))
    }

    // MARK: Messages

    private mutating func unterminated(raw: [UInt8], truncated: Bool, at offset: Int64) -> ParsedRecord {
        ordinal += 1
        let startLine = line
        let origin = RowOrigin(line: startLine, byteOffset: offset, record: ordinal)
        let detail = unterminatedDetail(startLine: startLine, startOffset: offset)
            + "; the rest of the file (\(raw.count) bytes) is one malformed record"
        line = startLine + newlines
        resetRecord()
        return ParsedRecord(origin: origin, content: .malformed(
            MalformedRecord(reason: .malformedRecord, detail: detail, raw: raw, truncated: truncated)))
    }

    private func unterminatedDetail(startLine: Int, startOffset: Int64) -> String {
        "unterminated quoted field starting at line \(startLine + quoteOpenNewlines), byte \(startOffset + Int64(quoteOpenOffset)); "
            + "expected a closing \(UTF8Check.describe(quote)) before the end of the file"
    }

    private func describe(_ problem: Problem, startLine: Int, startOffset: Int64) -> String {
        let at = "line \(startLine + problem.newlines), byte \(startOffset + Int64(problem.offset))"
        switch problem.kind {
        case .strayQuote:
            return "stray quote in unquoted field \(problem.field + 1) at \(at); expected a field with a quote "
                + "to be quoted as a whole, with inner quotes doubled"
        case .afterClosingQuote(let b):
            return "unexpected \(UTF8Check.describe(b)) after the closing quote of field \(problem.field + 1) at \(at); "
                + "expected \(UTF8Check.describe(delimiter)) or the end of the line"
        }
    }

    private func encodingDetail(_ content: UnsafeBufferPointer<UInt8>, startLine: Int, startOffset: Int64) -> String {
        let bad = UTF8Check.firstInvalidIndex(content) ?? 0
        var lineAt = startLine
        for i in 0..<bad where content[i] == Self.lf { lineAt += 1 }
        let field = spans.firstIndex { bad < $0.end } ?? spans.count - 1
        var name = ""
        if let columns, field < columns.count { name = " '\(columns[field])'" }
        return "invalid UTF-8 (\(UTF8Check.describe(content[bad]))) in field \(field + 1)\(name) at line \(lineAt), "
            + "byte \(startOffset + Int64(bad)); expected UTF-8 text"
    }

    private mutating func malformed(
        _ origin: RowOrigin, _ reason: ReasonCode, _ detail: String, _ content: UnsafeBufferPointer<UInt8>
    ) -> ParsedRecord {
        ParsedRecord(origin: origin, content: .malformed(MalformedRecord(reason: reason, detail: detail, raw: Array(content))))
    }
}
