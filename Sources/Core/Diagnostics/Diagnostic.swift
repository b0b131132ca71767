/// One problem found in a pipeline file, with where it is and what was expected.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    /// The text of the offending line, for the compiler-style caret display.
    public var lineText: String?

    public init(_ message: String, at location: SourceLocation, lineText: String? = nil) {
        self.message = message
        self.location = location
        self.lineText = lineText
    }

    /// `file:line:column: error: message`
    public var description: String { "\(location): error: \(message)" }

    /// The compiler-style rendering: the error line, then the source line and a caret under
    /// the column.
    public var rendered: String {
        guard let lineText else { return description }
        var caret = ""
        for (i, scalar) in lineText.unicodeScalars.enumerated() where i < location.column - 1 {
            caret.append(scalar == "\t" ? "\t" : " ")
        }
        return "\(description)\n\(lineText)\n\(caret)^"
    }
}

/// Everything wrong with a pipeline file: validation reports every problem, not the first.
public struct PipelineFileError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.rendered).joined(separator: "\n") }
}
