internal import Glibc
import Core

/// A fixed-width text parser: each line (LF or CRLF) is one record, cut into columns by
/// character position.
///
/// Positions count Unicode scalars of the UTF-8 text (what the `encoding` decoder produced), so
/// "Nguyễn" is six characters however many bytes it takes; a decomposed "ễ" (e and two combining
/// marks) is three. The first `skip_lines` lines are not records, nor are blank lines (only
/// spaces and tabs); a UTF-8 byte-order mark is skipped. A line shorter than the last column
/// the pipeline reads is padded with spaces (`strict_width: false`) or malformed; characters
/// after the last column are ignored. With `trim` (the default) spaces around each value are
/// removed. A line that is not UTF-8 or longer than `max_record_bytes` comes out as
/// ``MalformedRecord`` and the next line is read as usual.
///
/// Memory: the pending line stays in the ``ByteWindow``; a longer one is skipped keeping its
/// first `max_record_bytes` for quarantine.
struct FixedWidthReader: RecordParser {
    private struct Slice {
        /// 0-based scalar offsets.
        var start: Int
        var end: Int
        var name: String
    }

    let file: String
    let maxRecordBytes: Int
    let requiredColumns: [String]
    private let trim: Bool
    private let strictWidth: Bool
    private let skipLines: Int
    /// The required columns' character ranges, in `requiredColumns` order.
    private let slices: [Slice]
    /// The sorted, unique scalar offsets where a required column starts or ends.
    private let boundaries: [Int]
    /// The end of the last required column: a line must reach it with `strict_width`.
    private let requiredEnd: Int
    private let layout: [FixedWidthOptions.Column]

    var columns: [String]? { requiredColumns }

    private var checkedBOM = false
    private var finished = false
    /// Line of the pending line's first byte.
    private var line = 1
    private var ordinal = 0
    /// Bytes of the pending line already searched for LF.
    private var scanned = 0

    private var skipping = false
    private var skipStartOffset: Int64 = 0
    private var skipPrefix: [UInt8] = []
    private var skipped = 0
    /// The line being skipped is one of the first `skip_lines`.
    private var skippingTitle = false

    /// Byte offsets of `boundaries` in the current line (see ``cut(_:)``).
    private var offsets: [Int] = []

    /// - Parameters:
    ///   - options: The source's fixed-width options.
    ///   - requiredColumns: The columns the pipeline reads, in column order.
    ///   - file: The file's name, for errors.
    /// - Throws: `ExtractError(.malformedRecord)` when the layout lacks a required column.
    init(options: FixedWidthOptions, requiredColumns: [String], file: String) throws(ExtractError) {
        self.file = file
        self.maxRecordBytes = max(options.maxRecordBytes, 1)
        self.requiredColumns = requiredColumns
        self.trim = options.trim
        self.strictWidth = options.strictWidth
        self.skipLines = max(options.skipLines, 0)
        self.layout = options.columns
        var slices: [Slice] = []
        var missing: [String] = []
        for name in requiredColumns {
            guard let column = options.columns.first(where: { $0.name == name }) else {
                missing.append(name)
                continue
            }
            let start = max(column.start, 1) - 1
            slices.append(Slice(start: start, end: start + max(column.width, 0), name: name))
        }
        guard missing.isEmpty else {
            let quoted = { (names: [String]) in names.map { "'\($0)'" }.joined(separator: ", ") }
            throw ExtractError(
                .malformedRecord, file: file,
                "the 'columns' option lacks \(missing.count == 1 ? "column" : "columns") \(quoted(missing)) that the "
                    + "pipeline reads; expected \(quoted(requiredColumns)), found "
                    + "\(options.columns.isEmpty ? "no columns" : quoted(options.columns.map(\.name)))")
        }
        self.slices = slices
        self.boundaries = Array(Set(slices.flatMap { [$0.start, $0.end] })).sorted()
        self.requiredEnd = slices.map(\.end).max() ?? 0
        offsets = [Int](repeating: 0, count: boundaries.count)
    }

