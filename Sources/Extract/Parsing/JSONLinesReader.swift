import Core

/// A JSON Lines parser: one JSON object per line (LF or CRLF), blank lines skipped.
///
/// Each record yields the values of the requested field paths (see ``JSONScanner``) and keeps
/// the line's text whole as its document. A line that is not one JSON object, is not UTF-8, or
/// is longer than `max_record_bytes` comes out as ``MalformedRecord``; the next line is read
/// as usual.
struct JSONLinesReader: LineRecordParser {
    let maxRecordBytes: Int
    let paths: [String]
    private let trie: FieldPathTrie

    var columns: [String]? { paths }

    let titleLines = 0
    var lines: LineSplitter
    var finished = false
    var ordinal = 0

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

    /// The record of one line's content (without its line ending); `nil` for a blank line.
    mutating func parseLine(_ content: UnsafeBufferPointer<UInt8>, line: Int, at offset: Int64) -> ParsedRecord? {
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
