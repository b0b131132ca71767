internal import Core

/// One cell as read: OCR's reading of a scanned cell, or a typed cell's text.
public struct RegisterCell: Sendable, Hashable {
    public var text: String
    /// OCR confidence 0...100 (the cell's lowest word confidence); `nil` for typed registers
    /// (no OCR) and for empty cells.
    public var confidence: Float?

    public init(text: String, confidence: Float? = nil) {
        self.text = text
        self.confidence = confidence
    }
}
