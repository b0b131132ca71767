internal import Glibc
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

    private var checkedBOM = false
    private var finished = false
    /// Line of the pending record's first byte.
    private var line = 1
    private var ordinal = 0
    /// Bytes of the pending line already searched for LF.
    private var scanned = 0

    private var skipping = false
    private var skipStartOffset: Int64 = 0
    private var skipPrefix: [UInt8] = []
    private var skipped = 0

    private var scratch: [UInt8] = []

    /// - Parameters:
    ///   - options: The source's JSON Lines options.
    ///   - paths: The dot-separated field paths to extract, in column order.
    init(options: JSONLinesOptions, paths: [String]) {
        self.maxRecordBytes = max(options.maxRecordBytes, 1)
        self.paths = paths
        self.trie = FieldPathTrie(paths: paths)
    }

    mutating func next(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        if finished { return nil }
        if !checkedBOM {
            let bytes = input.readable
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let k = min(bytes.count, 3)
            if (0..<k).allSatisfy({ bytes[$0] == bom[$0] }) {
                guard k == 3 else { return nil }
                input.consume(3)
            }
            checkedBOM = true
        }
        while true {
            let bytes = input.readable
            if skipping {
                guard let lf = findLF(bytes, from: 0, to: bytes.count) else {
                    skipped += bytes.count
                    input.consume(bytes.count)
                    return nil
                }
                skipped += lf
                input.consume(lf + 1)
                return endSkipping()
            }
            let limit = min(bytes.count, maxRecordBytes + 1)
            guard let lf = findLF(bytes, from: scanned, to: limit) else {
                scanned = limit
                if limit > maxRecordBytes {
                    skipping = true
                    skipStartOffset = input.streamOffset
                    skipPrefix = Array(bytes[..<maxRecordBytes])
                    skipped = limit
                    input.consume(limit)
                    scanned = 0
                    continue
                }
                return nil
            }
            let end = lf > 0 && bytes[lf - 1] == UInt8(ascii: "\r") ? lf - 1 : lf
            let record = parseLine(UnsafeBufferPointer(rebasing: bytes[..<end]), at: input.streamOffset)
            input.consume(lf + 1)
            line += 1
            scanned = 0
            if let record { return record }
        }
    }

    mutating func finish(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        if finished { return nil }
        if !checkedBOM {
            let bytes = input.readable
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { input.consume(3) }
            checkedBOM = true  // fewer than 3 bytes of a BOM at the end are data
        }
        if let record = try next(&input) { return record }
        finished = true
        if skipping { return endSkipping() }
        let bytes = input.readable
        let end = bytes.count > 0 && bytes[bytes.count - 1] == UInt8(ascii: "\r") ? bytes.count - 1 : bytes.count
        let record = parseLine(UnsafeBufferPointer(rebasing: bytes[..<end]), at: input.streamOffset)
        input.consume(bytes.count)
        return record
    }

    private func findLF(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + start, 0x0A, end - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The record of one line's content (without its line ending); `nil` for a blank line.
    private mutating func parseLine(_ content: UnsafeBufferPointer<UInt8>, at offset: Int64) -> ParsedRecord? {
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

    private mutating func endSkipping() -> ParsedRecord {
        ordinal += 1
        let origin = RowOrigin(line: line, byteOffset: skipStartOffset, record: ordinal)
        let detail = "line \(line) is longer than max_record_bytes (\(maxRecordBytes)); expected a line ending within "
            + "\(maxRecordBytes) bytes; the first \(maxRecordBytes) of its \(skipped) bytes are kept"
        let raw = Array(UTF8Check.scalarBoundaryPrefix(skipPrefix))
        line += 1
        skipping = false
        skipPrefix = []
        skipped = 0
        return ParsedRecord(origin: origin, content: .malformed(
            MalformedRecord(reason: .malformedRecord, detail: detail, raw: raw, truncated: true)))
    }
}
