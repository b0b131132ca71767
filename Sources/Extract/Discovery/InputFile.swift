/// A data file a source reads.
public struct InputFile: Sendable, Hashable {
    /// The path to open: the pattern resolved against the pipeline file's directory.
    public var path: String
    /// The file as shown to users (batches, rejects, errors): the resolved path as the glob
    /// gave it, so it is stable from run to run.
    public var name: String
    /// The file's size in bytes when discovered (compressed size for gzip; for a zip member,
    /// its stored size in the archive).
    public var size: Int64
    /// For a member of a zip archive (`path` is the archive): its path inside the archive;
    /// `name` is then `archive!/member`.
    public var member: String?

    public init(path: String, name: String, size: Int64, member: String? = nil) {
        self.path = path
        self.name = name
        self.size = size
        self.member = member
    }
}
