import Core

/// One open file of a source: its byte stream, the window of decoded bytes and the parser.
protocol FileCursorProtocol: AnyObject {
    var columns: [String]? { get }
    var stats: FileStats { get }
    /// The file's next record; `nil` once the file is done.
    func next() throws(ExtractError) -> ParsedRecord?
}

/// A ``FileCursorProtocol`` specialised for its parser, so the record loop has no dynamic calls.
final class FileCursor<Parser: RecordParser>: FileCursorProtocol {
    static var chunkSize: Int { 1 << 20 }

    private let input: OpenedInput
    /// The bytes the parser reads: the input, decoded to UTF-8 when it is in another encoding.
    private let text: any ByteSource
    private var window: ByteWindow
    private var parser: Parser
    private var endOfInput = false
    private var done = false
    private var decoded: Int64 = 0
    private(set) var stats: FileStats

    /// - Parameters:
    ///   - text: `input.source`, or a decoding of it to UTF-8.
    ///   - stats: The file's stats so far (its name, container and encoding).
    init(input: OpenedInput, text: any ByteSource, parser: Parser, stats: FileStats) {
        self.input = input
        self.text = text
        self.parser = parser
        self.window = ByteWindow(capacity: 2 * Self.chunkSize)
        self.stats = stats
    }

    var columns: [String]? { parser.columns }

    func next() throws(ExtractError) -> ParsedRecord? {
        if done { return nil }
        while true {
            if endOfInput {
                guard let record = try parser.finish(&window) else {
                    done = true
                    stats.bytesRead = input.storedBytesRead
                    stats.bytesDecoded = decoded
                    return nil
                }
                return count(record)
            }
            if let record = try parser.next(&window) { return count(record) }
            let space = window.writableSpace(minimum: Self.chunkSize)
            let n = try text.read(into: space)
            if n == 0 {
                endOfInput = true
            } else {
                window.didWrite(n)
                decoded += Int64(n)
            }
        }
    }

    private func count(_ record: ParsedRecord) -> ParsedRecord {
        stats.records += 1
        if case .row = record.content { stats.rows += 1 } else { stats.rejects += 1 }
        return record
    }
}
