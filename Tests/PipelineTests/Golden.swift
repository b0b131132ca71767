import Foundation
import TestSupport
import Testing

/// Golden files under `Tests/Fixtures/Golden/`: `RECORD_GOLDEN=1` rewrites them, and the
/// recording run fails so that a recording is never mistaken for a pass.
enum Golden {
    static let directory = PipelineProcess.packageRoot.appendingPathComponent("Tests/Fixtures/Golden")

    /// Expects `text` to equal the golden file `name`, naming the first line that differs.
    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(file.path); run again without RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no golden file \(file.path); record it with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        guard text != expected else { return }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        Issue.record("""
            \(name) differs from its golden file at line \(line + 1):
              golden: \(line < a.count ? String(a[line].prefix(300)) : "<end>")
              actual: \(line < b.count ? String(b[line].prefix(300)) : "<end>")
            (RECORD_GOLDEN=1 rewrites it if the change is intended)
            """, sourceLocation: sourceLocation)
    }
}
