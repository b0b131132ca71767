/// A byte-level JSON validator over one record (a JSON Lines line, an element of a JSON
/// document's records array) that captures the values of requested paths.
///
/// Strings give their unescaped text (`\uXXXX` and surrogate pairs included), numbers and
/// booleans their literal text, `null` gives `nil`, objects and arrays their raw JSON text.
/// A duplicate key's last value wins. Any syntax error throws with the byte offset in the bytes.
struct JSONScanner {
    /// A syntax error: what was expected at which offset of the scanned bytes, and what was found.
    struct SyntaxError: Error {
        var offset: Int
        /// The message before the position: `expected ':' after the key`, `invalid literal`.
        var head: String
        /// The message after the position: `, found '1'`, `; expected true, false or null`.
        var tail: String
        /// Whether the message names a position (an empty line has none).
        var positioned = true

        /// The message with the position as a byte offset of the line (JSON Lines).
        var message: String { message(at: "byte offset \(offset) of the line") }

        /// The message with the position as the caller names it (`line 3, byte 120`).
        func message(at position: String) -> String {
            positioned ? "\(head) at \(position)\(tail)" : head + tail
        }
    }

    /// Deeper nesting is an error (the scanner recurses).
    static let maxDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private let trie: FieldPathTrie
    /// What the end of the bytes is called in messages.
    private let endName: String
    private var i = 0
    /// Captured values, one per column of the trie.
    var values: ContiguousArray<String?>
    private var scratch: [UInt8]

    /// - Parameters:
    ///   - bytes: The record's bytes.
    ///   - trie: The requested paths; `values` has one entry per column.
    ///   - scratch: A buffer to reuse for unescaping (see ``takeScratch()``).
    ///   - endName: What messages call the end of `bytes` (`found the end of the line`).
    init(
        bytes: UnsafeBufferPointer<UInt8>, trie: FieldPathTrie, columnCount: Int, scratch: [UInt8],
        endName: String = "the end of the line"
    ) {
        self.bytes = bytes
        self.trie = trie
        self.endName = endName
        self.values = ContiguousArray(repeating: nil, count: columnCount)
        self.scratch = scratch
    }

    /// Gives back the scratch buffer for reuse.
    mutating func takeScratch() -> [UInt8] {
        var s: [UInt8] = []
        swap(&s, &scratch)
        return s
    }

    /// Scans the line as one JSON object followed by optional whitespace.
    mutating func scanObjectLine() throws(SyntaxError) {
        try scanWholeObject(after: "expected the end of the line after the JSON object")
    }

    /// Scans the bytes as one JSON object, with optional whitespace around it.
    /// - Parameter after: What a message says was expected after the object, when more follows.
    mutating func scanWholeObject(after: String) throws(SyntaxError) {
        skipWhitespace()
        guard i < bytes.count else {
            throw SyntaxError(offset: i, head: "expected a JSON object", tail: ", found an empty line", positioned: false)
        }
        guard bytes[i] == UInt8(ascii: "{") else {
            guard let kind = Self.kind(of: bytes[i]) else { throw error("expected a JSON object") }
            throw SyntaxError(offset: i, head: "expected a JSON object", tail: ", found \(kind)")
        }
        try scanObject(node: 0, depth: 1)
        skipWhitespace()
        if i < bytes.count { throw error(after) }
    }

