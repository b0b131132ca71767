/// Whether text is one JSON document (RFC 8259), so that a `jsonb` column never makes the
/// server refuse a loaded row.
enum JSONCheck {
    /// - Complexity: O(n) in the text's length; nesting deeper than 512 levels is refused.
    static func isValid(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var p = Parser(bytes: bytes)
            p.space()
            guard p.value(depth: 0) else { return false }
            p.space()
            return p.i == bytes.count
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func space() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1 }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < 512, let b = peek else { return false }
            switch b {
            case UInt8(ascii: "{"):
                i += 1
                space()
                if peek == UInt8(ascii: "}") { i += 1; return true }
                while true {
                    space()
                    guard peek == UInt8(ascii: "\""), string() else { return false }
                    space()
                    guard peek == UInt8(ascii: ":") else { return false }
                    i += 1
                    space()
                    guard value(depth: depth + 1) else { return false }
                    space()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    guard peek == UInt8(ascii: "}") else { return false }
                    i += 1
                    return true
                }
            case UInt8(ascii: "["):
                i += 1
                space()
                if peek == UInt8(ascii: "]") { i += 1; return true }
                while true {
                    space()
                    guard value(depth: depth + 1) else { return false }
                    space()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    guard peek == UInt8(ascii: "]") else { return false }
                    i += 1
                    return true
                }
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        /// A string; `\u0000` is refused, as `jsonb` refuses it.
        mutating func string() -> Bool {
            i += 1
            while let b = peek {
                i += 1
                switch b {
                case UInt8(ascii: "\""): return true
                case UInt8(ascii: "\\"):
                    guard let e = peek else { return false }
                    i += 1
                    if e == UInt8(ascii: "u") {
                        guard i + 4 <= bytes.count else { return false }
                        var code = 0
                        for _ in 0..<4 {
                            guard let h = hex(bytes[i]) else { return false }
                            code = code * 16 + h
                            i += 1
                        }
                        if code == 0 { return false }
                    } else if !"\"\\/bfnrt".utf8.contains(e) {
                        return false
                    }
                case 0..<0x20: return false
                default: break
                }
            }
            return false
        }

        mutating func number() -> Bool {
            if peek == UInt8(ascii: "-") { i += 1 }
            guard let first = peek, isDigit(first) else { return false }
            if first == UInt8(ascii: "0") { i += 1 } else { digits() }
            if peek == UInt8(ascii: ".") {
                i += 1
                guard let d = peek, isDigit(d) else { return false }
                digits()
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                i += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                guard let d = peek, isDigit(d) else { return false }
                digits()
            }
            return true
        }

        mutating func digits() {
            while let b = peek, isDigit(b) { i += 1 }
        }

        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

        func hex(_ b: UInt8) -> Int? {
            switch b {
            case 0x30...0x39: Int(b - 0x30)
            case 0x41...0x46: Int(b - 0x41 + 10)
            case 0x61...0x66: Int(b - 0x61 + 10)
            default: nil
            }
        }
    }
}
