/// Numbers as the report prints them, the same on every machine and locale.
enum Number {
    /// `1234567` -> `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `x` with `places` decimals.
    static func fixed(_ x: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let r = (x * scale).rounded() / scale
        var s = String(r)
        if s.hasSuffix(".0"), places == 0 { s.removeLast(2) }
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: s.index(after: dot), to: s.endIndex)
            if decimals < places { s += String(repeating: "0", count: places - decimals) }
        } else if places > 0 {
            s += "." + String(repeating: "0", count: places)
        }
        return s
    }

    /// `part` of `whole` as a percentage with one decimal (`-` when `whole` is 0).
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "-" : fixed(Double(part) / Double(whole) * 100, 1) + "%"
    }
}
