/// A rule that can rewrite a value's UTF-8 bytes into a buffer. The cleanser runs consecutive
/// byte rules of a field (`collapse_spaces`, `person_name`, `tone`) on bytes, one after the
/// other, and makes one `String` at the end, where `apply` would make one per rule that
/// changes the value. `rewrite` and `apply` are the same function.
protocol ByteRewriteRule: FieldRule {
    /// The most bytes `rewrite` writes for an input of `count` bytes.
    func capacity(forBytes count: Int) -> Int

    /// Rewrites `input` (valid UTF-8) into `out` (`capacity(forBytes: input.count)` bytes).
    func rewrite(_ input: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> ByteRewrite
}

/// What a `ByteRewriteRule` did to a value.
enum ByteRewrite {
    /// The value stays as it is (`apply` leaves it untouched).
    case same
    /// The value is the first `count` bytes of the output buffer.
    case rewritten(count: Int)
    /// The rule refused or flagged the value, which stays as it is.
    case failed(RuleFailure)
}

extension ByteRewriteRule {
    /// `apply` by way of `rewrite`, into a buffer on the stack: one `String` when the value
    /// changes, none when it does not.
    func applyRewriting(_ value: inout String?) -> RuleFailure? {
        guard let v = value else { return nil }
        return RuleBytes.withUTF8(v) { b in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity(forBytes: b.count)) { out in
                switch rewrite(b, into: out) {
                case .same:
                    return nil
                case .rewritten(let count):
                    value = String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self)
                    return nil
                case .failed(let failure):
                    return failure
                }
            }
        }
    }
}
