import Core

/// A qualified name as a dump writes it (`` `hoso` ``, `public.hoso`, `"HoSo"`), its parts unquoted.
struct SQLName: Equatable {
    var parts: [String]

    var display: String { parts.joined(separator: ".") }

    /// Whether the name ends with `target`'s parts, compared without ASCII case (PostgreSQL
    /// folds unquoted names to lower case; MySQL table names are case-insensitive on some systems).
    func matches(_ target: [String]) -> Bool {
        guard !target.isEmpty, parts.count >= target.count else { return false }
        for (a, b) in zip(parts.suffix(target.count), target) where !Self.equalIgnoringCase(a, b) { return false }
        return true
    }

    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && x | 0x20 >= UInt8(ascii: "a") && x | 0x20 <= UInt8(ascii: "z"))
        }
    }

    /// The parts of a `table` option: split at dots outside quotes, quotes removed.
    static func parse(_ text: String) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        var quote: UInt8?
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == q {
                    if i + 1 < bytes.count && bytes[i + 1] == q {
                        current.append(q)
                        i += 1
                    } else {
                        quote = nil
                    }
                } else {
                    current.append(b)
                }
            } else if b == UInt8(ascii: "`") || b == UInt8(ascii: "\"") {
                quote = b
            } else if b == UInt8(ascii: ".") {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(b)
            }
            i += 1
        }
        parts.append(String(decoding: current, as: UTF8.self))
        return parts
    }
}

/// What a statement is, told from its first tokens.
enum SQLStatementHead: Equatable {
    /// `INSERT [IGNORE] INTO name [(columns)] VALUES`: `length` bytes up to and including `VALUES`.
    case insert(table: SQLName, columns: [String]?, length: Int)
    /// An INSERT without a VALUES list (`INSERT ... SELECT`, `INSERT ... SET`, `DEFAULT VALUES`).
    case insertWithoutValues(table: SQLName)
    /// `COPY name [(columns)] FROM stdin ...;`: `length` bytes up to and including the `;`;
    /// `plain` when nothing but the `;` follows `stdin` (pg_dump's text format).
    case copy(table: SQLName, columns: [String]?, length: Int, plain: Bool)
    /// `CREATE TABLE [IF NOT EXISTS] name`: the column list starts after `bodyStart`.
    case createTable(table: SQLName, bodyStart: Int)
    /// `SET standard_conforming_strings = on|off`.
    case setStandardStrings(Bool)
    /// The MySQL client's `DELIMITER xx` line: `length` bytes through its line feed.
    case delimiter([UInt8], length: Int)
    case other
    /// More bytes are needed to tell.
    case needMore

    /// Classifies the statement starting at `bytes[0]`.
    /// - Parameters:
    ///   - final: No more bytes will come for this decision (end of input, or the head limit).
    /// - Returns: The head, and the dialect its syntax shows (backticks, `COPY`, `DELIMITER`), if any.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, rules: SQLRules) -> (SQLStatementHead, SQLDialect?) {
        var scanner = SQLHeadScanner(b: bytes, final: final, rules: rules)
        do {
            let head = try scanner.classify()
            return (head, scanner.evidence)
        } catch {
            return (.needMore, nil)
        }
    }
}

/// Reads the tokens of a statement's head: words, quoted identifiers, punctuation.
struct SQLHeadScanner {
    struct NeedMore: Error {}

    enum Token: Equatable {
        case word(String)
        case quoted(String)
        case punct(UInt8)
        case end
    }

    let b: UnsafeBufferPointer<UInt8>
    let final: Bool
    let rules: SQLRules
    var i = 0
    var evidence: SQLDialect?

    init(b: UnsafeBufferPointer<UInt8>, final: Bool, rules: SQLRules) {
        self.b = b
        self.final = final
        self.rules = rules
    }

