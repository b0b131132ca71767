import Core

/// The lexical rules of a dump's dialect that decide where strings, identifiers, comments and
/// statements end.
struct SQLRules: Equatable {
    /// `'...'` takes backslash escapes (MySQL; PostgreSQL with `standard_conforming_strings = off`).
    var backslashInSingle: Bool
    /// `"..."` is a string with backslash escapes (MySQL), not an identifier (PostgreSQL).
    var doubleIsString: Bool
    /// `# comment` (MySQL).
    var hashComments: Bool
    /// `--` starts a comment only before a space or control character (MySQL).
    var dashNeedsSpace: Bool
    /// `$$...$$` and `$tag$...$tag$` (PostgreSQL).
    var dollarQuotes: Bool
    /// `/* /* */ */` nests (PostgreSQL).
    var nestedComments: Bool
    /// `E'...'` takes backslash escapes (PostgreSQL).
    var eStrings: Bool
    /// `` `name` `` quotes identifiers (MySQL).
    var backticks: Bool

    static let mysql = SQLRules(backslashInSingle: true, doubleIsString: true, hashComments: true, dashNeedsSpace: true,
                                dollarQuotes: false, nestedComments: false, eStrings: false, backticks: true)

    static func postgres(standardStrings: Bool) -> SQLRules {
        SQLRules(backslashInSingle: !standardStrings, doubleIsString: false, hashComments: false, dashNeedsSpace: false,
                 dollarQuotes: true, nestedComments: true, eStrings: true, backticks: false)
    }

    /// Before the dialect is known: MySQL strings (a dump without a header is most often
    /// MySQL's), with PostgreSQL's dollar quotes and `E'...'` recognised too.
    static let undecided = SQLRules(backslashInSingle: true, doubleIsString: false, hashComments: true, dashNeedsSpace: false,
                                    dollarQuotes: true, nestedComments: false, eStrings: true, backticks: true)
}

/// A resumable scanner over SQL text that knows where strings, quoted identifiers, comments and
/// dollar-quoted bodies begin and end, so that statement and tuple boundaries are found only in
/// code.
///
/// ``scan(_:from:to:atEOF:rules:delimiter:stop:)`` stops at what `stop` asks for, or returns the
/// first byte it could not decide (a quote that may be doubled, a `-` that may start a comment)
/// so the caller can call again from there with more bytes: the result never depends on how
/// the input was split.
struct SQLLexer {
    enum Mode: Equatable {
        case code
        case single(escapes: Bool)
        case double(escapes: Bool)
        case backtick
        case lineComment
        case blockComment(depth: Int)
        case dollar
    }

    /// What makes ``scan(_:from:to:atEOF:rules:delimiter:stop:)`` stop (always in code).
    struct Stop {
        /// The statement delimiter (`;`, or what `DELIMITER` set), at any depth.
        var delimiter = true
        /// `)` at parenthesis depth 0.
        var closeParen = false
        /// `,` at depth 0.
        var comma = false
        /// `(` at depth 0.
        var openParen = false
        /// Any byte of code that is not white space (comments are skipped).
        var significant = false

        static let statement = Stop()
        static let tupleEnd = Stop(closeParen: true)
        static let element = Stop(closeParen: true, comma: true)
        static let tupleStart = Stop(openParen: true)
        static let token = Stop(significant: true)
    }

    enum Result: Equatable {
        /// Stopped at this index, in code.
        case stop(Int)
        /// Every byte before this index is scanned; the rest needs more input.
        case needMore(Int)
    }

    private(set) var mode = Mode.code
    /// Parenthesis depth in code.
    private(set) var depth = 0
    /// The tag of the open dollar quote (without the `$`s).
    private var tag: [UInt8] = []
    /// The last two bytes of code, to tell `E'` and `$tag$` from identifiers ending in E or $.
    private var prev: UInt8 = 0x20
    private var prev2: UInt8 = 0x20
    /// Where the open string, identifier or comment began (an index of the scanned buffer).
    private(set) var openedAt = 0

    init() {}

    /// Forgets everything: a fresh scan in code.
    mutating func reset() { self = SQLLexer() }

    /// Moves the indexes the lexer keeps (``openedAt``) after the caller consumed `count` bytes.
    mutating func shift(_ count: Int) { openedAt -= count }

