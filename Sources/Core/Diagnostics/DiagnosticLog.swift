/// Collects the diagnostics of one pipeline file, with its text for caret displays.
public final class DiagnosticLog {
    public let file: String
    private let lines: [Substring]
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Records an error at `location`.
    public func error(_ message: String, at location: SourceLocation) {
        var text: String?
        if location.line >= 1 && location.line <= lines.count {
            var line = String(lines[location.line - 1])
            if line.hasSuffix("\r") { line.removeLast() }
            text = line
        }
        diagnostics.append(Diagnostic(message, at: location, lineText: text))
    }

    /// The location of `line`:`column` in this file.
    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }
}
