internal import Core

/// What ``RegisterAssembler`` made of a page (or a typed file).
public struct RegisterPageResult: Sendable {
    public var entries: [RegisterEntry]
    /// Header rows, column-number rows and empty rows.
    public var skippedRows: [Int]
    /// Doubtful fields over all non-empty fields of the entries (0 when there are none).
    public var doubtfulShare: Double

    public init(entries: [RegisterEntry], skippedRows: [Int], doubtfulShare: Double) {
        self.entries = entries
        self.skippedRows = skippedRows
        self.doubtfulShare = doubtfulShare
    }
}
