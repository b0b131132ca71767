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

    /// What the file being read has given so far (its encoding once detected); `nil` between files.
    public var currentFileStats: FileStats? { cursor?.stats }

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
        self.files = try FileDiscovery.files(
            matching: source.path, relativeTo: baseDirectory, members: source.format.isText ? source.members : nil)
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
        let needed = source.neededColumns
        if case .xlsx(let options) = source.format {
            return try XLSXCursor(file: file, options: options, requiredColumns: needed)
        }
        if case .scan = source.format {
            throw ExtractError(.cannotOpen, file: file.name,
                               "a scanned page is read with OCR as a register source, not record by record")
        }
        let input = try InputOpener.open(file)
        var stats = FileStats(file: file.name, isGzip: input.isGzip)
        let text = try decodedText(input, stats: &stats)
        switch source.format {
        case .csv(let options):
            let parser = try CSVReader(options: options, requiredColumns: needed, file: file.name)
            return FileCursor(input: input, text: text, parser: parser, stats: stats)
        case .jsonl(let options):
            let parser = JSONLinesReader(options: options, paths: needed)
            return FileCursor(input: input, text: text, parser: parser, stats: stats)
        case .json(let options):
            let parser = try JSONDocumentReader(options: options, paths: needed, file: file.name)
            return FileCursor(input: input, text: text, parser: parser, stats: stats)
        case .xml(let options):
            let parser = try XMLRecordReader(options: options, paths: needed, file: file.name)
            return FileCursor(input: input, text: text, parser: parser, stats: stats)
        case .sql(let options):
            let parser = try SQLDumpReader(options: options, requiredColumns: needed, file: file.name)
            return FileCursor(input: input, text: text, parser: parser, stats: stats)
        case .fixed(let options):
            let parser = try FixedWidthReader(options: options, requiredColumns: needed, file: file.name)
            return FileCursor(input: input, text: text, parser: parser, stats: stats)
        case .xlsx, .scan:
            preconditionFailure("xlsx and scans are opened above")
        }
    }

    /// The input's text as UTF-8: the bytes themselves for UTF-8 (parsers check them), else a
    /// decoding from the declared or detected encoding, recorded in `stats`.
    /// - Throws: `ExtractError(.undetectableEncoding)` with the candidates when `encoding: auto`
    ///   cannot decide.
    private func decodedText(_ input: OpenedInput, stats: inout FileStats) throws(ExtractError) -> any ByteSource {
        let encoding: TextEncoding
        switch source.encoding {
        case .declared(let declared):
            encoding = declared
        case .auto:
            let peek = try PeekableSource(input.source)
            let sample = try peek.peek(Self.detectionSampleBytes)
            let detection = EncodingDetector.detect(sample, isComplete: sample.count < Self.detectionSampleBytes)
            guard let chosen = detection.encoding else {
                throw ExtractError(.undetectableEncoding, file: input.source.name, detection.explanation)
            }
            stats.encoding = chosen
            stats.encodingConfidence = detection.confidence
            return chosen == .utf8 ? peek : TranscodingSource(peek, encoding: chosen)
        }
        stats.encoding = encoding
        return encoding == .utf8 ? input.source : TranscodingSource(input.source, encoding: encoding)
    }

    /// Reads every file's text to its end without parsing it: the bytes through the container
    /// and character decoding only (what `pipeline scan --decode-only` measures).
    /// - Returns: Each file's stats (`bytesRead`, `bytesDecoded` = UTF-8 bytes, encoding).
    public func decodeOnly() throws(ExtractError) -> [FileStats] {
        var out: [FileStats] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        for file in files {
            let input = try InputOpener.open(file)
            var stats = FileStats(file: file.name, isGzip: input.isGzip)
            let text = try decodedText(input, stats: &stats)
            while true {
                let n = try text.read(into: chunk)
                if n == 0 { break }
                stats.bytesDecoded += Int64(n)
            }
            stats.bytesRead = input.storedBytesRead
            out.append(stats)
        }
        return out
    }

    /// How much of a file `encoding: auto` looks at.
    static let detectionSampleBytes = 256 << 10

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
