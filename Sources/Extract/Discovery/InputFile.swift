/// A data file a source reads.
public struct InputFile: Sendable, Hashable {
    /// The path to open: the pattern resolved against the pipeline file's directory.
    public var path: String
    /// The file as shown to users (batches, rejects, errors): the resolved path as the glob
    /// gave it, so it is stable from run to run.
    public var name: String
    /// The file's size in bytes when discovered (compressed size for gzip).
    public var size: Int64

    public init(path: String, name: String, size: Int64) {
        self.path = path
        self.name = name
        self.size = size
    }
}
