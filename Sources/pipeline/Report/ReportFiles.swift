import Foundation

/// Writes a report's files: `run-N.json` and `run-N.html` in the report directory.
enum ReportFiles {
    /// - Parameter name: The files' name without extension (default `run-N`).
    /// - Returns: The HTML file's path.
    /// - Throws: When the directory cannot be made or a file cannot be written.
    @discardableResult
    static func write(_ report: CleansingReport, to dir: String, name: String? = nil) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let base = "\(dir)/\(name ?? "run-\(report.manifest.runId)")"
        try Data((report.json() + "\n").utf8).write(to: URL(fileURLWithPath: base + ".json"))
        try Data(ReportHTML(report: report).render().utf8).write(to: URL(fileURLWithPath: base + ".html"))
        return base + ".html"
    }

    /// Writes a comparison as `compare-A-B.json` and `.html`.
    /// - Returns: The HTML file's path.
    @discardableResult
    static func write(_ comparison: ReportComparison, to dir: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let base = "\(dir)/compare-\(comparison.runA)-\(comparison.runB)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try (encoder.encode(comparison) + Data("\n".utf8)).write(to: URL(fileURLWithPath: base + ".json"))
        try Data(ComparisonHTML(comparison: comparison).render().utf8).write(to: URL(fileURLWithPath: base + ".html"))
        return base + ".html"
    }
}
