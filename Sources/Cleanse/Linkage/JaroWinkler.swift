/// Jaro-Winkler similarity of two strings, compared byte by byte (use it on folded text, which
/// is ASCII: `Nguyễn` and `Nguyen` fold alike).
public enum JaroWinkler {
    /// The similarity, from 0 (nothing in common) to 1 (equal).
    /// - Parameters:
    ///   - prefixScale: Winkler's boost per common leading byte (at most 4 count), 0.1 by default.
    /// - Complexity: O(n·m) in the worst case, O(n·w) with the usual match window w.
    public static func similarity(_ a: [UInt8], _ b: [UInt8], prefixScale: Double = 0.1) -> Double {
        if a == b { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        let (s, t) = a.count <= b.count ? (a, b) : (b, a)
        let window = max(0, t.count / 2 - 1)
        var sMatched = [Bool](repeating: false, count: s.count)
        var tMatched = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in 0..<s.count {
            let lo = max(0, i - window), hi = min(t.count - 1, i + window)
            guard lo <= hi else { continue }
            for j in lo...hi where !tMatched[j] && s[i] == t[j] {
                sMatched[i] = true
                tMatched[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<s.count where sMatched[i] {
            while !tMatched[j] { j += 1 }
            if s[i] != t[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, s.count), s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * prefixScale * (1 - jaro)
    }
}
