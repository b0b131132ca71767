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

    private let stream: ByteStream
    private var window: ByteWindow
    private var parser: Parser
    private var endOfInput = false
    private var done = false
    private var decoded: Int64 = 0
    private(set) var stats: FileStats

    init(stream: ByteStream, parser: Parser, name: String) {
        self.stream = stream
        self.parser = parser
        self.window = ByteWindow(capacity: 2 * Self.chunkSize)
        self.stats = FileStats(file: name, isGzip: stream.isGzip)
    }

    var columns: [String]? { parser.columns }

    func next() throws(ExtractError) -> ParsedRecord? {
        if done { return nil }
        while true {
            if endOfInput {
                guard let record = try parser.finish(&window) else {
                    done = true
                    stats.bytesRead = stream.fileBytesRead
                    stats.bytesDecoded = decoded
                    return nil
                }
                return count(record)
            }
            if let record = try parser.next(&window) { return count(record) }
            let space = window.writableSpace(minimum: Self.chunkSize)
            let n = try stream.read(into: space)
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
