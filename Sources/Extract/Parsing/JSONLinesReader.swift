import Core

/// A JSON Lines parser: one JSON object per line (LF or CRLF), blank lines skipped.
///
/// Each record yields the values of the requested field paths (see ``JSONScanner``) and keeps
/// the line's text whole as its document. A line that is not one JSON object, is not UTF-8, or
/// is longer than `max_record_bytes` comes out as ``MalformedRecord``; the next line is read
/// as usual.
struct JSONLinesReader: RecordParser {
    let maxRecordBytes: Int
    let paths: [String]
    private let trie: FieldPathTrie

    var columns: [String]? { paths }

    private var lines: LineSplitter
    private var finished = false
    private var ordinal = 0

    private var scratch: [UInt8] = []

    /// - Parameters:
    ///   - options: The source's JSON Lines options.
    ///   - paths: The dot-separated field paths to extract, in column order.
    init(options: JSONLinesOptions, paths: [String]) {
        self.maxRecordBytes = max(options.maxRecordBytes, 1)
        self.paths = paths
        self.trie = FieldPathTrie(paths: paths)
        self.lines = LineSplitter(maxRecordBytes: maxRecordBytes)
    }

    mutating func next(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        if finished { return nil }
        return read(&input, atEnd: false)
    }

    mutating func finish(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        if finished { return nil }
        if let record = read(&input, atEnd: true) { return record }
        finished = true
        return nil
    }

    /// The next record of `input`, skipping blank lines.
    private mutating func read(_ input: inout ByteWindow, atEnd: Bool) -> ParsedRecord? {
        while let piece = lines.next(&input, atEnd: atEnd) {
            switch piece {
            case .line(let content, let line, let offset, let length):
                let record = parseLine(content, line: line, at: offset)
                lines.consume(&input, length: length)
                if let record { return record }
            case .oversized(let prefix, let line, let offset, let length):
                ordinal += 1
                return LineSplitter.oversizedRecord(prefix: prefix, line: line, offset: offset, length: length,
                                                    record: ordinal, maxRecordBytes: maxRecordBytes)
            }
        }
        return nil
    }

    /// The record of one line's content (without its line ending); `nil` for a blank line.
    private mutating func parseLine(_ content: UnsafeBufferPointer<UInt8>, line: Int, at offset: Int64) -> ParsedRecord? {
        if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        ordinal += 1
        let origin = RowOrigin(line: line, byteOffset: offset, record: ordinal)
        guard let document = String(validating: content, as: UTF8.self) else {
            let bad = UTF8Check.firstInvalidIndex(content) ?? 0
            let detail = "invalid UTF-8 (\(UTF8Check.describe(content[bad]))) at byte offset \(bad) of line \(line), "
                + "byte \(offset + Int64(bad)); expected UTF-8 text"
            return ParsedRecord(origin: origin, content: .malformed(
                MalformedRecord(reason: .invalidEncoding, detail: detail, raw: Array(content))))
        }
        var scanner = JSONScanner(bytes: content, trie: trie, columnCount: paths.count, scratch: scratch)
        defer { scratch = scanner.takeScratch() }
        do {
            try scanner.scanObjectLine()
        } catch {
            let detail = "invalid JSON on line \(line): \(error.message)"
            return ParsedRecord(origin: origin, content: .malformed(
                MalformedRecord(reason: .malformedRecord, detail: detail, raw: Array(content))), document: nil)
        }
        return ParsedRecord(origin: origin, content: .row(scanner.values), document: document)
    }
}
