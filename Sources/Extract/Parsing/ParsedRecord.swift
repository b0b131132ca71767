import Core

/// One record a parser produced: its values, or why it could not be read.
struct ParsedRecord: Equatable {
    enum Content: Equatable {
        /// The record's values, aligned to the parser's columns.
        case row(ContiguousArray<String?>)
        /// The record could not be read.
        case malformed(MalformedRecord)
    }

    /// Where the record starts.
    var origin: RowOrigin
    var content: Content
    /// For document formats (JSON Lines), the record's text kept whole.
    var document: String?
}

/// A record the parser could not read: the reason, a detail saying what was expected where,
/// and the record's bytes (at most `max_record_bytes` of them).
struct MalformedRecord: Equatable {
    var reason: ReasonCode
    var detail: String
    var raw: [UInt8]
    /// `raw` holds only the first bytes of a longer record.
    var truncated: Bool = false
}
