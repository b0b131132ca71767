import Core

/// An input file opened for reading: the decoded bytes and what was peeled off to reach them.
struct OpenedInput {
    /// The bytes a parser reads (before any character-set decoding).
    let source: any ByteSource
    /// The bytes as stored: the file, or for a zip member its compressed bytes in the archive.
    let stored: any ByteSource

    /// Stored bytes read so far (compressed bytes for gzip and zip members).
    var storedBytesRead: Int64 { stored.storedBytesRead }
    /// Whether a gzip layer was removed (by magic bytes 1F 8B, whatever the name).
    let isGzip: Bool
}

/// Opens an ``InputFile``: a plain file, a member of a zip archive, and under either a gzip
/// stream (recognised by its magic bytes).
enum InputOpener {
    /// - Throws: `ExtractError(.cannotOpen)`, `.io`, or a container error with its offset.
    static func open(_ file: InputFile) throws(ExtractError) -> OpenedInput {
        let stored: any ByteSource
        var raw: any ByteSource
        var compressed = false
        if let member = file.member {
            let archive = try ZipArchive(path: file.path, name: file.name)
            guard let entry = archive.entry(member) else {
                throw ExtractError(.cannotOpen, file: file.name, "the archive has no member '\(member)'")
            }
            let source = try archive.open(entry)
            compressed = entry.method != 0
            stored = source
            raw = source
        } else {
            let reader = try FileReader(path: file.path, name: file.name)
            stored = reader
            raw = reader
        }
        let peek = try PeekableSource(raw)
        let magic = try peek.peek(2)
        // Decompression runs on a thread of its own, ahead of the parser.
        if magic == [0x1F, 0x8B] {
            return OpenedInput(source: PrefetchingSource(try GzipDecoder(file: peek)), stored: stored, isGzip: true)
        }
        return OpenedInput(source: compressed ? PrefetchingSource(peek) : peek, stored: stored, isGzip: false)
    }
}
