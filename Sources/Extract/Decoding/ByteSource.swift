import Core

/// Sequential bytes a parser or another decoder reads: a file, a gzip decoding, a zip member,
/// a transcoding to UTF-8.
///
/// - Important: A source is read by one thread at a time.
protocol ByteSource: AnyObject {
    /// The name errors give: the file as users see it.
    var name: String { get }
    /// Bytes delivered by ``read(into:)`` so far.
    var position: Int64 { get }
    /// Bytes taken from storage so far: `position` for a file, the compressed bytes for a zip
    /// member (a default is provided).
    var storedBytesRead: Int64 { get }
    /// Reads up to `buffer.count` bytes into `buffer`; 0 at the end.
    /// - Throws: `ExtractError` with the position of the problem.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int
}

extension ByteSource {
    var storedBytesRead: Int64 { position }
}
