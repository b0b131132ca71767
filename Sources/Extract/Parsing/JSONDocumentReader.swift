import Core

/// STUB (to be replaced).
struct JSONDocumentReader: RecordParser {
    var columns: [String]? { nil }

    init(options: JSONOptions, paths: [String], file: String) throws(ExtractError) {
        throw ExtractError(.cannotOpen, file: file, "format not supported yet")
    }

    mutating func next(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? { nil }

    mutating func finish(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? { nil }
}
