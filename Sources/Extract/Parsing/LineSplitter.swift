internal import Glibc
import Core

/// Splits the bytes of a ``ByteWindow`` into lines (LF or CRLF; a UTF-8 byte-order mark at the
/// start skipped) for the parsers that read one record a line (JSON Lines, fixed-width text).
///
/// A pending line stays in the window until its LF arrives; a line longer than
/// `maxRecordBytes` is skipped as it streams by, keeping only its first `maxRecordBytes` bytes,
/// so memory stays bounded whatever the file holds.
struct LineSplitter {
    /// What ``next(_:atEnd:)`` found.
    enum Piece {
        /// A whole line's content, without its line ending, valid until the window changes;
        /// call ``consume(_:length:)`` with `length` once it is read.
        case line(UnsafeBufferPointer<UInt8>, line: Int, offset: Int64, length: Int)
        /// A line longer than `maxRecordBytes`, already consumed: its first bytes and its length.
        case oversized(prefix: [UInt8], line: Int, offset: Int64, length: Int)
    }

    let maxRecordBytes: Int
    private var checkedBOM = false
    /// 1-based number of the next line.
    private var line = 1
    /// Bytes of the pending line already searched for LF.
    private var scanned = 0
    private var skipping = false
    private var skipStartOffset: Int64 = 0
    private var skipPrefix: [UInt8] = []
    private var skipped = 0

    init(maxRecordBytes: Int) {
        self.maxRecordBytes = max(maxRecordBytes, 1)
    }

    /// The next line, or `nil` when more bytes are needed (or, `atEnd`, when the input is done).
    mutating func next(_ input: inout ByteWindow, atEnd: Bool) -> Piece? {
        if !checkedBOM {
            let bytes = input.readable
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let k = min(bytes.count, 3)
            if (0..<k).allSatisfy({ bytes[$0] == bom[$0] }) {
                // A partial BOM waits for more bytes; at the end it is data.
                if k == 3 { input.consume(3) } else if !atEnd { return nil }
            }
            checkedBOM = true
        }
        while true {
            let bytes = input.readable
            if skipping {
                guard let lf = Self.findLF(bytes, from: 0, to: bytes.count) else {
                    skipped += bytes.count
                    input.consume(bytes.count)
                    return atEnd ? endSkipping() : nil
                }
                skipped += lf
                input.consume(lf + 1)
                return endSkipping()
            }
            let limit = min(bytes.count, maxRecordBytes + 1)
            guard let lf = Self.findLF(bytes, from: scanned, to: limit) else {
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
                guard atEnd, !bytes.isEmpty else { return nil }
                // The last line, without a line ending.
                let end = bytes[bytes.count - 1] == UInt8(ascii: "\r") ? bytes.count - 1 : bytes.count
                return .line(UnsafeBufferPointer(rebasing: bytes[..<end]), line: line, offset: input.streamOffset,
                             length: bytes.count)
            }
            let end = lf > 0 && bytes[lf - 1] == UInt8(ascii: "\r") ? lf - 1 : lf
            return .line(UnsafeBufferPointer(rebasing: bytes[..<end]), line: line, offset: input.streamOffset, length: lf + 1)
        }
    }

    /// Consumes the line ``next(_:atEnd:)`` returned, once its content is read.
    mutating func consume(_ input: inout ByteWindow, length: Int) {
        input.consume(length)
        line += 1
        scanned = 0
    }

    private mutating func endSkipping() -> Piece {
        let piece = Piece.oversized(prefix: skipPrefix, line: line, offset: skipStartOffset, length: skipped)
        line += 1
        skipping = false
        skipPrefix = []
        skipped = 0
        return piece
    }

    private static func findLF(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress, let hit = memchr(base + start, 0x0A, end - start) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}

extension LineSplitter {
    /// The quarantine record of an oversized line: its first bytes (cut at a character
    /// boundary), marked truncated, with a detail saying how long it was.
    static func oversizedRecord(prefix: [UInt8], line: Int, offset: Int64, length: Int, record: Int, maxRecordBytes: Int)
        -> ParsedRecord
    {
        let detail = "line \(line) is longer than max_record_bytes (\(maxRecordBytes)); expected a line ending within "
            + "\(maxRecordBytes) bytes; the first \(maxRecordBytes) of its \(length) bytes are kept"
        return ParsedRecord(
            origin: RowOrigin(line: line, byteOffset: offset, record: record),
            content: .malformed(MalformedRecord(
                reason: .malformedRecord, detail: detail, raw: Array(UTF8Check.scalarBoundaryPrefix(prefix)),
                truncated: true)))
    }
}

/// A parser that reads one record a line through a ``LineSplitter``: it gives the record of a
/// line's content; the splitting, the end of input and oversized lines are handled here.
protocol LineRecordParser: RecordParser {
    var lines: LineSplitter { get set }
    var finished: Bool { get set }
    /// Records produced so far.
    var ordinal: Int { get set }
    /// Lines before the records (titles): up to this line number none is a record, not even
    /// when it is too long.
    var titleLines: Int { get }
    /// The record of one line's content (without its line ending); `nil` for a line that is no
    /// record (blank, a title).
    mutating func parseLine(_ content: UnsafeBufferPointer<UInt8>, line: Int, at offset: Int64) -> ParsedRecord?
}

extension LineRecordParser {
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

    /// The next record of `input`, passing over lines that are no record.
    private mutating func read(_ input: inout ByteWindow, atEnd: Bool) -> ParsedRecord? {
        while let piece = lines.next(&input, atEnd: atEnd) {
            switch piece {
            case .line(let content, let line, let offset, let length):
                let record = parseLine(content, line: line, at: offset)
                lines.consume(&input, length: length)
                if let record { return record }
            case .oversized(let prefix, let line, let offset, let length):
                guard line > titleLines else { continue }
                ordinal += 1
                return LineSplitter.oversizedRecord(prefix: prefix, line: line, offset: offset, length: length,
                                                    record: ordinal, maxRecordBytes: lines.maxRecordBytes)
            }
        }
        return nil
    }
}
