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
struct FixedWidthReader: LineRecordParser {
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

    var titleLines: Int { skipLines }
    var lines: LineSplitter
    var finished = false
    var ordinal = 0

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
        lines = LineSplitter(maxRecordBytes: maxRecordBytes)
    }

    // MARK: Lines

    /// The record of one line's content (without its line ending); `nil` for a skipped or blank line.
    mutating func parseLine(_ content: UnsafeBufferPointer<UInt8>, line: Int, at offset: Int64) -> ParsedRecord? {
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
}
