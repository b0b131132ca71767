/// A reader error that stops a source: where it happened and what was expected.
///
/// Record-level problems become ``Reject``s instead; this is for what ends a file (unreadable
/// file, corrupt gzip stream) or for any bad record when the source says `on_error: stop`.
public struct ExtractError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case cannotOpen = "cannot_open"
        case noFiles = "no_files"
        case corruptGzip = "corrupt_gzip"
        case truncatedGzip = "truncated_gzip"
        case malformedRecord = "malformed_record"
        case invalidEncoding = "invalid_encoding"
        /// `encoding: auto` could not tell the file's encoding.
        case undetectableEncoding = "undetectable_encoding"
        /// A zip archive that cannot be read.
        case corruptArchive = "corrupt_archive"
        /// The OCR engine or its language data cannot be started, or an image cannot be read.
        case ocr
        case io
    }

    public var code: Code
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 0-based byte offset in the decoded stream (or the compressed file for gzip errors).
    public var byteOffset: Int64?
    public var message: String

    public init(_ code: Code, file: String, line: Int? = nil, byteOffset: Int64? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.message = message
    }

    /// `file:line: (byte N) message`
    public var description: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        if let byteOffset { where_ += " (byte \(byteOffset))" }
        return "\(where_): error: \(message)"
    }
}
