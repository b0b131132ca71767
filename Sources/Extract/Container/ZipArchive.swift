import Core

/// STUB (to be replaced by the zip helper; this API is the contract other code builds on).
///
/// A zip archive (PKWARE APPNOTE 6.3): its central directory read once, members streamed.
final class ZipArchive {
    struct Entry: Sendable, Hashable {
        /// The member's path inside the archive ("data/hoso.csv").
        var path: String
        var compressedSize: Int64
        var uncompressedSize: Int64
        /// 0 stored, 8 deflate.
        var method: UInt16
        var crc32: UInt32
        var localHeaderOffset: Int64
        var isDirectory: Bool { path.hasSuffix("/") }
    }

    /// The archive's name as users see it, for errors.
    let name: String
    /// The members in central-directory order.
    private(set) var entries: [Entry] = []

    /// Reads the central directory of the archive at `path`.
    /// - Throws: `ExtractError(.corruptArchive)` with the byte offset, `.cannotOpen`.
    init(path: String, name: String) throws(ExtractError) {
        self.name = name
        throw ExtractError(.cannotOpen, file: name, "zip archives are not supported yet")
    }

    /// The entry whose path is `path`, if any.
    func entry(_ path: String) -> Entry? { entries.first { $0.path == path } }

    /// The decompressed bytes of `entry`, streamed; the CRC-32 and size are checked at its end.
    func open(_ entry: Entry) throws(ExtractError) -> any ByteSource {
        throw ExtractError(.cannotOpen, file: name, "zip archives are not supported yet")
    }

    /// Whether the file at `path` starts like a zip archive (local header or empty-archive magic).
    static func isZip(path: String) -> Bool { false }
}
