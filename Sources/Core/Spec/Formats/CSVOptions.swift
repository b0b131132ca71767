/// `options` of a `csv` source.
public struct CSVOptions: Sendable, Hashable {
    /// `delimiter` (one ASCII character or `\t`, default `,`).
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// `quote` (one ASCII character, default `"`).
    public var quote: UInt8 = UInt8(ascii: "\"")
    /// `header` (bool, default true): the first record names the columns.
    public var header: Bool = true
    /// `columns` (list of strings): the column names when `header: false`.
    public var columns: [String] = []
    /// `max_record_bytes` (int, default 1 MiB): a longer record is malformed (an unterminated
    /// quote would otherwise swallow the file).
    public var maxRecordBytes: Int = 1 << 20
    /// `stray_quotes` (`reject` | `literal`, default `reject`): what a quote inside an unquoted
    /// field, or text after a closing quote, does.
    public var strayQuotes: StrayQuotePolicy = .reject
    /// `excel_sep_line` (bool, default true): a first line `sep=X` (as Excel writes) sets the
    /// delimiter to `X` and is not a record.
    public var excelSepLine: Bool = true

    public init() {}
}

/// `stray_quotes` of a CSV source.
public enum StrayQuotePolicy: String, Sendable, Hashable, CaseIterable {
    /// The record is malformed (quarantined, or the run stops with `on_error: stop`).
    case reject
    /// A quote inside an unquoted field is kept as a character (`ab"c` -> `ab"c`); text after a
    /// closing quote is appended to the field (`"ab"c` -> `abc`), as Python's `csv` module reads it.
    case literal
}
