internal import Glibc
import Core

/// Reads the rows of one table from a plain-text `mysqldump` or `pg_dump` dump, without a
/// database: bytes in, one row at a time out.
///
/// Rows come from `INSERT ... VALUES (...), (...);` statements (mysqldump's extended inserts,
/// pg_dump `--inserts` / `--column-inserts`, `REPLACE`, `INSERT IGNORE`) and from pg_dump's
/// `COPY name (columns) FROM stdin;` blocks. Every other statement is skipped by a lexer that
/// honours strings, quoted identifiers, comments, dollar quotes and the MySQL client's
/// `DELIMITER`, so a `;` or an `INSERT` inside a function body or a string does not end or
/// start anything. Columns come from the statement's column list, else from the table's
/// `CREATE TABLE` earlier in the dump.
///
/// Each row is one record: its number is the row's ordinal in the table, its line and byte
/// offset where its tuple's `(` or its COPY line starts. A tuple with the wrong number of values,
/// a value that is not a literal, bytes between tuples that are not `,` or `;`, a COPY line with
/// the wrong number of fields, invalid UTF-8 in a value the pipeline reads, or a row longer
/// than `max_record_bytes` comes out as ``MalformedRecord`` and reading goes on at the next
/// tuple, line or statement.
///
/// Values: strings with the dialect's escapes decoded, `NULL` (and COPY's `\N`) as `nil`,
/// numbers and other bare words (`true`, `DEFAULT`) as written, hexadecimal literals (`0xCAFE`,
/// `X'CAFE'`) as text `0x...` (not decoded: the bytes they spell need not be UTF-8), a MySQL
/// `_binary '...'` or other charset introducer as its string, a PostgreSQL cast (`'1'::integer`)
/// dropped.
///
/// Memory: the dump is streamed and statements that are not read are skipped as they are lexed;
/// at most one tuple or COPY line (`max_record_bytes`), one statement head (64 KiB or
/// `max_record_bytes`) or the target table's `CREATE TABLE` (1 MiB or `max_record_bytes`) is held.
struct SQLDumpReader: RecordParser {
    private enum Phase {
        case start, between, head, skip, createTable, tuples, tuple, tupleSkip, garbage, copyData, copySkip, done
    }

    private enum Step {
        case record(ParsedRecord)
        case needMore
        case next
    }

    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    /// How much of the file's start `dialect: auto` reads for a dump's header comment.
    static let sniffBytes = 512

    let file: String
    let maxRecordBytes: Int
    let requiredColumns: [String]
    /// The `table` option's parts.
    private let target: [String]
    private let targetText: String

    var columns: [String]? { requiredColumns }

    private var dialect: SQLDialect?
    private var standardStrings = true
    private var rules: SQLRules
    private var delimiter: [UInt8] = [UInt8(ascii: ";")]

    private var phase = Phase.start
    /// Line of the first readable byte.
    private var line = 1
    /// Records so far (malformed ones included).
    private var ordinal = 0
    /// Bytes of the pending unit (tuple, line, statement) already scanned.
    private var scanned = 0
    private var lexer = SQLLexer()

    // The table.
    /// Its columns from its CREATE TABLE, and where that statement is.
    private var tableColumns: [String]?
    private var tableColumnsLine = 0
    private var sawTable = false
    private var otherTables: [String] = []

    // The target statement being read.
    private var statementName = ""
    private var statementColumns: [String] = []
    /// For each of the statement's columns, the index of the required column it fills, or -1.
    private var fieldMap: [Int] = []
    /// A tuple was just read: `,`, the delimiter or a trailing clause may follow.
    private var afterTuple = false
    /// The rest of a COPY statement's line is still to be skipped.
    private var copyLineRest = false
    /// In a COPY block being skipped: the first readable byte starts a line.
    private var atLineStart = true

    // A unit longer than max_record_bytes, being skipped.
    private var skipOrigin = RowOrigin(line: 1, byteOffset: 0, record: 0)
    private var skipPrefix: [UInt8] = []
    private var skipped = 0
    private var skipIsCopyLine = false
    /// Why the target statement being skipped cannot be read.
    private var unreadable: String?
    /// The first unexpected byte between tuples.
    private var garbageByte: UInt8 = 0

    private var scratch: [UInt8] = []

    /// - Parameters:
    ///   - options: The source's SQL options (`table`, `dialect`, `max_record_bytes`).
    ///   - requiredColumns: The table columns the pipeline reads, in column order.
    ///   - file: The file's name, for errors.
    /// - Throws: `ExtractError(.malformedRecord)` when `table` is empty.
    init(options: SQLOptions, requiredColumns: [String], file: String) throws(ExtractError) {
        self.file = file
        self.maxRecordBytes = max(options.maxRecordBytes, 1)
        self.requiredColumns = requiredColumns
        self.target = SQLName.parse(options.table)
        self.targetText = options.table
        guard !options.table.isEmpty, !target.contains(where: \.isEmpty) else {
            throw ExtractError(.malformedRecord, file: file,
                               "the 'table' option '\(options.table)' is not a table name; expected `name` or `schema.name`")
        }
        switch options.dialect {
        case .auto: dialect = nil
        case .mysql: dialect = .mysql
        case .postgres: dialect = .postgres
        }
        rules = .undecided
        updateRules()
        scratch.reserveCapacity(256)
    }

    // MARK: RecordParser

    mutating func next(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        try run(&input, atEOF: false)
    }

    mutating func finish(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        try run(&input, atEOF: true)
    }