    // MARK: RecordParser

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
                guard let lf = Self.findLF(bytes, from: 0, to: bytes.count) else {
                    skipped += bytes.count
                    input.consume(bytes.count)
                    return nil
                }
                skipped += lf
                input.consume(lf + 1)
                if let record = endSkipping() { return record }
                continue
            }
            let limit = min(bytes.count, maxRecordBytes + 1)
            guard let lf = Self.findLF(bytes, from: scanned, to: limit) else {
                scanned = limit
                if limit > maxRecordBytes {
                    if line <= skipLines {
                        // A long title line: skipped whole, not a record.
                        input.consume(limit)
                        scanned = 0
                        skipping = true
                        skippingTitle = true
                        continue
                    }
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
            checkedBOM = true
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

    private static func findLF(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress, let hit = memchr(base + start, 0x0A, end - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    // MARK: Lines

    /// The record of one line's content (without its line ending); `nil` for a skipped or blank line.
    private mutating func parseLine(_ content: UnsafeBufferPointer<UInt8>, at offset: Int64) -> ParsedRecord? {
        if line <= skipLines { return nil }
        if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        ordinal += 1
        let origin = RowOrigin(line: line, byteOffset: offset, record: ordinal)
        if let bad = UTF8Check.firstInvalidIndex(content) {
            let character = Self.scalarCount(content, upTo: bad) + 1
            var column = ""
            if let hit = layout.first(where: { character >= $0.start && character < $0.start + $0.width }) {
                column = " in column '\(hit.name)' (characters \(hit.start)-\(hit.start + hit.width - 1))"
            }
            let detail = "invalid UTF-8 (\(UTF8Check.describe(content[bad]))) at character \(character)\(column) of line "
                + "\(line), byte \(offset + Int64(bad)); expected UTF-8 text"
            return ParsedRecord(origin: origin, content: .malformed(
                MalformedRecord(reason: .invalidEncoding, detail: detail, raw: Array(content))))
        }
        let length = cut(content)
        if strictWidth && length < requiredEnd {
            let last = slices.max { $0.end < $1.end }!
            let detail = "line \(line) has \(length) characters; expected at least \(requiredEnd) (column '\(last.name)' "
                + "ends at character \(requiredEnd))"
            return ParsedRecord(origin: origin, content: .malformed(
                MalformedRecord(reason: .malformedRecord, detail: detail, raw: Array(content))))
        }
        var row = ContiguousArray<String?>()
        row.reserveCapacity(slices.count)
        for slice in slices {
            row.append(value(content, slice))
        }
        return ParsedRecord(origin: origin, content: .row(row))
    }

    /// Finds the byte offsets of ``boundaries`` in `content` (validated UTF-8) in one pass into
    /// ``offsets``, and returns the line's length in characters. A boundary `m` characters past
    /// the line's end gets the offset `content.count + m`: ``value(_:_:)`` pads with `m` spaces.
    private mutating func cut(_ content: UnsafeBufferPointer<UInt8>) -> Int {
        var k = 0
        var scalar = 0
        var i = 0
        let n = content.count
        let count = boundaries.count
        while i < n && k < count {
            if content[i] & 0xC0 != 0x80 {
                while k < count && boundaries[k] == scalar {
                    offsets[k] = i
                    k += 1
                }
                scalar += 1
            }
            i += 1
        }
        // Count the rest of the line's scalars (for strict_width and padding).
        while i < n {
            if content[i] & 0xC0 != 0x80 { scalar += 1 }
            i += 1
        }
        while k < count {
            offsets[k] = n + (boundaries[k] - scalar)
            k += 1
        }
        return scalar
    }

    /// The value of `slice` after ``cut(_:)``: the bytes between its boundaries, padded with
    /// spaces where the line is short, trimmed if asked.
    private func value(_ content: UnsafeBufferPointer<UInt8>, _ slice: Slice) -> String {
        let n = content.count
        let startOffset = offsets[boundaryIndex(slice.start)]
        let endOffset = offsets[boundaryIndex(slice.end)]
        var lo = min(startOffset, n)
        var hi = min(endOffset, n)
        let padding = max(endOffset, n) - max(startOffset, n)
        if trim {
            while lo < hi && content[lo] == 0x20 { lo += 1 }
            while hi > lo && content[hi - 1] == 0x20 { hi -= 1 }
            return lo < hi ? UTF8Text.string(validated: UnsafeBufferPointer(rebasing: content[lo..<hi])) : ""
        }
        let text = lo < hi ? UTF8Text.string(validated: UnsafeBufferPointer(rebasing: content[lo..<hi])) : ""
        return padding > 0 ? text + String(repeating: " ", count: padding) : text
    }

    private func boundaryIndex(_ scalar: Int) -> Int {
        var lo = 0
        var hi = boundaries.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if boundaries[mid] < scalar { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) -> Int {
        var count = 0
        for i in 0..<end where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    // MARK: Oversized lines

    private mutating func endSkipping() -> ParsedRecord? {
        defer {
            line += 1
            skipping = false
            skippingTitle = false
            skipPrefix = []
            skipped = 0
        }
        if skippingTitle { return nil }
        ordinal += 1
        let origin = RowOrigin(line: line, byteOffset: skipStartOffset, record: ordinal)
        let detail = "line \(line) is longer than max_record_bytes (\(maxRecordBytes)); expected a line ending within "
            + "\(maxRecordBytes) bytes; the first \(maxRecordBytes) of its \(skipped) bytes are kept"
        let raw = Array(UTF8Check.scalarBoundaryPrefix(skipPrefix))
        return ParsedRecord(origin: origin, content: .malformed(
            MalformedRecord(reason: .malformedRecord, detail: detail, raw: raw, truncated: true)))
    }
}
