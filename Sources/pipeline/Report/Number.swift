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
        var out: [UInt8] = []
        appendFixed(x, places, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `x` with `places` decimals: no locale, no exponent, no Foundation formatting.
    static func appendFixed(_ x: Double, _ places: Int, to out: inout [UInt8]) {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        // Not finite, or too large for an integer once scaled: Swift's own form.
        guard x.isFinite, abs(x) * Double(scale) < 9e18 else {
            out.append(contentsOf: String(x).utf8)
            return
        }
        let scaled = Int((abs(x) * Double(scale)).rounded())
        if x < 0 && scaled > 0 { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: String(scaled / scale).utf8)
        guard places > 0 else { return }
        out.append(UInt8(ascii: "."))
        let digits = String(scaled % scale)
        for _ in 0..<(places - digits.utf8.count) { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: digits.utf8)
    }

    /// `part` of `whole` as a percentage with one decimal (`-` when `whole` is 0).
    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "-" : fixed(Double(part) / Double(whole) * 100, 1) + "%"
    }
}