    private mutating func run(_ input: inout ByteWindow, atEOF: Bool) throws(ExtractError) -> ParsedRecord? {
        while true {
            let step: Step
            switch phase {
            case .start: step = start(&input, atEOF: atEOF)
            case .between: step = between(&input, atEOF: atEOF)
            case .head: step = try head(&input, atEOF: atEOF)
            case .skip: step = skip(&input, atEOF: atEOF)
            case .createTable: step = createTable(&input, atEOF: atEOF)
            case .tuples: step = tuples(&input, atEOF: atEOF)
            case .tuple: step = tuple(&input, atEOF: atEOF)
            case .tupleSkip: step = tupleSkip(&input, atEOF: atEOF)
            case .garbage: step = garbage(&input, atEOF: atEOF)
            case .copyData: step = copyData(&input, atEOF: atEOF)
            case .copySkip: step = copySkip(&input, atEOF: atEOF)
            case .done: return nil
            }
            switch step {
            case .record(let record): return record
            case .next: continue
            case .needMore:
                guard atEOF else { return nil }
                // Nothing more will come: whatever the phase waited for is not there.
                if input.readableCount > 0 { advance(&input, input.readableCount) }
                phase = .done
                try checkTableFound()
            }
        }
    }

    // MARK: Statements

    private mutating func start(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let k = min(bytes.count, 3)
        if (0..<k).allSatisfy({ bytes[$0] == bom[$0] }) {
            if k < 3 && !atEOF { return .needMore }
            if k == 3 { input.consume(3) }
        }
        if dialect == nil {
            let head = input.readable
            if head.count < Self.sniffBytes && !atEOF { return .needMore }
            let sample = UnsafeBufferPointer(rebasing: head[..<min(head.count, Self.sniffBytes)])
            if Self.contains(sample, "MySQL dump") || Self.contains(sample, "MariaDB dump") {
                decide(.mysql)
            } else if Self.contains(sample, "PostgreSQL database dump") {
                decide(.postgres)
            }
        }
        enterBetween()
        return .next
    }

    private mutating func enterBetween() {
        phase = .between
        lexer.reset()
        scanned = 0
    }

    /// Skips white space, comments and empty statements up to the next statement.
    private mutating func between(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        switch lexer.scan(bytes, from: 0, to: bytes.count, atEOF: atEOF, rules: rules, delimiter: delimiter, stop: .token) {
        case .stop(let i):
            if SQLLexer.matches(bytes, i, delimiter) {
                advance(&input, i + delimiter.count)
                lexer.reset()
                return .next
            }
            advance(&input, i)
            phase = .head
            return .next
        case .needMore(let i):
            advance(&input, min(i, bytes.count))
            return .needMore
        }
    }

    private mutating func head(_ input: inout ByteWindow, atEOF: Bool) throws(ExtractError) -> Step {
        let bytes = input.readable
        // A statement's head (up to VALUES, or a COPY's `;`) may be longer than a row.
        let limit = max(maxRecordBytes, 1 << 16)
        let view = UnsafeBufferPointer(rebasing: bytes[..<min(bytes.count, limit)])
        let (head, evidence) = SQLStatementHead.classify(view, final: atEOF || bytes.count > limit, rules: rules)
        if let evidence, dialect == nil { decide(evidence) }
        switch head {
        case .needMore:
            if atEOF || bytes.count > limit { return startSkip() }
            return .needMore
        case .other:
            return startSkip()
        case .setStandardStrings(let on):
            standardStrings = on
            updateRules()
            return startSkip()
        case .delimiter(let newDelimiter, let length):
            advance(&input, length)
            delimiter = newDelimiter
            enterBetween()
            return .next
        case .createTable(let table, _):
            note(table)
            guard table.matches(target) else { return startSkip() }
            sawTable = true
            phase = .createTable
            lexer.reset()
            scanned = 0
            return .next
        case .insert(let table, let columns, let length):
            note(table)
            guard table.matches(target) else { return startSkip() }
            sawTable = true
            try beginStatement(table, columns: columns, what: "INSERT", at: input)
            advance(&input, length)
            phase = .tuples
            afterTuple = false
            lexer.reset()
            return .next
        case .insertWithoutValues(let table):
            note(table)
            guard table.matches(target) else { return startSkip() }
            sawTable = true
            // Skipped like any other statement, then reported with its text.
            skipOrigin = RowOrigin(line: line, byteOffset: input.streamOffset, record: 0)
            skipPrefix = []
            skipped = 0
            unreadable = "INSERT INTO \(table.display) at line \(line) has no VALUES list (INSERT ... SELECT or SET); "
                + "expected INSERT ... VALUES (...)"
            return startSkip()
        case .copy(let table, let columns, let length, let plain):
            note(table)
            let isTarget = table.matches(target)
            if isTarget {
                sawTable = true
                guard plain else {
                    throw ExtractError(.malformedRecord, file: file, line: line, byteOffset: input.streamOffset,
                                       "COPY \(table.display) at line \(line) has options after FROM stdin; expected "
                                           + "pg_dump's plain text format (COPY name (columns) FROM stdin;)")
                }
                try beginStatement(table, columns: columns, what: "COPY", at: input)
            }
            advance(&input, length)
            copyLineRest = true
            atLineStart = true
            scanned = 0
            phase = isTarget ? .copyData : .copySkip
            return .next
        }
    }

    /// The statement being skipped is a target INSERT that cannot be read: its record.
    private mutating func reportUnreadable() -> Step {
        guard let detail = unreadable else { return .next }
        unreadable = nil
        ordinal += 1
        let origin = RowOrigin(line: skipOrigin.line, byteOffset: skipOrigin.byteOffset, record: ordinal)
        let raw = Array(UTF8Check.scalarBoundaryPrefix(skipPrefix))
        let truncated = skipped > raw.count
        skipPrefix = []
        skipped = 0
        return .record(ParsedRecord(origin: origin, content: .malformed(
            MalformedRecord(reason: .malformedRecord, detail: detail, raw: raw, truncated: truncated))))
    }

    private mutating func startSkip() -> Step {
        phase = .skip
        lexer.reset()
        return .next
    }

