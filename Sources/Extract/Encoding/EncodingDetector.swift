import Core

/// STUB (to be replaced): what ``EncodingDetector`` concluded about a file's first bytes.
struct EncodingDetection: Sendable {
    /// The encoding chosen, or `nil` when the evidence is too thin to choose.
    var encoding: TextEncoding?
    /// 0...1: how sure the choice is.
    var confidence: Double
    /// Every encoding considered, best first, with its score.
    var candidates: [(encoding: TextEncoding, score: Double)]
    /// Why no encoding was chosen, or what decided it, in words for an error message.
    var explanation: String
}

enum EncodingDetector {
    /// Detects the encoding of `sample`, the first bytes of a file (`isComplete`: the whole file).
    static func detect(_ sample: [UInt8], isComplete: Bool) -> EncodingDetection {
        EncodingDetection(encoding: .utf8, confidence: 1, candidates: [(.utf8, 1)], explanation: "stub")
    }
}
