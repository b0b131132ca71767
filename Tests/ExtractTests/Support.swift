import Foundation
import Testing
@testable import Core
@testable import Extract

/// Fixture files under `Tests/Fixtures`, located from this file's path.
enum Fixture {
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)  // ExtractTests/Support.swift
        return parts.joined(separator: "/") + "/Fixtures"
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func bytes(_ relative: String) throws -> [UInt8] {
        let data = try #require(FileManager.default.contents(atPath: path(relative)), "missing fixture \(relative)")
        return [UInt8](data)
    }
}

/// Feeds `bytes` to a fresh parser in chunks of `chunk` bytes, then finishes it.
func parse<P: RecordParser>(_ parser: P, _ bytes: [UInt8], chunk: Int) throws(ExtractError) -> [ParsedRecord] {
    var parser = parser
    var window = ByteWindow(capacity: 16)
    var records: [ParsedRecord] = []
    var start = 0
    while start < bytes.count {
        let end = min(start + chunk, bytes.count)
        window.append(contentsOf: bytes[start..<end])
        start = end
        while let record = try parser.next(&window) { records.append(record) }
    }
    while let record = try parser.finish(&window) { records.append(record) }
    #expect(window.readableCount == 0, "the parser left bytes unconsumed at the end")
    return records
}

/// Parses `bytes` whole, one byte at a time and in a few odd chunk sizes, expects identical
/// records every way (NIO's `ByteToMessageDecoderVerifier`), and returns them.
func parseEveryWay<P: RecordParser>(
    _ parser: P, _ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> [ParsedRecord] {
    let whole = try parse(parser, bytes, chunk: max(bytes.count, 1))
    for chunk in [1, 2, 3, 7, 64] {
        let pieces = try parse(parser, bytes, chunk: chunk)
        #expect(pieces == whole, "fed \(chunk) byte(s) at a time", sourceLocation: sourceLocation)
    }
    return whole
}

/// Expects every feeding of `bytes` to throw the same error, and returns it.
func parseErrorEveryWay<P: RecordParser>(
    _ parser: P, _ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> ExtractError {
    var errors: [ExtractError] = []
    for chunk in [max(bytes.count, 1), 1, 7] {
        do {
            _ = try parse(parser, bytes, chunk: chunk)
            Issue.record("expected an error fed \(chunk) byte(s) at a time", sourceLocation: sourceLocation)
        } catch {
            errors.append(error)
        }
    }
    let first = try #require(errors.first, sourceLocation: sourceLocation)
    for e in errors.dropFirst() {
        #expect(e.code == first.code && e.line == first.line && e.byteOffset == first.byteOffset
                && e.message == first.message, sourceLocation: sourceLocation)
    }
    return first
}

extension ParsedRecord {
    /// The values of a row; `nil` for a malformed record.
    var values: [String?]? {
        if case .row(let values) = content { return Array(values) }
        return nil
    }

    var malformed: MalformedRecord? {
        if case .malformed(let bad) = content { return bad }
        return nil
    }
}

/// A source as the pipeline loader would build it.
func makeSource(
    name: String = "src", path: String, format: SourceFormat, fields: [String], key: String? = nil,
    onError: OnError = .quarantine, batchSize: Int = 4096, encoding: SourceEncoding = .declared(.utf8),
    members: String = "*"
) -> SourceSpec {
    let here = Core.SourceLocation(file: "test.yaml", line: 1, column: 1)
    return SourceSpec(
        name: name, path: path, pathLocation: here, format: format, encoding: encoding, members: members, key: key,
        fields: fields.map { FieldMapping(field: $0.replacingOccurrences(of: ".", with: "_"), column: $0, location: here) },
        target: "t", onError: onError, batchSize: batchSize, location: here)
}

func csvOptions(
    delimiter: Character = ",", header: Bool = true, columns: [String] = [], maxRecordBytes: Int = 1 << 20
) -> CSVOptions {
    var options = CSVOptions()
    options.delimiter = delimiter.asciiValue!
    options.header = header
    options.columns = columns
    options.maxRecordBytes = maxRecordBytes
    return options
}

func jsonlOptions(maxRecordBytes: Int = 1 << 20) -> JSONLinesOptions {
    var options = JSONLinesOptions()
    options.maxRecordBytes = maxRecordBytes
    return options
}

/// Reads every batch of `source`.
func readAll(_ source: SourceSpec, base: String = Fixture.root) throws(ExtractError) -> (SourceExtractor, [Batch]) {
    var extractor = try SourceExtractor(source: source, baseDirectory: base)
    var batches: [Batch] = []
    while let batch = try extractor.nextBatch() { batches.append(batch) }
    return (extractor, batches)
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
