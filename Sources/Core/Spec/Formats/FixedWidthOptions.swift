/// `options` of a `fixed` source: text lines cut into columns by character position.
public struct FixedWidthOptions: Sendable, Hashable {
    /// One entry of `columns`: `{ name: so_ho_so, start: 1, width: 12 }` (start is 1-based,
    /// both in characters of the decoded text).
    public struct Column: Sendable, Hashable {
        public var name: String
        public var start: Int
        public var width: Int

        public init(name: String, start: Int, width: Int) {
            self.name = name
            self.start = start
            self.width = width
        }
    }

    /// `columns` (list, required).
    public var columns: [Column] = []
    /// `skip_lines` (int, default 0): lines before the first record (titles, rulers).
    public var skipLines: Int = 0
    /// `trim` (bool, default true): strip spaces padding each value.
    public var trim: Bool = true
    /// `strict_width` (bool, default false): a line shorter than the last column's end is
    /// malformed instead of padded.
    public var strictWidth: Bool = false
    /// `max_record_bytes` (int, default 1 MiB).
    public var maxRecordBytes: Int = 1 << 20

    public init() {}
}
