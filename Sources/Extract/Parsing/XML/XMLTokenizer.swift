internal import Glibc

/// A byte-level XML 1.0 tokenizer: delimits one token at a time in a buffer that may end in the
/// middle of one (then it answers ``Status/needMore`` and the caller rescans from the token's
/// start once more bytes have come).
///
/// It delimits elements, attributes (either quote style), comments, CDATA sections, processing
/// instructions (the XML declaration is one) and a DOCTYPE with an internal subset (skipped
/// whole; no entity is declared or expanded). References in text and attribute values are left
/// to ``XMLCharacterData``. A tag with bad attribute syntax still ends at the next `>`, with
/// the first problem in ``XMLToken/problem``, so element boundaries can be recovered.
struct XMLTokenizer {
    enum Status: Equatable {
        /// `token` holds a complete token.
        case token
        /// The bytes end inside the token starting at the scanned index.
        case needMore
        /// The bytes at the index cannot start a token (`<` followed by a space).
        case invalid(XMLProblem)
    }

    static let lt = UInt8(ascii: "<")
    static let gt = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let bang = UInt8(ascii: "!")
    static let question = UInt8(ascii: "?")
    static let equals = UInt8(ascii: "=")
    static let dquote = UInt8(ascii: "\"")
    static let squote = UInt8(ascii: "'")
    static let colon = UInt8(ascii: ":")
    static let lbracket = UInt8(ascii: "[")
    static let rbracket = UInt8(ascii: "]")
    static let dash = UInt8(ascii: "-")

    private static let commentOpen: [UInt8] = Array("<!--".utf8)
    private static let cdataOpen: [UInt8] = Array("<![CDATA[".utf8)
    private static let doctypeOpen: [UInt8] = Array("<!DOCTYPE".utf8)

    /// The attributes of the last start tag scanned.
    private(set) var attributes: [XMLAttribute] = []

    init() {
        attributes.reserveCapacity(16)
    }