    /// Lexes to the end of a statement that is not read, consuming as it goes.
    private mutating func skip(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        switch lexer.scan(bytes, from: 0, to: bytes.count, atEOF: atEOF, rules: rules, delimiter: delimiter, stop: .statement) {
        case .stop(let i):
            if unreadable != nil { keep(bytes, i) }
            advance(&input, i + delimiter.count)
            enterBetween()
            return reportUnreadable()
        case .needMore(let i):
            let n = min(i, bytes.count)
            if unreadable != nil { keep(bytes, atEOF ? bytes.count : n) }
            advance(&input, atEOF ? bytes.count : n)
            lexer.shift(n)
            if atEOF, case .record(let record) = reportUnreadable() {
                phase = .done
                return .record(record)
            }
            return .needMore
        }
    }

    /// The target table's CREATE TABLE: kept whole (up to a bound) to read its column names.
    private mutating func createTable(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        let limit = max(maxRecordBytes, 1 << 20)
        let end = min(bytes.count, limit)
        switch lexer.scan(bytes, from: scanned, to: end, atEOF: atEOF, rules: rules, delimiter: delimiter, stop: .statement) {
        case .stop(let i):
            let statement = UnsafeBufferPointer(rebasing: bytes[..<i])
            if case .createTable(_, let bodyStart) = SQLStatementHead.classify(statement, final: true, rules: rules).0 {
                let names = columnNames(statement, from: bodyStart)
                if !names.isEmpty {
                    tableColumns = names
                    tableColumnsLine = line
                }
            }
            advance(&input, i + delimiter.count)
            enterBetween()
            return .next
        case .needMore(let i):
            scanned = i
            if i >= limit || (atEOF && i >= bytes.count) {
                // Too long to keep: skip it without reading its columns.
                let n = min(i, bytes.count)
                advance(&input, n)
                lexer.shift(n)
                scanned = 0
                phase = .skip
                return .next
            }
            return .needMore
        }
    }

    /// The column names of a CREATE TABLE body: the first name of each element of the outer
    /// parentheses that is not a constraint or index.
    private func columnNames(_ statement: UnsafeBufferPointer<UInt8>, from bodyStart: Int) -> [String] {
        var i = bodyStart
        while i < statement.count && SQLLexer.isSpace(statement[i]) { i += 1 }
        guard i < statement.count, statement[i] == UInt8(ascii: "(") else { return [] }
        i += 1
        var names: [String] = []
        let notColumns: Set<String> = ["PRIMARY", "KEY", "UNIQUE", "INDEX", "CONSTRAINT", "FOREIGN", "CHECK", "FULLTEXT",
                                       "SPATIAL", "EXCLUDE", "LIKE", "PERIOD"]
        var element = SQLLexer()
        while i < statement.count {
            var scanner = SQLHeadScanner(b: UnsafeBufferPointer(rebasing: statement[i...]), final: true, rules: rules)
            if let token = try? scanner.next() {
                switch token {
                case .word(let w) where !notColumns.contains(w.uppercased()):
                    names.append(w)
                case .quoted(let q):
                    names.append(q)
                default:
                    break
                }
            }
            element.reset()
            switch element.scan(statement, from: i, to: statement.count, atEOF: true, rules: rules, delimiter: delimiter,
                                stop: .element) {
            case .stop(let j):
                if statement[j] != UInt8(ascii: ",") { return names }
                i = j + 1
            case .needMore:
                return names
            }
        }
        return names
    }

    /// Resolves the columns of a target statement and maps them to the required columns.
    /// - Throws: when a required column is missing or the columns are unknown.
    private mutating func beginStatement(
        _ table: SQLName, columns: [String]?, what: String, at input: ByteWindow
    ) throws(ExtractError) {
        let place = (what == "COPY" ? "COPY " : "INSERT INTO ") + "\(table.display) at line \(line)"
        guard let names = columns ?? tableColumns else {
            throw ExtractError(
                .malformedRecord, file: file, line: line, byteOffset: input.streamOffset,
                "\(place) has no column list and no CREATE TABLE for \(table.display) came before it, so its columns are "
                    + "unknown; expected a dump with CREATE TABLE statements or column lists (mysqldump --complete-insert, "
                    + "pg_dump --column-inserts)")
        }
        var map = [Int](repeating: -1, count: names.count)
        var missing: [String] = []
        for (r, wanted) in requiredColumns.enumerated() {
            let index = names.firstIndex(of: wanted) ?? names.firstIndex { SQLName.equalIgnoringCase($0, wanted) }
            if let index, map[index] == -1 {
                map[index] = r
            } else if index == nil {
                // A column the statement leaves out but the table has takes its default: NULL here.
                let inTable = columns != nil && (tableColumns?.contains { SQLName.equalIgnoringCase($0, wanted) } ?? false)
                if !inTable { missing.append(wanted) }
            }
        }
        if !missing.isEmpty {
            let quoted = { (list: [String]) in list.map { "'\($0)'" }.joined(separator: ", ") }
            let from = columns != nil ? "its column list" : "the CREATE TABLE at line \(tableColumnsLine)"
            throw ExtractError(
                .malformedRecord, file: file, line: line, byteOffset: input.streamOffset,
                "\(place) lacks \(missing.count == 1 ? "column" : "columns") \(quoted(missing)) that the pipeline reads; "
                    + "expected \(quoted(requiredColumns)), found \(quoted(names)) (from \(from))")
        }
        statementName = table.display
        statementColumns = names
        fieldMap = map
    }

    private mutating func note(_ table: SQLName) {
        let name = table.display
        if !table.matches(target) && otherTables.count < 20 && !otherTables.contains(name) { otherTables.append(name) }
    }

    private func checkTableFound() throws(ExtractError) {
        guard !sawTable else { return }
        let others = otherTables.isEmpty ? "it has no CREATE TABLE, INSERT or COPY for any table"
            : "its tables are " + otherTables.map { "'\($0)'" }.joined(separator: ", ")
        throw ExtractError(.malformedRecord, file: file,
                           "the dump has no CREATE TABLE, INSERT or COPY for table '\(targetText)'; \(others)")
    }

    // MARK: INSERT tuples

