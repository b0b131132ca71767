internal import CZlib
import Core

/// Inflates a gzip file (RFC 1952) with zlib, member after member.
///
/// Concatenated members decode as one stream; zero bytes after the last member (tape-style
/// padding) are ignored. Input that ends inside a member throws `.truncatedGzip`, bad data
/// `.corruptGzip`, both with the compressed byte offset.
final class GzipDecoder: ByteSource {
    static let inputChunk = 1 << 20

    /// The compressed bytes.
    private let file: any ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private var fileEnded = false
    private enum Phase { case inMember, betweenMembers, done }
    private var phase = Phase.inMember
    /// Compressed offset where the current member starts.
    private var memberStart: Int64 = 0
    private(set) var members = 0

    /// - Throws: `ExtractError(.corruptGzip)` when zlib cannot start (out of memory).
    init(file: any ByteSource) throws(ExtractError) {
        self.file = file
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: Self.inputChunk)
        // 15 + 16: a gzip wrapper only, 32 KiB window. (`inflateInit2` is a macro Swift cannot import.)
        let rc = inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            stream.deallocate()
            input.deallocate()
            throw ExtractError(.corruptGzip, file: file.name, "cannot start the gzip decoder (zlib error \(rc))")
        }
        members = 1
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    var name: String { file.name }
    /// Decoded bytes delivered so far.
    private(set) var position: Int64 = 0

    /// Compressed bytes consumed by the decoder so far.
    var compressedOffset: Int64 { file.position - Int64(stream.pointee.avail_in) }

    /// Decodes up to `buffer.count` bytes into `buffer`; 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            if phase == .done { return 0 }
            if stream.pointee.avail_in == 0 && !fileEnded { try refill() }
            if phase == .betweenMembers {
                guard try startNextMember() else { continue }
            }
            if stream.pointee.avail_in == 0 && fileEnded {
                throw ExtractError(
                    .truncatedGzip, file: file.name, byteOffset: file.position,
                    "gzip data ends at compressed byte \(file.position) inside the member that starts at byte "
                        + "\(memberStart); expected the rest of the member (was the file cut short?)")
            }
            let capacity = UInt32(clamping: buffer.count)
            stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = capacity
            let rc = inflate(stream, Z_NO_FLUSH)
            let produced = Int(capacity - stream.pointee.avail_out)
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                // Z_BUF_ERROR: no progress without more input; the loop refills or reports truncation.
                if produced > 0 {
                    position += Int64(produced)
                    return produced
                }
            case Z_STREAM_END:
                phase = .betweenMembers
                if produced > 0 {
                    position += Int64(produced)
                    return produced
                }
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                let at = compressedOffset
                throw ExtractError(
                    .corruptGzip, file: file.name, byteOffset: at,
                    "corrupt gzip data at compressed byte \(at) (member starting at byte \(memberStart)): \(reason)")
            }
        }
    }

    private func refill() throws(ExtractError) {
        let n = try file.read(into: UnsafeMutableRawBufferPointer(start: input, count: Self.inputChunk))
        if n == 0 { fileEnded = true }
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(n)
    }

    /// After a member's end: start the next member, skip zero padding, or finish.
    /// Returns false when the caller should loop (input consumed or phase changed).
    private func startNextMember() throws(ExtractError) -> Bool {
        if stream.pointee.avail_in == 0 {
            if fileEnded { phase = .done }
            return false
        }
        if stream.pointee.next_in.pointee == 0 {
            // Padding: zero bytes up to the end of the file.
            while stream.pointee.avail_in > 0 {
                guard stream.pointee.next_in.pointee == 0 else {
                    let at = compressedOffset
                    throw ExtractError(.corruptGzip, file: file.name, byteOffset: at,
                                       "unexpected data at compressed byte \(at) after zero padding; expected the end of the file")
                }
                stream.pointee.next_in += 1
                stream.pointee.avail_in -= 1
            }
            return false
        }
        memberStart = compressedOffset
        guard inflateReset(stream) == Z_OK else {
            throw ExtractError(.corruptGzip, file: file.name, byteOffset: memberStart, "cannot reset the gzip decoder")
        }
        phase = .inMember
        members += 1
        return true
    }
}
