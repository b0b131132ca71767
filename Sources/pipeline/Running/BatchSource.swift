import Core
import Extract

/// What the reader thread reads a source through: a plain ``SourceExtractor``, or a
/// ``RegisterExtractor`` that reads and checks a paper register.
protocol BatchSource {
    /// The files the source's `path` matched, in the order they are read.
    var files: [InputFile] { get }
    /// One entry per file read to its end.
    var fileStats: [FileStats] { get }
    /// The next batch, or `nil` after the last.
    mutating func nextBatch() throws(ExtractError) -> Batch?
}

extension SourceExtractor: BatchSource {}