    /// Between the tuples of a target INSERT.
    private mutating func tuples(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        switch lexer.scan(bytes, from: 0, to: bytes.count, atEOF: atEOF, rules: rules, delimiter: delimiter, stop: .token) {
        case .needMore(let i):
            advance(&input, min(i, bytes.count))
            return .needMore
        case .stop(let i):
            advance(&input, i)
            let b = input.readable[0]
            if b == UInt8(ascii: "(") {
                phase = .tuple
                lexer.reset()
                scanned = 1
                return .next
            }
            if b == UInt8(ascii: ",") && afterTuple {
                advance(&input, 1)
                afterTuple = false
                return .next
            }
            if SQLLexer.matches(input.readable, 0, delimiter) {
                advance(&input, delimiter.count)
                enterBetween()
                return .next
            }
            if afterTuple && b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z") {
                // A trailing clause: ON DUPLICATE KEY UPDATE, ON CONFLICT DO NOTHING.
                return startSkip()
            }
            phase = .garbage
            lexer.reset()
            garbageByte = b
            skipPrefix = []
            skipped = 0
            skipOrigin = RowOrigin(line: line, byteOffset: input.streamOffset, record: 0)
            return .next
        }
    }

    /// A target tuple: kept until its closing parenthesis, then parsed.
    private mutating func tuple(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        let limit = min(bytes.count, maxRecordBytes)
        switch lexer.scan(bytes, from: scanned, to: limit, atEOF: atEOF && limit == bytes.count, rules: rules,
                          delimiter: delimiter, stop: .tupleEnd) {
        case .stop(let i):
            let origin = nextOrigin(input)
            afterTuple = true
            phase = .tuples
            if bytes[i] == UInt8(ascii: ")") {
                let record = parseTuple(UnsafeBufferPointer(rebasing: bytes[...i]), origin: origin)
                advance(&input, i + 1)
                lexer.reset()
                return .record(record)
            }
            // The delimiter inside the tuple: the statement ends there.
            let record = malformed(origin, "unexpected \(describe(bytes[i])) at \(position(bytes, i, origin)) inside the tuple "
                                       + "starting at line \(origin.line) (byte \(origin.byteOffset)); expected ')' to close it",
                                   Array(bytes[..<i]))
            advance(&input, i)
            lexer.reset()
            return .record(record)
        case .needMore(let i):
            scanned = i
            if i >= maxRecordBytes {
                return overlongTuple(&input)
            }
            if atEOF {
                return unclosedTuple(&input)
            }
            return .needMore
        }
    }

    /// A tuple that reached max_record_bytes: resume at the next statement line if one starts
    /// within the kept bytes (an unterminated string), else skip to the tuple's end.
    private mutating func overlongTuple(_ input: inout ByteWindow) -> Step {
        let bytes = input.readable
        let kept = UnsafeBufferPointer(rebasing: bytes[..<maxRecordBytes])
        let origin = nextOrigin(input)
        if let resume = Self.nextStatementLine(kept, from: 1) {
            let record = malformed(origin, unclosedDetail(kept, origin, resumeLine: origin.line + countLF(kept, 0, resume)),
                                   Array(bytes[..<resume]))
            advance(&input, resume)
            enterBetween()
            return .record(record)
        }
        skipOrigin = origin
        skipPrefix = Array(kept)
        skipped = scanned
        advance(&input, min(scanned, bytes.count))
        lexer.shift(min(scanned, bytes.count))
        scanned = 0
        phase = .tupleSkip
        return .next
    }

    /// End of input inside a tuple.
    private mutating func unclosedTuple(_ input: inout ByteWindow) -> Step {
        let bytes = input.readable
        let origin = nextOrigin(input)
        if let resume = Self.nextStatementLine(bytes, from: 1) {
            let record = malformed(origin, unclosedDetail(bytes, origin, resumeLine: origin.line + countLF(bytes, 0, resume)),
                                   Array(bytes[..<resume]))
            advance(&input, resume)
            enterBetween()
            return .record(record)
        }
        let record = malformed(origin, unclosedDetail(bytes, origin, resumeLine: nil), Array(bytes))
        advance(&input, bytes.count)
        phase = .done
        return .record(record)
    }

    private func unclosedDetail(_ bytes: UnsafeBufferPointer<UInt8>, _ origin: RowOrigin, resumeLine: Int?) -> String {
        let tuple = "the tuple starting at line \(origin.line) (byte \(origin.byteOffset))"
        if let resumeLine {
            return "\(tuple) does not end before the statement at line \(resumeLine) (an unterminated string or a "
                + "missing ')'?); expected ')' and then ',' or \(describe(delimiter[0]))"
        }
        if lexer.inString {
            let at = lexer.openedAt
            let quote = bytes[at]
            let what = quote == UInt8(ascii: "`") || (quote == UInt8(ascii: "\"") && !rules.doubleIsString) ? "quoted name"
                : quote == UInt8(ascii: "$") ? "dollar-quoted string" : "string"
            return "unterminated \(what) starting at \(position(bytes, at, origin)) in \(tuple); expected a closing "
                + "\(describe(quote)) before the end of the file"
        }
        return "\(tuple) is not closed; expected ')' before the end of the file"
    }

    /// Skips the rest of a tuple longer than max_record_bytes.
    private mutating func tupleSkip(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        switch lexer.scan(bytes, from: 0, to: bytes.count, atEOF: atEOF, rules: rules, delimiter: delimiter, stop: .tupleEnd) {
        case .stop(let i):
            let closed = bytes[i] == UInt8(ascii: ")")
            skipped += i + (closed ? 1 : 0)
            advance(&input, i + (closed ? 1 : 0))
            afterTuple = true
            phase = .tuples
            lexer.reset()
            return .record(endSkip(closed ? nil : "expected ')' before \(describe(delimiter[0]))"))
        case .needMore(let i):
            let n = min(i, bytes.count)
            skipped += n
            advance(&input, n)
            lexer.shift(n)
            if atEOF {
                phase = .done
                return .record(endSkip("expected ')' before the end of the file"))
            }
            return .needMore
        }
    }

    /// Bytes between tuples that are not `,` or the delimiter: kept (up to max_record_bytes) to
    /// the next `(` or the delimiter, as one malformed record.
    private mutating func garbage(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        let end = bytes.count
        let stopAt: Int
        switch lexer.scan(bytes, from: 0, to: end, atEOF: atEOF, rules: rules, delimiter: delimiter, stop: .tupleStart) {
        case .stop(let i):
            stopAt = i
        case .needMore(let i):
            let n = min(i, end)
            if !atEOF {
                // Keep the first bytes for quarantine, drop the rest as it is scanned.
                keep(bytes, n)
                advance(&input, n)
                lexer.shift(n)
                return .needMore
            }
            stopAt = end
        }
        var kept = stopAt
        while kept > 0 && SQLLexer.isSpace(bytes[kept - 1]) { kept -= 1 }
        keep(bytes, kept)
        let total = skipped
        ordinal += 1
        let origin = RowOrigin(line: skipOrigin.line, byteOffset: skipOrigin.byteOffset, record: ordinal)
        let next = stopAt == end ? "the end of the file"
            : bytes[stopAt] == UInt8(ascii: "(") ? "the next tuple" : "the end of the statement"
        let detail = "unexpected \(describe(garbageByte)) at line \(origin.line) (byte \(origin.byteOffset))"
            + (afterTuple ? " after a tuple; expected ',' or \(describe(delimiter[0]))" : "; expected a tuple '(...)'")
            + "; \(total) bytes skipped up to \(next)"
        let raw = Array(UTF8Check.scalarBoundaryPrefix(skipPrefix))
        advance(&input, stopAt)
        skipPrefix = []
        skipped = 0
        afterTuple = false
        phase = stopAt == end ? .done : .tuples
        lexer.reset()
        return .record(ParsedRecord(origin: origin, content: .malformed(MalformedRecord(
            reason: .malformedRecord, detail: detail, raw: raw, truncated: total > raw.count))))
    }

    /// Keeps the first of `count` skipped bytes (up to max_record_bytes in all) and counts them.
    private mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>, _ count: Int) {
        if skipPrefix.count < maxRecordBytes {
            skipPrefix.append(contentsOf: bytes[..<min(count, maxRecordBytes - skipPrefix.count)])
        }
        skipped += count
    }

    // MARK: COPY

    /// The lines of the target's COPY block, one record each, up to `\.`.
    private mutating func copyData(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        if copyLineRest {
            guard skipLineRest(&input, atEOF: atEOF) else { return .needMore }
        }
        if skipIsCopyLine { return skipCopyLine(&input, atEOF: atEOF) }
        let bytes = input.readable
        let limit = min(bytes.count, maxRecordBytes + 1)
        if let lf = Self.find(Self.lf, bytes, from: scanned, to: limit) {
            scanned = 0
            let end = lf > 0 && bytes[lf - 1] == Self.cr ? lf - 1 : lf
            let content = UnsafeBufferPointer(rebasing: bytes[..<end])
            if Self.isEndOfCopy(content) {
                advance(&input, lf + 1)
                enterBetween()
                return .next
            }
            let record = parseCopyLine(content, origin: nextOrigin(input))
            advance(&input, lf + 1)
            return .record(record)
        }
        scanned = limit
        if limit > maxRecordBytes {
            skipOrigin = nextOrigin(input)
            skipPrefix = Array(bytes[..<maxRecordBytes])
            skipped = limit
            advance(&input, limit)
            scanned = 0
            skipIsCopyLine = true
            return .next
        }
        guard atEOF else { return .needMore }
        // The last line, without a line feed (and without the `\.` that should end the block).
        scanned = 0
        phase = .done
        let end = bytes.count > 0 && bytes[bytes.count - 1] == Self.cr ? bytes.count - 1 : bytes.count
        let content = UnsafeBufferPointer(rebasing: bytes[..<end])
        if bytes.isEmpty || Self.isEndOfCopy(content) {
            advance(&input, bytes.count)
            return .next
        }
        let record = parseCopyLine(content, origin: nextOrigin(input))
        advance(&input, bytes.count)
        return .record(record)
    }

    private mutating func skipCopyLine(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        let bytes = input.readable
        if let lf = Self.find(Self.lf, bytes, from: 0, to: bytes.count) {
            skipped += lf
            advance(&input, lf + 1)
            let record = endSkip(nil)
            skipIsCopyLine = false
            return .record(record)
        }
        skipped += bytes.count
        advance(&input, bytes.count)
        if atEOF {
            let record = endSkip(nil)
            skipIsCopyLine = false
            phase = .done
            return .record(record)
        }
        return .needMore
    }

    /// Skips the lines of a COPY block that is not read.
    private mutating func copySkip(_ input: inout ByteWindow, atEOF: Bool) -> Step {
        if copyLineRest {
            guard skipLineRest(&input, atEOF: atEOF) else { return .needMore }
        }
        while true {
            let bytes = input.readable
            if let lf = Self.find(Self.lf, bytes, from: 0, to: bytes.count) {
                let end = lf > 0 && bytes[lf - 1] == Self.cr ? lf - 1 : lf
                let isEnd = atLineStart && Self.isEndOfCopy(UnsafeBufferPointer(rebasing: bytes[..<end]))
                advance(&input, lf + 1)
                atLineStart = true
                if isEnd {
                    enterBetween()
                    return .next
                }
                continue
            }
            if atEOF || !atLineStart || bytes.count > 3 {
                atLineStart = atLineStart && bytes.isEmpty
                advance(&input, bytes.count)
            }
            return .needMore
        }
    }

    /// Skips to the line after a COPY statement. Returns false until the line feed is read.
    private mutating func skipLineRest(_ input: inout ByteWindow, atEOF: Bool) -> Bool {
        let bytes = input.readable
        if let lf = Self.find(Self.lf, bytes, from: 0, to: bytes.count) {
            advance(&input, lf + 1)
            copyLineRest = false
            return true
        }
        advance(&input, bytes.count)
        if atEOF { copyLineRest = false }
        return atEOF
    }

    private static func isEndOfCopy(_ content: UnsafeBufferPointer<UInt8>) -> Bool {
        content.count == 2 && content[0] == UInt8(ascii: "\\") && content[1] == UInt8(ascii: ".")
    }

    // MARK: Values

    private struct ValueError: Error {
        var offset: Int
        var message: String
        var reason = ReasonCode.malformedRecord
    }

    /// The record of a complete tuple `( ... )`.
    private mutating func parseTuple(_ t: UnsafeBufferPointer<UInt8>, origin: RowOrigin) -> ParsedRecord {
        var row = ContiguousArray<String?>(repeating: nil, count: requiredColumns.count)
        let close = t.count - 1
        var p = 1
        var k = 0
        do throws(ValueError) {
            Self.skipSpace(t, &p, close)
            if p < close {
                while true {
                    let slot = k < fieldMap.count ? fieldMap[k] : -1
                    let value = try readValue(t, &p, close, value: k + 1, build: slot >= 0, origin: origin)
                    if slot >= 0 { row[slot] = value }
                    k += 1
                    Self.skipSpace(t, &p, close)
                    if p + 1 < close && t[p] == UInt8(ascii: ":") && t[p + 1] == UInt8(ascii: ":") { skipCast(t, &p, close) }
                    if p == close { break }
                    guard t[p] == UInt8(ascii: ",") else {
                        throw ValueError(offset: p, message: "expected ',' or ')' after value \(k) at "
                                             + "\(position(t, p, origin)), found \(describe(t[p]))")
                    }
                    p += 1
                    Self.skipSpace(t, &p, close)
                }
            }
        } catch {
            return malformed(origin, error.message, Array(t), reason: error.reason)
        }
        guard k == statementColumns.count else {
            return malformed(origin, "expected \(statementColumns.count) values (the columns of \(statementName): "
                                 + "\(statementColumns.joined(separator: ", "))), found \(k) in the tuple starting at line "
                                 + "\(origin.line) (byte \(origin.byteOffset))", Array(t))
        }
        return ParsedRecord(origin: origin, content: .row(row))
    }

    /// The value at `p`; `p` moves past it. `nil` for NULL (or when not built).
    private mutating func readValue(
        _ t: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ close: Int, value: Int, build: Bool, origin: RowOrigin
    ) throws(ValueError) -> String? {
        let c = t[p]
        if c == UInt8(ascii: "'") {
            return try readString(t, &p, close, escapes: singleQuoteEscapes, value: value, build: build, origin: origin)
        }
        if c == UInt8(ascii: "\"") && rules.doubleIsString {
            return try readString(t, &p, close, escapes: .mysql, value: value, build: build, origin: origin)
        }
        let start = p
        var q = p
        while q < close {
            let b = t[q]
            if SQLLexer.isIdentifier(b) || b == UInt8(ascii: ".")
                || ((b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) && (q == start || t[q - 1] | 0x20 == UInt8(ascii: "e"))) {
                q += 1
            } else {
                break
            }
        }
        guard q > start else {
            throw ValueError(offset: p, message: "expected a value (a string, a number or NULL) at \(position(t, p, origin)), "
                                 + "found \(describe(c))")
        }
        let word = UnsafeBufferPointer(rebasing: t[start..<q])
        let first = word[0] | 0x20
        if q < close && t[q] == UInt8(ascii: "'") && word.count == 1 {
            // A prefixed literal: E'...', N'...', X'...', B'...'.
            p = q
            switch first {
            case UInt8(ascii: "e") where rules.eStrings:
                return try readString(t, &p, close, escapes: .postgres, value: value, build: build, origin: origin)
            case UInt8(ascii: "n"):
                return try readString(t, &p, close, escapes: singleQuoteEscapes, value: value, build: build, origin: origin)
            case UInt8(ascii: "x"):
                let digits = try readString(t, &p, close, escapes: .none, value: value, build: true, origin: origin) ?? ""
                return build ? "0x" + digits : nil
            case UInt8(ascii: "b"):
                let digits = try readString(t, &p, close, escapes: .none, value: value, build: true, origin: origin) ?? ""
                return build ? "b'" + digits + "'" : nil
            default:
                break
            }
            p = start
        }
        if word[0] == UInt8(ascii: "_") && word.count > 1 {
            // A MySQL charset introducer: _binary '...', _utf8mb4 0x...
            var r = q
            Self.skipSpace(t, &r, close)
            if r < close && (t[r] == UInt8(ascii: "'") || (t[r] == UInt8(ascii: "\"") && rules.doubleIsString)
                || (r > q && SQLLexer.isIdentifier(t[r]))) {
                p = r
                return try readValue(t, &p, close, value: value, build: build, origin: origin)
            }
        }
        p = q
        if word.count == 4 && first == UInt8(ascii: "n") && word[1] | 0x20 == UInt8(ascii: "u")
            && word[2] | 0x20 == UInt8(ascii: "l") && word[3] | 0x20 == UInt8(ascii: "l") {
            return nil
        }
        guard build else { return nil }
        if word.count > 2 && word[0] == UInt8(ascii: "0") && word[1] | 0x20 == UInt8(ascii: "x") {
            return "0x" + String(decoding: UnsafeBufferPointer(rebasing: word[2...]), as: UTF8.self)
        }
        guard let text = String(validating: word, as: UTF8.self) else {
            throw encodingError(word, at: start, value: value, t: t, origin: origin)
        }
        return text
    }

    private enum Escapes { case none, mysql, postgres }

    /// How `'...'` strings escape: MySQL's backslashes, PostgreSQL's with `standard_conforming_strings
    /// = off`, or not at all.
    private var singleQuoteEscapes: Escapes {
        rules.backslashInSingle ? (dialect == .postgres ? .postgres : .mysql) : .none
    }

    /// A quoted string at `p` (on its opening quote); `p` moves past the closing quote.
    private mutating func readString(
        _ t: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ close: Int, escapes: Escapes, value: Int, build: Bool,
        origin: RowOrigin
    ) throws(ValueError) -> String? {
        let quote = t[p]
        let open = p
        let start = p + 1
        var i = start
        var plain = true
        let backslash = UInt8(ascii: "\\")
        // Find the closing quote.
        while true {
            while i < close && t[i] != quote && !(escapes != .none && t[i] == backslash) { i += 1 }
            guard i < close else {
                throw ValueError(offset: open, message: "unterminated string starting at \(position(t, open, origin)); "
                                     + "expected a closing \(describe(quote)) before the end of the tuple")
            }
            if t[i] == backslash {
                plain = false
                i += 2
                continue
            }
            if i + 1 < close && t[i + 1] == quote {
                plain = false
                i += 2
                continue
            }
            break
        }
        let end = i
        p = end + 1
        guard build else { return nil }
        if plain {
            let slice = UnsafeBufferPointer(rebasing: t[start..<end])
            if let bad = UTF8Check.firstInvalidIndex(slice) {
                throw encodingError(slice, at: start, bad: bad, value: value, t: t, origin: origin)
            }
            return UTF8Text.string(validated: slice)
        }
        scratch.removeAll(keepingCapacity: true)
        var j = start
        while j < end {
            let b = t[j]
            if b == quote {
                scratch.append(quote)
                j += 2
                continue
            }
            guard b == backslash && escapes != .none else {
                scratch.append(b)
                j += 1
                continue
            }
            let e = t[j + 1]
            j += 2
            if escapes == .mysql {
                switch e {
                case UInt8(ascii: "0"): scratch.append(0)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "Z"): scratch.append(0x1A)
                case UInt8(ascii: "%"), UInt8(ascii: "_"):
                    // MySQL keeps the backslash of \% and \_ (LIKE pattern escapes).
                    scratch.append(backslash)
                    scratch.append(e)
                default: scratch.append(e)
                }
            } else {
                j = try Self.postgresEscape(e, t, j, end, into: &scratch, allowUnicode: true) ?? j
            }
        }
        guard let text = String(validating: scratch, as: UTF8.self) else {
            let bad = scratch.withUnsafeBufferPointer { UTF8Check.firstInvalidIndex($0) ?? 0 }
            throw ValueError(offset: open, message: "invalid UTF-8 (\(UTF8Check.describe(scratch[bad]))) in value \(value)"
                                 + "\(columnName(value)) starting at \(position(t, open, origin)) once its escapes are "
                                 + "decoded; expected UTF-8 text", reason: .invalidEncoding)
        }
        return text
    }

    /// Decodes the PostgreSQL escape `\e` whose following bytes start at `j`; returns the index
    /// after the escape when it took more bytes (octal, hex, Unicode), else nil.
    private static func postgresEscape(
        _ e: UInt8, _ t: UnsafeBufferPointer<UInt8>, _ j: Int, _ end: Int, into out: inout [UInt8], allowUnicode: Bool
    ) throws(ValueError) -> Int? {
        switch e {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = Int(e - UInt8(ascii: "0"))
            var k = j
            while k < end && k < j + 2 && t[k] >= UInt8(ascii: "0") && t[k] <= UInt8(ascii: "7") {
                value = value * 8 + Int(t[k] - UInt8(ascii: "0"))
                k += 1
            }
            out.append(UInt8(truncatingIfNeeded: value))
            return k
        case UInt8(ascii: "x"):
            var value = 0
            var k = j
            while k < end && k < j + 2, let digit = hexValue(t[k]) {
                value = value * 16 + digit
                k += 1
            }
            guard k > j else {
                out.append(e)
                return nil
            }
            out.append(UInt8(value))
            return k
        case UInt8(ascii: "u") where allowUnicode, UInt8(ascii: "U") where allowUnicode:
            let count = e == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            var k = j
            while k < end && k < j + count, let digit = hexValue(t[k]) {
                value = value * 16 + UInt32(digit)
                k += 1
            }
            guard k == j + count, let scalar = Unicode.Scalar(value) else {
                throw ValueError(offset: j - 2, message: "invalid Unicode escape \\\(Character(Unicode.Scalar(e)))"
                                     + "; expected \(count) hexadecimal digits of a Unicode scalar")
            }
            out.append(contentsOf: Array(String(scalar).utf8))
            return k
        default:
            out.append(e)
        }
        return nil
    }

    private static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Skips a PostgreSQL cast `::type name(1,2)[]` up to the next `,` or the tuple's end.
    private func skipCast(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ close: Int) {
        var depth = 0
        while p < close {
            let b = t[p]
            if b == UInt8(ascii: "(") { depth += 1 }
            if b == UInt8(ascii: ")") { depth -= 1 }
            if b == UInt8(ascii: ",") && depth == 0 { return }
            p += 1
        }
    }

    private static func skipSpace(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ end: Int) {
        while p < end && SQLLexer.isSpace(t[p]) { p += 1 }
    }

    private func encodingError(
        _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, bad: Int? = nil, value: Int, t: UnsafeBufferPointer<UInt8>,
        origin: RowOrigin
    ) -> ValueError {
        let index = bad ?? UTF8Check.firstInvalidIndex(bytes) ?? 0
        return ValueError(offset: start + index, message: "invalid UTF-8 (\(UTF8Check.describe(bytes[index]))) in value "
                              + "\(value)\(columnName(value)) at \(position(t, start + index, origin)); expected UTF-8 text",
                          reason: .invalidEncoding)
    }

    private func columnName(_ value: Int) -> String {
        value <= statementColumns.count ? " (\(statementColumns[value - 1]))" : ""
    }

    // MARK: COPY lines

    /// The record of one COPY line: tab-separated fields in the text format.
    private mutating func parseCopyLine(_ line: UnsafeBufferPointer<UInt8>, origin: RowOrigin) -> ParsedRecord {
        var row = ContiguousArray<String?>(repeating: nil, count: requiredColumns.count)
        var k = 0
        var start = 0
        let n = line.count
        while true {
            var end = start
            while end < n && line[end] != 0x09 { end += 1 }
            let slot = k < fieldMap.count ? fieldMap[k] : -1
            if slot >= 0 {
                let field = UnsafeBufferPointer(rebasing: line[start..<end])
                if field.count == 2 && field[0] == UInt8(ascii: "\\") && field[1] == UInt8(ascii: "N") {
                    row[slot] = nil
                } else {
                    do {
                        row[slot] = try copyField(field, start: start, line: line, value: k + 1, origin: origin)
                    } catch {
                        return malformed(origin, error.message, Array(line), reason: error.reason)
                    }
                }
            }
            k += 1
            if end >= n { break }
            start = end + 1
        }
        guard k == statementColumns.count else {
            return malformed(origin, "expected \(statementColumns.count) tab-separated fields (the columns of "
                                 + "\(statementName): \(statementColumns.joined(separator: ", "))), found \(k) on line "
                                 + "\(origin.line)", Array(line))
        }
        return ParsedRecord(origin: origin, content: .row(row))
    }

    private mutating func copyField(
        _ field: UnsafeBufferPointer<UInt8>, start: Int, line: UnsafeBufferPointer<UInt8>, value: Int, origin: RowOrigin
    ) throws(ValueError) -> String {
        let backslash = UInt8(ascii: "\\")
        guard field.contains(backslash) else {
            if let bad = UTF8Check.firstInvalidIndex(field) {
                throw encodingError(field, at: start, bad: bad, value: value, t: line, origin: origin)
            }
            return UTF8Text.string(validated: field)
        }
        scratch.removeAll(keepingCapacity: true)
        var j = 0
        while j < field.count {
            let b = field[j]
            guard b == backslash, j + 1 < field.count else {
                scratch.append(b)
                j += 1
                continue
            }
            let e = field[j + 1]
            j += 2
            j = try Self.postgresEscape(e, field, j, field.count, into: &scratch, allowUnicode: false) ?? j
        }
        guard let text = String(validating: scratch, as: UTF8.self) else {
            let bad = scratch.withUnsafeBufferPointer { UTF8Check.firstInvalidIndex($0) ?? 0 }
            throw ValueError(offset: start, message: "invalid UTF-8 (\(UTF8Check.describe(scratch[bad]))) in field \(value)"
                                 + "\(columnName(value)) at \(position(line, start, origin)) once its escapes are decoded; "
                                 + "expected UTF-8 text", reason: .invalidEncoding)
        }
        return text
    }

    // MARK: Helpers

    private mutating func nextOrigin(_ input: ByteWindow) -> RowOrigin {
        ordinal += 1
        return RowOrigin(line: line, byteOffset: input.streamOffset, record: ordinal)
    }

    /// Consumes `count` bytes, counting their line feeds.
    private mutating func advance(_ input: inout ByteWindow, _ count: Int) {
        guard count > 0 else { return }
        line += countLF(input.readable, 0, count)
        input.consume(count)
    }

    private func countLF(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        guard let base = bytes.baseAddress, to > from else { return 0 }
        var count = 0
        var i = from
        while i < to, let hit = memchr(base + i, 0x0A, to - i) {
            count += 1
            i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }

    /// `line L (byte B)` of the byte at `index` of a unit that starts at `origin`.
    private func position(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ origin: RowOrigin) -> String {
        "line \(origin.line + countLF(bytes, 0, index)) (byte \(origin.byteOffset + Int64(index)))"
    }

    private func describe(_ b: UInt8) -> String { UTF8Check.describe(b) }

    private static func find(_ byte: UInt8, _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        for i in 0...(bytes.count - needle.count) where SQLLexer.matches(bytes, i, needle) { return true }
        return false
    }

    /// The first line after `from` that starts with a statement keyword (where a broken tuple is
    /// resumed): its first byte's index.
    static func nextStatementLine(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let starts = ["INSERT ", "REPLACE ", "COPY ", "CREATE ", "ALTER ", "DROP ", "LOCK ", "UNLOCK ", "SET ", "SELECT ",
                      "COMMIT", "BEGIN", "START ", "--", "/*!"].map { Array($0.utf8) }
        var i = from
        while let lf = find(lf, bytes, from: i, to: bytes.count) {
            let next = lf + 1
            for word in starts where SQLLexer.matches(bytes, next, word) { return next }
            i = next
        }
        return nil
    }

    private mutating func decide(_ d: SQLDialect) {
        dialect = d
        updateRules()
    }

    private mutating func updateRules() {
        switch dialect {
        case .mysql: rules = .mysql
        case .postgres: rules = .postgres(standardStrings: standardStrings)
        default: rules = .undecided
        }
    }

    private mutating func endSkip(_ problem: String?) -> ParsedRecord {
        let origin = skipOrigin
        let what = skipIsCopyLine ? "COPY line \(origin.line)" : "the tuple starting at line \(origin.line) (byte \(origin.byteOffset))"
        var detail = "\(what) is longer than max_record_bytes (\(maxRecordBytes)); the first \(maxRecordBytes) of its "
            + "\(skipped) bytes are kept"
        if let problem { detail += "; " + problem }
        let raw = Array(UTF8Check.scalarBoundaryPrefix(skipPrefix))
        skipPrefix = []
        skipped = 0
        return ParsedRecord(origin: origin, content: .malformed(
            MalformedRecord(reason: .malformedRecord, detail: detail, raw: raw, truncated: true)))
    }

    private func malformed(
        _ origin: RowOrigin, _ detail: String, _ raw: [UInt8], reason: ReasonCode = .malformedRecord, truncated: Bool = false
    ) -> ParsedRecord {
        var raw = raw
        var cut = truncated
        if raw.count > maxRecordBytes {
            raw = Array(UTF8Check.scalarBoundaryPrefix(Array(raw[..<maxRecordBytes])))
            cut = true
        }
        return ParsedRecord(origin: origin, content: .malformed(MalformedRecord(reason: reason, detail: detail, raw: raw,
                                                                                truncated: cut)))
    }
}
