/// Masks personal values (names, citizen IDs, phones, addresses) for output.
///
/// Numbers keep their first four and last two digits (`038012345612` -> `0380******12`), so
/// an operator can still tell records apart and recognise a prefix; shorter ones keep only
/// their last two. Words keep their first letter (`Nguyễn Văn An` -> `N***** V** A*`).
/// Separators (spaces, `-`, `/`, `.`, `,`) are kept. Counted in Unicode scalars of NFC text.
public enum PersonalData {
    /// `value` masked.
    /// - Complexity: O(n) in the value's length.
    public static func mask(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        let digits = scalars.filter { $0.properties.numericType == .decimal }.count
        var out = String.UnicodeScalarView()
        if digits * 2 >= scalars.count {
            // Mostly digits: an ID or a phone number.
            let keepHead = scalars.count >= 10 ? 4 : 0
            let keepTail = scalars.count >= 4 ? 2 : 0
            for (i, s) in scalars.enumerated() {
                if i < keepHead || i >= scalars.count - keepTail || isSeparator(s) {
                    out.append(s)
                } else {
                    out.append("*")
                }
            }
        } else {
            var wordStart = true
            for s in scalars {
                if isSeparator(s) {
                    out.append(s)
                    wordStart = true
                } else if wordStart {
                    out.append(s)
                    wordStart = false
                } else if s.properties.generalCategory == .nonspacingMark {
                    continue
                } else {
                    out.append("*")
                }
            }
        }
        return String(out)
    }

    private static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "-" || s == "/" || s == "." || s == "," || s == "\t"
    }
}