    var inString: Bool {
        switch mode {
        case .single, .double, .backtick, .dollar: return true
        default: return false
        }
    }

    static func isIdentifier(_ b: UInt8) -> Bool {
        (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") || b >= 0x80
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x0B }

    /// Scans `bytes[from..<limit]` (bytes up to `bytes.count` may be looked at ahead).
    /// - Parameters:
    ///   - atEOF: No byte will follow `bytes`: what waits for a byte ahead is decided without it.
    ///   - delimiter: The statement delimiter.
    /// - Returns: Where it stopped, or how far it got.
    mutating func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to limit: Int, atEOF: Bool, rules: SQLRules,
        delimiter: [UInt8], stop: Stop
    ) -> Result {
        let end = bytes.count
        let d0 = delimiter[0]
        var i = from
        while i < limit {
            switch mode {
            case .code:
                let b = bytes[i]
                if Self.isSpace(b) {
                    prev2 = prev
                    prev = b
                    i += 1
                    continue
                }
                if b == d0 && stop.delimiter {
                    if delimiter.count == 1 { return .stop(i) }
                    if i + delimiter.count > end && !atEOF { return .needMore(i) }
                    if Self.matches(bytes, i, delimiter) { return .stop(i) }
                }
                if stop.significant {
                    // A comment opener that is still undecided waits.
                    if needsLookahead(bytes, i, rules: rules, atEOF: atEOF) { return .needMore(i) }
                    if !startsComment(bytes, i, rules: rules, atEOF: atEOF) { return .stop(i) }
                }
                switch b {
                case UInt8(ascii: "'"):
                    let escapes = rules.backslashInSingle
                        || (rules.eStrings && (prev | 0x20 == UInt8(ascii: "e")) && !Self.isIdentifier(prev2))
                    open(.single(escapes: escapes), at: i)
                case UInt8(ascii: "\""):
                    open(.double(escapes: rules.doubleIsString), at: i)
                case UInt8(ascii: "`") where rules.backticks:
                    open(.backtick, at: i)
                case UInt8(ascii: "#") where rules.hashComments:
                    open(.lineComment, at: i)
                case UInt8(ascii: "-"):
                    if needsLookahead(bytes, i, rules: rules, atEOF: atEOF) { return .needMore(i) }
                    if startsComment(bytes, i, rules: rules, atEOF: atEOF) {
                        open(.lineComment, at: i)
                        i += 2
                        continue
                    }
                case UInt8(ascii: "/"):
                    if i + 1 >= end && !atEOF { return .needMore(i) }
                    if i + 1 < end && bytes[i + 1] == UInt8(ascii: "*") {
                        open(.blockComment(depth: 1), at: i)
                        i += 2
                        continue
                    }
                case UInt8(ascii: "$") where rules.dollarQuotes && !Self.isIdentifier(prev):
                    var j = i + 1
                    while j < end && Self.isIdentifier(bytes[j]) && bytes[j] != UInt8(ascii: "$") { j += 1 }
                    if j >= end && !atEOF { return .needMore(i) }
                    let first = i + 1 < end ? bytes[i + 1] : 0
                    if j < end && bytes[j] == UInt8(ascii: "$") && !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) {
                        tag = Array(bytes[(i + 1)..<j])
                        open(.dollar, at: i)
                        i = j + 1
                        continue
                    }
                case UInt8(ascii: "("):
                    if stop.openParen && depth == 0 { return .stop(i) }
                    depth += 1
                case UInt8(ascii: ")"):
                    if stop.closeParen && depth == 0 { return .stop(i) }
                    depth = max(depth - 1, 0)
                case UInt8(ascii: ","):
                    if stop.comma && depth == 0 { return .stop(i) }
                default:
                    break
                }
                if case .code = mode {
                    prev2 = prev
                    prev = b
                }
                i += 1
            case .single(let escapes):
                let quote = UInt8(ascii: "'")
                while i < limit && bytes[i] != quote && !(escapes && bytes[i] == UInt8(ascii: "\\")) { i += 1 }
                guard i < limit else { break }
                if bytes[i] != quote {
                    // A backslash: the next byte is taken as is.
                    if i + 1 >= end && !atEOF { return .needMore(i) }
                    i += 2
                    continue
                }
                if i + 1 >= end && !atEOF { return .needMore(i) }
                if i + 1 < end && bytes[i + 1] == quote {
                    i += 2
                } else {
                    close(quote)
                    i += 1
                }
            case .double(let escapes):
                let quote = UInt8(ascii: "\"")
                while i < limit && bytes[i] != quote && !(escapes && bytes[i] == UInt8(ascii: "\\")) { i += 1 }
                guard i < limit else { break }
                if bytes[i] != quote {
                    if i + 1 >= end && !atEOF { return .needMore(i) }
                    i += 2
                    continue
                }
                if i + 1 >= end && !atEOF { return .needMore(i) }
                if i + 1 < end && bytes[i + 1] == quote {
                    i += 2
                } else {
                    close(quote)
                    i += 1
                }
            case .backtick:
                let quote = UInt8(ascii: "`")
                while i < limit && bytes[i] != quote { i += 1 }
                guard i < limit else { break }
                if i + 1 >= end && !atEOF { return .needMore(i) }
                if i + 1 < end && bytes[i + 1] == quote {
                    i += 2
                } else {
                    close(quote)
                    i += 1
                }
            case .lineComment:
                while i < limit && bytes[i] != 0x0A { i += 1 }
                guard i < limit else { break }
                mode = .code
                i += 1
            case .blockComment(let level):
                while i < limit && bytes[i] != UInt8(ascii: "*") && bytes[i] != UInt8(ascii: "/") { i += 1 }
                guard i < limit else { break }
                if i + 1 >= end && !atEOF { return .needMore(i) }
                let next: UInt8 = i + 1 < end ? bytes[i + 1] : 0
                if bytes[i] == UInt8(ascii: "*") && next == UInt8(ascii: "/") {
                    mode = level == 1 ? .code : .blockComment(depth: level - 1)
                    if level == 1 { prev = 0x20; prev2 = 0x20 }
                    i += 2
                } else if bytes[i] == UInt8(ascii: "/") && next == UInt8(ascii: "*") && rules.nestedComments {
                    mode = .blockComment(depth: level + 1)
                    i += 2
                } else {
                    i += 1
                }
            case .dollar:
                while i < limit && bytes[i] != UInt8(ascii: "$") { i += 1 }
                guard i < limit else { break }
                let closing = i + tag.count + 1
                if closing >= end && !atEOF { return .needMore(i) }
                if closing < end && bytes[closing] == UInt8(ascii: "$") && Self.matches(bytes, i + 1, tag) {
                    close(UInt8(ascii: "$"))
                    i = closing + 1
                } else {
                    i += 1
                }
            }
        }
        return .needMore(i)
    }

    private mutating func open(_ mode: Mode, at i: Int) {
        self.mode = mode
        openedAt = i
    }

    private mutating func close(_ quote: UInt8) {
        mode = .code
        prev2 = prev
        prev = quote
    }

    /// Whether `-` at `i` needs bytes not yet read to tell a comment from a minus sign.
    private func needsLookahead(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, rules: SQLRules, atEOF: Bool) -> Bool {
        guard !atEOF else { return false }
        let b = bytes[i]
        if b == UInt8(ascii: "-") {
            if i + 1 >= bytes.count { return true }
            return rules.dashNeedsSpace && bytes[i + 1] == UInt8(ascii: "-") && i + 2 >= bytes.count
        }
        if b == UInt8(ascii: "/") { return i + 1 >= bytes.count }
        return false
    }

    /// Whether a comment starts at `i` (decided: ``needsLookahead`` is false).
    private func startsComment(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, rules: SQLRules, atEOF: Bool) -> Bool {
        let b = bytes[i]
        let end = bytes.count
        switch b {
        case UInt8(ascii: "#"):
            return rules.hashComments
        case UInt8(ascii: "-"):
            guard i + 1 < end, bytes[i + 1] == UInt8(ascii: "-") else { return false }
            guard rules.dashNeedsSpace else { return true }
            return i + 2 >= end || bytes[i + 2] <= 0x20
        case UInt8(ascii: "/"):
            return i + 1 < end && bytes[i + 1] == UInt8(ascii: "*")
        default:
            return false
        }
    }

    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ word: [UInt8]) -> Bool {
        guard at + word.count <= bytes.count else { return false }
        for k in 0..<word.count where bytes[at + k] != word[k] { return false }
        return true
    }
}
