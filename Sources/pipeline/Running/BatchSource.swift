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

extension PipelineSpec {
    /// What reads `source` without a database: its extractor, or for a register its pages or
    /// file read and checked whole (no corrections applied, no dossiers linked).
    /// - Throws: ``ExtractError`` when the files cannot be found or read.
    func offlineReader(for source: SourceSpec) throws(ExtractError) -> any BatchSource {
        if let register = source.register {
            return try RegisterExtractor.offline(source: source, register: register, baseDirectory: directory)
        }
        return try SourceExtractor(source: source, baseDirectory: directory)
    }
}