    // MARK: Byte classes

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }

    /// A byte that may start a name: an ASCII letter, `_`, `:`, or any byte of a non-ASCII character.
    @inline(__always)
    static func isNameStart(_ b: UInt8) -> Bool {
        let lower = b | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || b == 0x5F || b == 0x3A || b >= 0x80
    }

    /// A byte that may continue a name: a name start, a digit, `-` or `.`.
    @inline(__always)
    static func isNameChar(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
    }

    /// The index of the first `byte` in `bytes[from..<to]`.
    @inline(__always)
    static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the `>` of the first `xx>` (`-->`, `]]>`) or `x>` (`?>`) at or after `from`.
    static func findTerminator(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, repeated x: UInt8, count: Int
    ) -> Int? {
        var k = from + count
        while let gt = find(gt, in: bytes, from: k, to: bytes.count) {
            if gt - count >= from && bytes[gt - 1] == x && (count == 1 || bytes[gt - 2] == x) { return gt }
            k = gt + 1
        }
        return nil
    }

    /// `true` when `keyword` is at `i`, `false` when it cannot be, `nil` while the bytes end in
    /// a prefix of it.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, _ keyword: [UInt8]) -> Bool? {
        var k = 0
        while k < keyword.count {
            if i + k >= bytes.count { return nil }
            if bytes[i + k] != keyword[k] { return false }
            k += 1
        }
        return true
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    // MARK: Scanning

    /// Delimits the token starting at `start`.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, into token: inout XMLToken) -> Status {
        let n = bytes.count
        guard start < n else { return .needMore }
        token.start = start
        token.problem = nil
        if bytes[start] != Self.lt {
            token.kind = .text
            token.end = Self.find(Self.lt, in: bytes, from: start, to: n) ?? n
            return .token
        }
        guard start + 1 < n else { return .needMore }
        let c = bytes[start + 1]
        if c == Self.slash { return scanEndTag(bytes, start, &token) }
        if c == Self.bang { return scanMarkup(bytes, start, &token) }
        if c == Self.question { return scanProcessingInstruction(bytes, start, &token) }
        if Self.isNameStart(c) { return scanStartTag(bytes, start, &token) }
        return .invalid(XMLProblem(offset: start + 1, found: "\(UTF8Check.describe(c)) after '<'",
                                   expected: "an element name, '/', '!' or '?' after '<' (write a literal '<' as &lt;)"))
    }

    private mutating func scanStartTag(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ token: inout XMLToken
    ) -> Status {
        let n = bytes.count
        var j = start + 1
        while j < n && Self.isNameChar(bytes[j]) { j += 1 }
        if j == n { return .needMore }
        token.nameStart = start + 1
        token.nameEnd = j
        attributes.removeAll(keepingCapacity: true)
        while true {
            let spaceStart = j
            while j < n && Self.isSpace(bytes[j]) { j += 1 }
            if j == n { return .needMore }
            let spaced = j > spaceStart
            let c = bytes[j]
            if c == Self.gt {
                token.kind = .startTag
                token.end = j + 1
                return .token
            }
            if c == Self.slash {
                if j + 1 == n { return .needMore }
                if bytes[j + 1] == Self.gt {
                    token.kind = .emptyElementTag
                    token.end = j + 2
                    return .token
                }
                return recover(bytes, from: j + 1, &token, XMLProblem(
                    offset: j + 1, found: "\(UTF8Check.describe(bytes[j + 1])) after '/' in tag \(tagName(bytes, token))",
                    expected: "'/>' or '>'"))
            }
            if !Self.isNameStart(c) {
                return recover(bytes, from: j, &token, XMLProblem(
                    offset: j, found: "\(UTF8Check.describe(c)) in tag \(tagName(bytes, token))",
                    expected: "an attribute name, '>' or '/>'"))
            }
            if !spaced {
                return recover(bytes, from: j, &token, XMLProblem(
                    offset: j, found: "an attribute name right after the previous value in tag \(tagName(bytes, token))",
                    expected: "white space between attributes"))
            }
            let nameStart = j
            var colon = -1
            while j < n && Self.isNameChar(bytes[j]) {
                if bytes[j] == Self.colon && colon < 0 { colon = j }
                j += 1
            }
            let nameEnd = j
            while j < n && Self.isSpace(bytes[j]) { j += 1 }
            if j == n { return .needMore }
            let name = { Self.text(bytes, nameStart, nameEnd) }
            if bytes[j] != Self.equals {
                return recover(bytes, from: j, &token, XMLProblem(
                    offset: j, found: "\(UTF8Check.describe(bytes[j])) after attribute name '\(name())'",
                    expected: "'=' and a quoted value"))
            }
            j += 1
            while j < n && Self.isSpace(bytes[j]) { j += 1 }
            if j == n { return .needMore }
            let quote = bytes[j]
            if quote != Self.dquote && quote != Self.squote {
                return recover(bytes, from: j, &token, XMLProblem(
                    offset: j, found: "\(UTF8Check.describe(quote)) as the value of attribute '\(name())'",
                    expected: "a value in double or single quotes"))
            }
            var k = j + 1
            while k < n && bytes[k] != quote && bytes[k] != Self.lt { k += 1 }
            if k == n { return .needMore }
            if bytes[k] == Self.lt {
                // '<' cannot be in a value: most likely the closing quote is missing.
                return recover(bytes, from: j + 1, &token, XMLProblem(
                    offset: k, found: "'<' in the value of attribute '\(name())'",
                    expected: "the closing \(UTF8Check.describe(quote)) of the value (write a literal '<' as &lt;)"))
            }
            attributes.append(XMLAttribute(nameStart: nameStart, nameEnd: nameEnd, colon: colon,
                                           valueStart: j + 1, valueEnd: k))
            j = k + 1
        }
    }

    /// Ends a tag with a problem at the next `>` from `from`.
    private func recover(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, _ token: inout XMLToken, _ problem: XMLProblem
    ) -> Status {
        guard let gt = Self.find(Self.gt, in: bytes, from: from, to: bytes.count) else { return .needMore }
        token.kind = bytes[gt - 1] == Self.slash && gt - 1 >= token.nameEnd ? .emptyElementTag : .startTag
        token.end = gt + 1
        token.problem = problem
        return .token
    }

    private func tagName(_ bytes: UnsafeBufferPointer<UInt8>, _ token: XMLToken) -> String {
        "<" + Self.text(bytes, token.nameStart, token.nameEnd) + ">"
    }

    private func scanEndTag(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ token: inout XMLToken) -> Status {
        let n = bytes.count
        var j = start + 2
        while j < n && Self.isNameChar(bytes[j]) { j += 1 }
        if j == n { return .needMore }
        token.nameStart = start + 2
        token.nameEnd = j
        let nameEnd = j
        let problem: XMLProblem
        if nameEnd == start + 2 {
            problem = XMLProblem(offset: j, found: "\(UTF8Check.describe(bytes[j])) after '</'", expected: "an element name")
        } else {
            while j < n && Self.isSpace(bytes[j]) { j += 1 }
            if j == n { return .needMore }
            if bytes[j] == Self.gt {
                token.kind = .endTag
                token.end = j + 1
                return .token
            }
            problem = XMLProblem(offset: j, found: "\(UTF8Check.describe(bytes[j])) in end tag </\(Self.text(bytes, start + 2, nameEnd))>",
                                 expected: "'>'")
        }
        guard let gt = Self.find(Self.gt, in: bytes, from: j, to: n) else { return .needMore }
        token.kind = .endTag
        token.end = gt + 1
        token.problem = problem
        return .token
    }

    private func scanMarkup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ token: inout XMLToken) -> Status {
        switch Self.matches(bytes, at: start, Self.commentOpen) {
        case nil: return .needMore
        case true?:
            let from = start + 4
            guard let gt = Self.findTerminator(bytes, from: from, repeated: Self.dash, count: 2) else { return .needMore }
            token.kind = .comment
            token.contentStart = from
            token.contentEnd = gt - 2
            token.end = gt + 1
            return .token
        case false?: break
        }
        let cdata = Self.matches(bytes, at: start, Self.cdataOpen)
        if cdata == true {
            let from = start + 9
            guard let gt = Self.findTerminator(bytes, from: from, repeated: Self.rbracket, count: 2) else { return .needMore }
            token.kind = .cdata
            token.contentStart = from
            token.contentEnd = gt - 2
            token.end = gt + 1
            return .token
        }
        let doctype = Self.matches(bytes, at: start, Self.doctypeOpen)
        if doctype == true { return scanDoctype(bytes, start, &token) }
        if cdata == nil || doctype == nil { return .needMore }
        return .invalid(XMLProblem(offset: start, found: "'<!' not starting a comment, CDATA section or DOCTYPE",
                                   expected: "'<!--', '<![CDATA[' or '<!DOCTYPE'"))
    }

    private func scanProcessingInstruction(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ token: inout XMLToken
    ) -> Status {
        let n = bytes.count
        var j = start + 2
        while j < n && Self.isNameChar(bytes[j]) { j += 1 }
        if j == n { return .needMore }
        guard let gt = Self.findTerminator(bytes, from: j, repeated: Self.question, count: 1) else { return .needMore }
        token.kind = .processingInstruction
        token.nameStart = start + 2
        token.nameEnd = j
        token.end = gt + 1
        return .token
    }

    /// `<!DOCTYPE name ExternalID? [internal subset]? >`: quoted literals, and in the subset
    /// comments and processing instructions, may hold `>` and `]`.
    private func scanDoctype(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ token: inout XMLToken) -> Status {
        let n = bytes.count
        var j = start + 9
        var inSubset = false
        while j < n {
            let b = bytes[j]
            if b == Self.dquote || b == Self.squote {
                guard let close = Self.find(b, in: bytes, from: j + 1, to: n) else { return .needMore }
                j = close + 1
                continue
            }
            if inSubset {
                if b == Self.rbracket {
                    inSubset = false
                } else if b == Self.lt {
                    if j + 1 >= n { return .needMore }
                    if bytes[j + 1] == Self.question {
                        guard let gt = Self.findTerminator(bytes, from: j + 2, repeated: Self.question, count: 1) else {
                            return .needMore
                        }
                        j = gt + 1
                        continue
                    }
                    switch Self.matches(bytes, at: j, Self.commentOpen) {
                    case nil: return .needMore
                    case true?:
                        guard let gt = Self.findTerminator(bytes, from: j + 4, repeated: Self.dash, count: 2) else {
                            return .needMore
                        }
                        j = gt + 1
                        continue
                    case false?: break
                    }
                }
            } else if b == Self.lbracket {
                inSubset = true
            } else if b == Self.gt {
                token.kind = .doctype
                token.end = j + 1
                return .token
            }
            j += 1
        }
        return .needMore
    }

    /// What an incomplete token at `start` is, for "the file ends inside ..." messages:
    /// the construct and the terminator expected.
    static func unterminated(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (what: String, expected: String) {
        if matches(bytes, at: start, commentOpen) == true { return ("comment", "'-->'") }
        if matches(bytes, at: start, cdataOpen) == true { return ("CDATA section", "']]>'") }
        if matches(bytes, at: start, doctypeOpen) == true { return ("DOCTYPE", "'>'") }
        if start + 1 < bytes.count && bytes[start + 1] == question { return ("processing instruction", "'?>'") }
        if start + 1 < bytes.count && bytes[start + 1] == slash { return ("end tag", "'>'") }
        return ("tag", "'>'")
    }
}
