public import Core

/// What one file of a source gave: counted as it is read, final once the file is done.
public struct FileStats: Sendable, Hashable {
    /// The file, as ``InputFile/name``.
    public var file: String
    /// Whether the file was gzip-compressed (by its magic bytes).
    public var isGzip: Bool
    /// Bytes read from the file (compressed bytes for gzip).
    public var bytesRead: Int64
    /// Bytes after decompression, BOM included (UTF-8 bytes after decoding another encoding).
    public var bytesDecoded: Int64
    /// The file's character encoding: the declared one, or the one detected.
    public var encoding: TextEncoding = .utf8
    /// For a detected encoding, how sure the detection was (0...1); `nil` when declared.
    public var encodingConfidence: Double?
    /// Records read: rows plus rejects (a CSV header is not a record).
    public var records: Int
    /// Records that became rows.
    public var rows: Int
    /// Records that became rejects (malformed or badly encoded).
    public var rejects: Int

    public init(file: String, isGzip: Bool = false, bytesRead: Int64 = 0, bytesDecoded: Int64 = 0,
                records: Int = 0, rows: Int = 0, rejects: Int = 0) {
        self.file = file
        self.isGzip = isGzip
        self.bytesRead = bytesRead
        self.bytesDecoded = bytesDecoded
        self.records = records
        self.rows = rows
        self.rejects = rejects
    }
}
