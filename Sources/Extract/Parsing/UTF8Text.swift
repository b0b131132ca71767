/// Strings from bytes, validating UTF-8 once per record rather than once per field.
enum UTF8Text {
    /// Whether `bytes` is valid UTF-8 (RFC 3629: shortest forms only, no surrogates, nothing
    /// above U+10FFFF), as `String(validating:as:)` decides.
    /// - Complexity: O(n).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        UTF8Check.firstInvalidIndex(bytes) == nil
    }

    /// A String of `bytes`, which the caller has validated (they are a slice, cut at ASCII
    /// bytes, of a validated buffer).
    static func string(validated bytes: UnsafeBufferPointer<UInt8>) -> String {
        if #available(macOS 26.0, *) {
            return String(copying: unsafe UTF8Span(unchecked: bytes.span))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
