import Core

/// An XML export parser: one record per record element (`records: export/hoso`), fields by
/// path relative to it (`ten`, `nguoi/ho_ten`, `@ma`, `nguoi/@cccd`, `.`).
///
/// The document streams through ``XMLRecordSplitter``: bytes outside records are consumed as
/// they come; a record element is held until its end tag, then read by ``XMLRecordFields``
/// (see there for what a field's value is). A record's origin is its start tag's `<`: the line
/// it is on, its byte offset (a UTF-8 BOM counted) and its ordinal among the record elements.
///
/// A record that cannot be read (bad tag syntax, mismatched end tag, undeclared prefix,
/// undefined entity, bad character reference, invalid UTF-8, longer than `max_record_bytes`)
/// comes out as ``MalformedRecord`` and reading resumes after its end tag. A document whose
/// structure outside the records is broken, or that ends inside an element, throws.
struct XMLRecordReader: RecordParser {
    let file: String
    let paths: [String]
    let maxRecordBytes: Int
    private var splitter: XMLRecordSplitter
    private var fields: XMLRecordFields
    private var ordinal = 0

    var columns: [String]? { paths }

    /// - Parameters:
    ///   - options: The source's XML options.
    ///   - paths: The field paths to extract, in column order.
    ///   - file: The file's name, for errors.
    /// - Throws: `ExtractError(.malformedRecord)` for a path that is not an element path or uses
    ///   a prefix `namespaces` does not declare.
    init(options: XMLOptions, paths: [String], file: String) throws(ExtractError) {
        self.file = file
        self.paths = paths
        self.maxRecordBytes = max(options.maxRecordBytes, 1)
        var uris: [String] = []
        var prefixes: [String: Int32] = [:]
        for (prefix, uri) in options.namespaces.sorted(by: { $0.key < $1.key }) {
            if let known = uris.firstIndex(of: uri) {
                prefixes[prefix] = Int32(known)
            } else {
                uris.append(uri)
                prefixes[prefix] = Int32(uris.count - 1)
            }
        }
        let scope = XMLNamespaceScope(uris: uris)
        if prefixes["xml"] == nil { prefixes["xml"] = scope.xmlNamespace }
        var recordPath: [XMLNameTest] = []
        for step in options.records {
            guard !step.isEmpty, !step.hasPrefix("@"), let test = XMLNameTest.parse(Substring(step), prefixes: prefixes) else {
                throw ExtractError(.malformedRecord, file: file, "'records' step '\(step)' is not an element name with "
                    + "a prefix 'namespaces' declares; expected a path such as 'export/hoso'")
            }
            recordPath.append(test)
        }
        guard !recordPath.isEmpty else {
            throw ExtractError(.malformedRecord, file: file, "'records' is empty; expected the element path of a record "
                + "such as 'export/hoso'")
        }
        do {
            fields = XMLRecordFields(paths: try XMLFieldPaths(paths: paths, prefixes: prefixes))
        } catch {
            throw ExtractError(.malformedRecord, file: file, error.message)
        }
        splitter = XMLRecordSplitter(file: file, recordPath: recordPath, scope: scope, maxRecordBytes: maxRecordBytes)
    }

    mutating func next(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        guard let event = try splitter.next(&input, atEOF: false) else { return nil }
        return record(event, input)
    }

    mutating func finish(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        guard let event = try splitter.next(&input, atEOF: true) else { return nil }
        return record(event, input)
    }

    private mutating func record(_ event: XMLRecordSplitter.Event, _ input: ByteWindow) -> ParsedRecord {
        ordinal += 1
        switch event {
        case .record(let length, let line, let offset):
            let origin = RowOrigin(line: line, byteOffset: offset, record: ordinal)
            let bytes = UnsafeBufferPointer(rebasing: input.readable[..<length])
            switch fields.read(bytes, scope: &splitter.scope) {
            case .values(let values):
                return ParsedRecord(origin: origin, content: .row(values))
            case .malformed(let reason, let problem):
                let at = "line \(line + XMLRecordSplitter.lineFeeds(bytes, from: 0, to: problem.offset)), "
                    + "byte \(offset + Int64(problem.offset))"
                return ParsedRecord(origin: origin, content: .malformed(MalformedRecord(
                    reason: reason, detail: "\(problem.found) at \(at); expected \(problem.expected)", raw: Array(bytes))))
            }
        case .oversized(let line, let offset, let prefix, let length):
            let origin = RowOrigin(line: line, byteOffset: offset, record: ordinal)
            let name = splitter.recordPath[splitter.recordPath.count - 1].local
            let detail = "record <\(String(decoding: name, as: UTF8.self))> starting at line \(line) is longer than "
                + "max_record_bytes (\(maxRecordBytes)); expected its end tag within \(maxRecordBytes) bytes; "
                + "the first \(maxRecordBytes) of its \(length) bytes are kept"
            return ParsedRecord(origin: origin, content: .malformed(MalformedRecord(
                reason: .malformedRecord, detail: detail, raw: Array(UTF8Check.scalarBoundaryPrefix(prefix)), truncated: true)))
        }
    }
}