    mutating func classify() throws(NeedMore) -> SQLStatementHead {
        guard case .word(let first) = try next() else { return .other }
        switch first.uppercased() {
        case "INSERT", "REPLACE":
            return try insert()
        case "COPY":
            evidence = .postgres
            return try copy()
        case "CREATE":
            return try create()
        case "SET":
            return try set()
        case "SELECT":
            if case .word(let w) = try next(), w.lowercased() == "pg_catalog" { evidence = .postgres }
            return .other
        case "DELIMITER":
            evidence = .mysql
            return try delimiterCommand()
        case "LOCK", "UNLOCK":
            evidence = .mysql
            return .other
        default:
            return .other
        }
    }

    private mutating func insert() throws(NeedMore) -> SQLStatementHead {
        var t = try next()
        while case .word(let w) = t, ["IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY"].contains(w.uppercased()) {
            t = try next()
        }
        if case .word(let w) = t, w.uppercased() == "INTO" { t = try next() }
        guard let table = try name(startingWith: t) else { return .other }
        t = try next()
        if case .word(let w) = t, w.uppercased() == "AS" {
            _ = try next()
            t = try next()
        }
        var columns: [String]?
        if t == .punct(UInt8(ascii: "(")) {
            guard let list = try identifierList() else { return .insertWithoutValues(table: table) }
            columns = list
            t = try next()
        }
        if case .word(let w) = t, w.uppercased() == "OVERRIDING" {
            _ = try next()  // SYSTEM | USER
            _ = try next()  // VALUE
            t = try next()
        }
        if case .word(let w) = t, w.uppercased() == "VALUES" || w.uppercased() == "VALUE" {
            return .insert(table: table, columns: columns, length: i)
        }
        return .insertWithoutValues(table: table)
    }

    private mutating func copy() throws(NeedMore) -> SQLStatementHead {
        guard let table = try name(startingWith: try next()) else { return .other }
        var t = try next()
        var columns: [String]?
        if t == .punct(UInt8(ascii: "(")) {
            guard let list = try identifierList() else { return .other }
            columns = list
            t = try next()
        }
        guard case .word(let from) = t, from.uppercased() == "FROM" else { return .other }
        guard case .word(let source) = try next(), source.lowercased() == "stdin" else { return .other }
        let afterStdin = i
        // Options up to the `;`, outside single quotes.
        var j = i
        var quoted = false
        while j < b.count {
            if b[j] == UInt8(ascii: "'") {
                quoted.toggle()
            } else if b[j] == UInt8(ascii: ";") && !quoted {
                break
            }
            j += 1
        }
        if j >= b.count {
            if !final { throw NeedMore() }
            return .other
        }
        var plain = true
        for k in afterStdin..<j where !SQLLexer.isSpace(b[k]) { plain = false }
        return .copy(table: table, columns: columns, length: j + 1, plain: plain)
    }

    private mutating func create() throws(NeedMore) -> SQLStatementHead {
        var t = try next()
        while case .word(let w) = t, ["TEMPORARY", "TEMP", "UNLOGGED", "GLOBAL", "LOCAL"].contains(w.uppercased()) {
            t = try next()
        }
        guard case .word(let w) = t, w.uppercased() == "TABLE" else { return .other }
        t = try next()
        if case .word(let w) = t, w.uppercased() == "IF" {
            _ = try next()  // NOT
            _ = try next()  // EXISTS
            t = try next()
        }
        guard let table = try name(startingWith: t) else { return .other }
        return .createTable(table: table, bodyStart: i)
    }

    private mutating func set() throws(NeedMore) -> SQLStatementHead {
        guard case .word(let w) = try next(), w.lowercased() == "standard_conforming_strings" else { return .other }
        evidence = .postgres
        var t = try next()
        if t == .punct(UInt8(ascii: "=")) { t = try next() }
        if case .word(let to) = t, to.uppercased() == "TO" { t = try next() }
        guard case .word(let value) = t else { return .other }
        switch value.lowercased() {
        case "on", "true": return .setStandardStrings(true)
        case "off", "false": return .setStandardStrings(false)
        default: return .other
        }
    }

