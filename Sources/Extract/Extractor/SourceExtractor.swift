public import Core

/// Reads a source's files in order and yields ``Batch``es of up to `batch_size` records.
///
/// Each batch comes from one file. Records the parser cannot read become ``Reject``s in the
/// batch (`on_error: quarantine`) or stop the source with an ``ExtractError`` (`on_error:
/// stop`). Memory stays bounded by the batch, `max_record_bytes` and a 1 MiB read chunk.
///
/// - Important: The extractor owns open files; copies share them. Keep one owner.
public struct SourceExtractor {
    /// The source being read.
    public let source: SourceSpec
    /// The files the source's `path` matched, in the order they are read.
    public let files: [InputFile]
    /// One entry per file read to its end, in order.
    public private(set) var fileStats: [FileStats] = []

    private var fileIndex = 0
    private var cursor: (any FileCursorProtocol)?
    private var failed = false

    /// Finds the source's files.
    /// - Parameters:
    ///   - source: The source as the pipeline file declares it.
    ///   - baseDirectory: The directory a relative `path` starts from (the pipeline file's).
    /// - Throws: `ExtractError(.noFiles)` when `path` matches no file.
    public init(source: SourceSpec, baseDirectory: String) throws(ExtractError) {
        self.source = source
        self.files = try FileDiscovery.files(matching: source.path, relativeTo: baseDirectory)
    }

    /// The next batch, or `nil` after the last file.
    /// - Throws: `ExtractError` for a file that cannot be read or decoded, a CSV header that lacks
    ///   a needed column, or (with `on_error: stop`) the first malformed record, with its position.
    public mutating func nextBatch() throws(ExtractError) -> Batch? {
        guard !failed else { return nil }
        do {
            return try readBatch()
        } catch {
            failed = true
            cursor = nil
            throw error
        }
    }

    private mutating func readBatch() throws(ExtractError) -> Batch? {
        let limit = max(source.batchSize, 1)
        while true {
            if cursor == nil {
                guard fileIndex < files.count else { return nil }
                cursor = try open(files[fileIndex])
            }
            guard let cursor else { return nil }
            let file = files[fileIndex]
            var batch = Batch(source: source.name, file: file.name, columns: [])
            batch.rows.reserveCapacity(min(limit, 1 << 16))
            batch.origins.reserveCapacity(min(limit, 1 << 16))
            var fileDone = false
            while batch.recordCount < limit {
                guard let record = try cursor.next() else {
                    fileDone = true
                    break
                }
                try append(record, to: &batch)
            }
            batch.columns = cursor.columns ?? []
            if fileDone {
                fileStats.append(cursor.stats)
                self.cursor = nil
                fileIndex += 1
            }
            if batch.recordCount > 0 { return batch }
        }
    }

    private func open(_ file: InputFile) throws(ExtractError) -> any FileCursorProtocol {
        let stream = try ByteStream.open(path: file.path, name: file.name)
        switch source.format {
        case .csv(let options):
            let parser = try CSVReader(options: options, requiredColumns: source.neededColumns, file: file.name)
            return FileCursor(stream: stream, parser: parser, name: file.name)
        case .jsonl(let options):
            let parser = JSONLinesReader(options: options, paths: source.neededColumns)
            return FileCursor(stream: stream, parser: parser, name: file.name)
        }
    }

    private func append(_ record: ParsedRecord, to batch: inout Batch) throws(ExtractError) {
        switch record.content {
        case .row(let values):
            batch.rows.append(values)
            batch.origins.append(record.origin)
            if let document = record.document { batch.documents.append(document) }
        case .malformed(let bad):
            guard source.onError == .quarantine else {
                throw ExtractError(bad.reason == .invalidEncoding ? .invalidEncoding : .malformedRecord,
                                   file: batch.file, line: record.origin.line, byteOffset: record.origin.byteOffset,
                                   bad.detail)
            }
            batch.rejects.append(Reject(
                source: source.name, file: batch.file, origin: record.origin, reason: bad.reason,
                detail: bad.detail, original: RawRecordJSON.document(bad.raw, truncated: bad.truncated)))
        }
    }
}
