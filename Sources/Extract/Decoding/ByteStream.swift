import Core

/// A file's decoded bytes: the file itself, or its gzip decoding (recognised by the magic
/// bytes 1F 8B, whatever the file's name).
enum ByteStream {
    case plain(FileReader)
    case gzip(GzipDecoder, FileReader)

    /// Opens `path` and picks the decoder from its first bytes.
    /// - Throws: `ExtractError(.cannotOpen)` or `.io`.
    static func open(path: String, name: String) throws(ExtractError) -> ByteStream {
        let file = try FileReader(path: path, name: name)
        let magic = try file.peek(2)
        if magic == [0x1F, 0x8B] {
            return .gzip(try GzipDecoder(file: file), file)
        }
        return .plain(file)
    }

    var isGzip: Bool {
        if case .gzip = self { return true }
        return false
    }

    /// Bytes read from the file so far (compressed bytes for gzip).
    var fileBytesRead: Int64 {
        switch self {
        case .plain(let file): return file.bytesRead
        case .gzip(_, let file): return file.bytesRead
        }
    }

    /// Decoded bytes into `buffer`; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        switch self {
        case .plain(let file): return try file.read(into: buffer)
        case .gzip(let decoder, _): return try decoder.read(into: buffer)
        }
    }
}
