/// What one decoding step did: bytes consumed and produced, and the sequences that were not
/// valid in the encoding (passed through as invalid UTF-8).
struct DecodeStep {
    var consumed = 0
    var produced = 0
    var invalid = 0
    /// Index in the step's input of the first invalid sequence.
    var firstInvalid: Int?
}
