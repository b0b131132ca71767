import Core

/// STUB (to be replaced): a zip archive's members.
enum ZipArchive {
    /// The decompressed bytes of `member` of the archive `archive` reads.
    static func openMember(_ member: String, of archive: FileReader, name: String) throws(ExtractError) -> any ByteSource {
        throw ExtractError(.cannotOpen, file: name, "zip archives are not supported yet")
    }
}
