/// `options` of an `xml` source.
///
/// Fields are paths relative to the record element: `ten` (the text of child element `ten`),
/// `nguoi/ho_ten` (a grandchild), `@ma` (an attribute of the record), `nguoi/@cccd`.
/// Names may carry a prefix declared in `namespaces`; an unprefixed name matches the local
/// name in any namespace.
public struct XMLOptions: Sendable, Hashable {
    /// `records` (string, required): the slash-separated element path of a record from the
    /// document element, e.g. `export/hoso` or `/export/danhsach/hoso`.
    public var records: [String] = []
    /// `namespaces` (mapping prefix -> URI, optional): the prefixes `records` and fields use.
    public var namespaces: [String: String] = [:]
    /// `max_record_bytes` (int, default 1 MiB).
    public var maxRecordBytes: Int = 1 << 20

    public init() {}
}