    private mutating func delimiterCommand() throws(NeedMore) -> SQLStatementHead {
        var j = i
        while j < b.count && (b[j] == 0x20 || b[j] == 0x09) { j += 1 }
        var k = j
        while k < b.count && !SQLLexer.isSpace(b[k]) { k += 1 }
        var e = k
        while e < b.count && b[e] != 0x0A { e += 1 }
        if e >= b.count && !final { throw NeedMore() }
        guard k > j else { return .other }
        return .delimiter(Array(b[j..<k]), length: min(e + 1, b.count))
    }

    /// A qualified name whose first token is `first`.
    private mutating func name(startingWith first: Token) throws(NeedMore) -> SQLName? {
        guard let part = Self.identifier(first) else { return nil }
        var parts = [part]
        while true {
            let save = i
            guard try next() == .punct(UInt8(ascii: ".")) else {
                i = save
                return SQLName(parts: parts)
            }
            guard let part = Self.identifier(try next()) else { return nil }
            parts.append(part)
        }
    }

    /// `a, b, c)` after an opening parenthesis; nil when it is not a list of names.
    private mutating func identifierList() throws(NeedMore) -> [String]? {
        var names: [String] = []
        while true {
            guard let name = Self.identifier(try next()) else { return nil }
            names.append(name)
            switch try next() {
            case .punct(UInt8(ascii: ",")): continue
            case .punct(UInt8(ascii: ")")): return names
            default: return nil
            }
        }
    }

    private static func identifier(_ token: Token) -> String? {
        switch token {
        case .word(let w): return w
        case .quoted(let q): return q
        default: return nil
        }
    }

    /// The next token; throws when the bytes end before it is complete and more may come.
    mutating func next() throws(NeedMore) -> Token {
        try skipSpace()
        guard i < b.count else { return .end }
        let c = b[i]
        if SQLLexer.isIdentifier(c) {
            let start = i
            while i < b.count && SQLLexer.isIdentifier(b[i]) { i += 1 }
            if i == b.count && !final { throw NeedMore() }
            return .word(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
        }
        if (c == UInt8(ascii: "`") && rules.backticks) || c == UInt8(ascii: "\"") {
            if evidence == nil { evidence = c == UInt8(ascii: "`") ? .mysql : .postgres }
            var text: [UInt8] = []
            var j = i + 1
            while true {
                while j < b.count && b[j] != c {
                    text.append(b[j])
                    j += 1
                }
                if j >= b.count {
                    if !final { throw NeedMore() }
                    i = j
                    return .end
                }
                if j + 1 >= b.count && !final { throw NeedMore() }
                if j + 1 < b.count && b[j + 1] == c {
                    text.append(c)
                    j += 2
                    continue
                }
                break
            }
            i = j + 1
            return .quoted(String(decoding: text, as: UTF8.self))
        }
        i += 1
        return .punct(c)
    }

    /// Skips white space and comments.
    private mutating func skipSpace() throws(NeedMore) {
        while true {
            while i < b.count && SQLLexer.isSpace(b[i]) { i += 1 }
            guard i < b.count else {
                if final { return }
                throw NeedMore()
            }
            let c = b[i]
            let next: UInt8? = i + 1 < b.count ? b[i + 1] : nil
            if (c == UInt8(ascii: "/") || c == UInt8(ascii: "-")) && next == nil && !final { throw NeedMore() }
            if c == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                var j = i + 2
                while j + 1 < b.count && !(b[j] == UInt8(ascii: "*") && b[j + 1] == UInt8(ascii: "/")) { j += 1 }
                if j + 1 >= b.count {
                    if !final { throw NeedMore() }
                    i = b.count
                    return
                }
                i = j + 2
                continue
            }
            if (c == UInt8(ascii: "-") && next == UInt8(ascii: "-")) || (c == UInt8(ascii: "#") && rules.hashComments) {
                var j = i
                while j < b.count && b[j] != 0x0A { j += 1 }
                if j >= b.count {
                    if !final { throw NeedMore() }
                    i = b.count
                    return
                }
                i = j + 1
                continue
            }
            return
        }
    }
}
