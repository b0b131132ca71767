import Core

/// A parser in NIO's single-step shape: fed bytes incrementally, it returns a complete record
/// or `nil` for "need more bytes"; ``finish(_:)`` handles the end of input.
///
/// A parser gives the same records whether fed its whole input at once or one byte at a time.
protocol RecordParser {
    /// The names the values of a row align to; `nil` until known (a CSV header not yet read).
    var columns: [String]? { get }

    /// The next complete record in `input`, consuming its bytes; `nil` when more bytes are needed.
    /// - Throws: `ExtractError` for what stops the file (a malformed CSV header).
    mutating func next(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord?

    /// Called at the end of input, repeatedly until it returns `nil`: the remaining records.
    mutating func finish(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord?
}
