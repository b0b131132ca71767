/// Jaro-Winkler similarity of two strings, compared byte by byte (use it on folded text, which
/// is ASCII: `Nguyễn` and `Nguyen` fold alike).
public enum JaroWinkler {
    /// The similarity, from 0 (nothing in common) to 1 (equal).
    /// - Parameter prefixScale: Winkler's boost per common leading byte (at most 4 count).
    /// - Complexity: O(n·w), w the match window (half the longer length).
    public static func similarity(_ a: [UInt8], _ b: [UInt8], prefixScale: Double = 0.1) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in similarity(pa, pb, prefixScale: prefixScale) } }
    }

    /// The similarity of two byte buffers; allocates nothing for strings up to 256 bytes.
    public static func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>,
                                  prefixScale: Double = 0.1) -> Double {
        if a.count == b.count && (a.count == 0 || memcmpEqual(a, b)) { return 1 }
        if a.isEmpty || b.isEmpty { return 0 }
        let (s, t) = a.count <= b.count ? (a, b) : (b, a)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: s.count + t.count) { flags in
            flags.initialize(repeating: false)
            let window = max(0, t.count / 2 - 1)
            var matches = 0
            for i in 0..<s.count {
                let lo = max(0, i - window), hi = min(t.count - 1, i + window)
                guard lo <= hi else { continue }
                for j in lo...hi where !flags[s.count + j] && s[i] == t[j] {
                    flags[i] = true
                    flags[s.count + j] = true
                    matches += 1
                    break
                }
            }
            guard matches > 0 else { return 0 }
            var transpositions = 0
            var j = 0
            for i in 0..<s.count where flags[i] {
                while !flags[s.count + j] { j += 1 }
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

    @inline(__always)
    static func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }
}
