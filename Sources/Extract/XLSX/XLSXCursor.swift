import Core

/// STUB (to be replaced): reads one worksheet of an XLSX workbook as records.
final class XLSXCursor: FileCursorProtocol {
    var columns: [String]? { nil }
    private(set) var stats: FileStats

    init(file: InputFile, options: XLSXOptions, requiredColumns: [String]) throws(ExtractError) {
        stats = FileStats(file: file.name)
        throw ExtractError(.cannotOpen, file: file.name, "xlsx not supported yet")
    }

    func next() throws(ExtractError) -> ParsedRecord? { nil }
}
