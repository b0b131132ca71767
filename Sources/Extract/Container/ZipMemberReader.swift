internal import CZlib
import Core

/// The decompressed bytes of one zip member: stored bytes copied, deflated bytes inflated
/// with zlib (raw deflate, no wrapper), both read with `pread` from the member's data in the
/// archive. At the member's end its size and CRC-32 are checked against the central directory.
///
/// Errors are `ExtractError(.corruptArchive)` named after the member (`archive.zip!/a.csv`)
/// with an offset in the archive file.
final class ZipMemberReader: ByteSource {
    static let inputChunk = 1 << 16

    let name: String
    let entry: ZipArchive.Entry
    /// Decompressed bytes delivered so far.
    private(set) var position: Int64 = 0

    private let file: FileReader
    /// Archive offset of the member's compressed data.
    private let dataStart: Int64
    /// Compressed bytes read from the archive so far (the member's stored bytes; ``position``
    /// counts the decompressed ones).
    private(set) var compressedRead: Int64 = 0

    var storedBytesRead: Int64 { compressedRead }
    private var crc: UInt = 0
    private var ended = false
    private var streamEnded = false
    private let stream: UnsafeMutablePointer<z_stream>?
    private let input: UnsafeMutablePointer<UInt8>?

    /// - Throws: `ExtractError(.corruptArchive)` when zlib cannot start (out of memory).
    init(file: FileReader, entry: ZipArchive.Entry, name: String, dataStart: Int64) throws(ExtractError) {
        self.file = file
        self.entry = entry
        self.name = name
        self.dataStart = dataStart
        guard entry.method == 8 else {
            stream = nil
            input = nil
            return
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // -15: raw deflate (no zlib or gzip wrapper), 32 KiB window.
        let rc = inflateInit2_(stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deallocate()
            throw ExtractError(.corruptArchive, file: name, byteOffset: dataStart,
                               "cannot start the deflate decoder for member '\(entry.path)' (zlib error \(rc))")
        }
        self.stream = stream
        self.input = .allocate(capacity: Self.inputChunk)
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
        }
        input?.deallocate()
    }

    /// The archive offset of the next compressed byte the decoder will consume.
    var archiveOffset: Int64 {
        dataStart + compressedRead - Int64(stream?.pointee.avail_in ?? 0)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0, !ended else { return 0 }
        let capacity = min(buffer.count, Int(UInt32.max))
        guard let stream, let input else {
            // Stored.
            let remaining = entry.uncompressedSize - position
            if remaining == 0 {
                try checkEnd()
                return 0
            }
            let want = Int(min(Int64(capacity), remaining))
            let n = try file.read(at: dataStart + position, into: UnsafeMutableRawBufferPointer(start: out, count: want))
            guard n > 0 else {
                throw corrupt(at: dataStart + position, "the archive ends at byte \(dataStart + position) inside member "
                                  + "'\(entry.path)'; expected \(remaining) more bytes (truncated archive?)")
            }
            crc = crc32(crc, out.assumingMemoryBound(to: Bytef.self), UInt32(n))
            position += Int64(n)
            compressedRead = position
            return n
        }
        while true {
            if streamEnded {
                try checkEnd()
                return 0
            }
            if stream.pointee.avail_in == 0 && compressedRead < entry.compressedSize {
                let want = Int(min(Int64(Self.inputChunk), entry.compressedSize - compressedRead))
                let n = try file.read(at: dataStart + compressedRead, into: UnsafeMutableRawBufferPointer(start: input, count: want))
                guard n > 0 else {
                    throw corrupt(at: dataStart + compressedRead, "the archive ends at byte \(dataStart + compressedRead) "
                                      + "inside member '\(entry.path)' (truncated archive?)")
                }
                compressedRead += Int64(n)
                stream.pointee.next_in = input
                stream.pointee.avail_in = UInt32(n)
            }
            stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(capacity)
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = capacity - Int(stream.pointee.avail_out)
            switch rc {
            case Z_OK, Z_BUF_ERROR, Z_STREAM_END:
                if rc == Z_STREAM_END { streamEnded = true }
                if produced > 0 {
                    crc = crc32(crc, out.assumingMemoryBound(to: Bytef.self), UInt32(produced))
                    position += Int64(produced)
                    guard position <= entry.uncompressedSize else {
                        throw corrupt(at: dataStart, "member '\(entry.path)' inflates to more than its "
                                          + "\(entry.uncompressedSize) bytes in the central directory")
                    }
                    return produced
                }
                if !streamEnded && stream.pointee.avail_in == 0 && compressedRead == entry.compressedSize {
                    let end = dataStart + entry.compressedSize
                    throw corrupt(at: end, "the deflate data of member '\(entry.path)' ends at byte \(end) before "
                                      + "the end of its stream; expected more compressed data (corrupt archive?)")
                }
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                let at = archiveOffset
                throw corrupt(at: at, "corrupt deflate data in member '\(entry.path)' at byte \(at): \(reason)")
            }
        }
    }

    /// The member's end: its size and CRC-32 as the central directory says.
    private func checkEnd() throws(ExtractError) {
        ended = true
        guard position == entry.uncompressedSize else {
            throw corrupt(at: dataStart, "member '\(entry.path)' is \(position) bytes; expected "
                              + "\(entry.uncompressedSize), its size in the central directory")
        }
        let computed = UInt32(truncatingIfNeeded: crc)
        guard computed == entry.crc32 else {
            throw corrupt(at: dataStart, "member '\(entry.path)': CRC-32 \(Self.hex(computed)) expected "
                              + "\(Self.hex(entry.crc32)); its data (\(entry.compressedSize) bytes at byte "
                              + "\(dataStart)) is corrupt")
        }
    }

    private func corrupt(at offset: Int64, _ message: String) -> ExtractError {
        ExtractError(.corruptArchive, file: name, byteOffset: offset, message)
    }

    /// `0x0000ABCD`.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