    /// Scans the bytes as exactly one JSON string and returns its unescaped text (an object key
    /// outside the records, compared with a path).
    mutating func scanWholeString() throws(SyntaxError) -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected '\"'") }
        let text = try scanString(keep: true) ?? ""
        if i < bytes.count { throw error("expected the end of the string") }
        return text
    }

    /// The kind of JSON value that starts with `byte` (`an array`), or `nil` if none does.
    static func kind(of byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default: return nil
        }
    }

    // MARK: Values

    private mutating func scanValue(node: Int?, depth: Int) throws(SyntaxError) {
        skipWhitespace()
        guard i < bytes.count else { throw error("expected a value") }
        let column = node.flatMap(trie.column)
        let start = i
        switch bytes[i] {
        case UInt8(ascii: "{"):
            try scanObject(node: node.flatMap { trie.hasChildren($0) ? $0 : nil }, depth: depth + 1)
            if let column { values[column] = text(start, i) }
        case UInt8(ascii: "["):
            try scanArray(depth: depth + 1)
            if let column { values[column] = text(start, i) }
        case UInt8(ascii: "\""):
            if let column {
                values[column] = try scanString(keep: true)
            } else {
                _ = try scanString(keep: false)
            }
        case UInt8(ascii: "t"):
            try literal("true")
            if let column { values[column] = "true" }
        case UInt8(ascii: "f"):
            try literal("false")
            if let column { values[column] = "false" }
        case UInt8(ascii: "n"):
            try literal("null")
            if let column { values[column] = nil }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            if let column { values[column] = text(start, i) }
        default:
            throw error("expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func scanObject(node: Int?, depth: Int) throws(SyntaxError) {
        guard depth <= Self.maxDepth else { throw error("expected at most \(Self.maxDepth) levels of nesting") }
        i += 1  // {
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            return
        }
        var first = true
        while true {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw error(first ? "expected a string key or '}'" : "expected a string key after ','")
            }
            first = false
            var child: Int?
            if let node {
                child = try scanKey(in: node)
            } else {
                _ = try scanString(keep: false)
            }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
            i += 1
            try scanValue(node: child, depth: depth)
            skipWhitespace()
            guard i < bytes.count else { throw error("expected ',' or '}' after a value in an object") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                skipWhitespace()
            } else if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return
            } else {
                throw error("expected ',' or '}' after a value in an object")
            }
        }
    }

    private mutating func scanArray(depth: Int) throws(SyntaxError) {
        guard depth <= Self.maxDepth else { throw error("expected at most \(Self.maxDepth) levels of nesting") }
        i += 1  // [
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            return
        }
        while true {
            try scanValue(node: nil, depth: depth)
            skipWhitespace()
            guard i < bytes.count else { throw error("expected ',' or ']' after a value in an array") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return
            } else {
                throw error("expected ',' or ']' after a value in an array")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let start = i
        let count = word.utf8CodeUnitCount
        let p = word.utf8Start
        for k in 0..<count {
            guard i < bytes.count, bytes[i] == p[k] else {
                throw SyntaxError(offset: start, head: "invalid literal", tail: "; expected true, false or null")
            }
            i += 1
        }
    }

    private mutating func scanNumber() throws(SyntaxError) {
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit in a number") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit after the decimal point") }
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit in the exponent") }
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count && isDigit(bytes[i]) {
            throw error("expected no leading zeros in a number")
        }
    }

    // MARK: Strings

    /// Scans a key and finds it among `node`'s children.
    private mutating func scanKey(in node: Int) throws(SyntaxError) -> Int? {
        let start = i + 1
        let escaped = try scanStringBody()
        if !escaped {
            return trie.child(of: node, key: UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]))
        }
        unescape(start, i - 1)
        return scratch.withUnsafeBufferPointer { trie.child(of: node, key: $0) }
    }

    /// Scans a string; with `keep`, returns its unescaped text.
    private mutating func scanString(keep: Bool) throws(SyntaxError) -> String? {
        let start = i + 1
        let escaped = try scanStringBody()
        guard keep else { return nil }
        if !escaped { return text(start, i - 1) }
        unescape(start, i - 1)
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Moves past a string starting at the opening quote; returns whether it has escapes.
    private mutating func scanStringBody() throws(SyntaxError) -> Bool {
        i += 1  // "
        var escaped = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return escaped
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                i += 1
                guard i < bytes.count else { break }
                switch bytes[i] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 1
                case UInt8(ascii: "u"):
                    let escapeStart = i - 1
                    let value = try hexEscape()
                    if value >= 0xDC00 && value <= 0xDFFF {
                        throw SyntaxError(offset: escapeStart, head: "unpaired surrogate escape",
                                          tail: "; expected a low surrogate to follow a high surrogate")
                    }
                    if value >= 0xD800 && value <= 0xDBFF {
                        let unpaired = SyntaxError(
                            offset: escapeStart, head: "unpaired surrogate escape",
                            tail: "; expected a high surrogate to be followed by a low surrogate \\uDC00-\\uDFFF")
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw unpaired
                        }
                        i += 1
                        let low = try hexEscape()
                        guard low >= 0xDC00 && low <= 0xDFFF else { throw unpaired }
                    }
                default:
                    throw error("expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\'")
                }
                continue
            }
            if b < 0x20 { throw error("expected a control character in a string to be escaped") }
            i += 1
        }
        throw error("expected '\"' to close the string")
    }

    /// Reads the four hex digits after `u` (with `i` at the `u`), leaving `i` after them.
    private mutating func hexEscape() throws(SyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for k in 1...4 {
            guard i + k < bytes.count, let digit = hexValue(bytes[i + k]) else {
                i += k
                throw error("expected 4 hex digits after '\\u'")
            }
            v = v << 4 | UInt32(digit)
        }
        i += 5
        return v
    }

    /// Writes the unescaped bytes of the string body `[start, end)`, which
    /// ``scanStringBody()`` has checked, to `scratch`.
    private mutating func unescape(_ start: Int, _ end: Int) {
        scratch.removeAll(keepingCapacity: true)
        var k = start
        while k < end {
            let b = bytes[k]
            guard b == UInt8(ascii: "\\") else {
                scratch.append(b)
                k += 1
                continue
            }
            let e = bytes[k + 1]
            k += 2
            switch e {
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: k)
                k += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    // scanStringBody checked that a low surrogate escape follows.
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (hex4(at: k + 2) - 0xDC00)
                    k += 6
                }
                appendUTF8(scalar)
            default: scratch.append(e)  // " \ /
            }
        }
    }

    private func hex4(at k: Int) -> UInt32 {
        var v: UInt32 = 0
        for j in 0..<4 { v = v << 4 | UInt32(hexValue(bytes[k + j]) ?? 0) }
        return v
    }

    private mutating func appendUTF8(_ v: UInt32) {
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(v))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | v >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | v >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }

    // MARK: Helpers

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// An error at the current byte: what was expected, and what was found.
    private func error(_ expected: String) -> SyntaxError {
        let found = i < bytes.count ? UTF8Check.describe(bytes[i]) : endName
        return SyntaxError(offset: i, head: expected, tail: ", found \(found)")
    }
}
