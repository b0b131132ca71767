internal import Glibc
public import Core

/// A condition of `cleanse.checks` (`expect` or `when`), compiled against a table's columns.
///
/// Grammar: `OPERAND OP OPERAND` with `OP` one of `= == != < <= > >=`; `OPERAND is present`;
/// `OPERAND is missing`; `OPERAND in [LITERAL, ...]`. An operand is a field name, `today`, a
/// number, a date (`2019-03-05`) or a quoted string (`'đã trả'` or `"..."`). Values compare as
/// dates and times when both sides are ISO 8601 (a date against a timestamp compares the
/// timestamp's own date), as numbers when both are numbers, else as text. A comparison with a
/// missing value holds (use `is present` to require the value).
struct CheckExpression: Sendable {
    enum Operand: Sendable, Hashable {
        case column(Int, name: String)
        /// A literal, read as a date, a number or text once, when the condition is compiled.
        case literal(Scalar)
        case today
    }

    /// A value read once as what it can be compared as: an ISO 8601 date or date-time, a number,
    /// and always its text.
    struct Scalar: Sendable, Hashable {
        let text: String
        let date: ISODateTime?
        let number: Double?

        init(_ text: String) {
            self.text = text
            date = CheckExpression.date(text)
            number = date == nil ? Double(text) : nil
        }

        /// ``init(_:)`` for `text` whose `ISODateTime.parse` is `parsed`, already read.
        init(_ text: String, parsed: ISODateTime?) {
            self.text = text
            // A value `parse` accepts starts with four digits and is 10 bytes or longer, as
            // `date(_:)` asks.
            date = parsed.flatMap { $0.isValid ? $0 : nil }
            number = date == nil ? Double(text) : nil
        }
    }

    enum Comparison: String, Sendable, CaseIterable {
        case eq = "=", eq2 = "==", ne = "!=", le = "<=", ge = ">=", lt = "<", gt = ">"
    }

    enum Form: Sendable {
        case compare(Operand, Comparison, Operand)
        case present(Operand)
        case missing(Operand)
        case oneOf(Operand, [String])
    }

    let form: Form
    let text: String

    struct ParseError: Error {
        var message: String
    }

    /// Compiles `text`; fields resolve through `column` (a field name -> its column index).
    static func compile(_ text: String, column: (String) -> Int?) throws(ParseError) -> CheckExpression {
        var tokens = try tokenize(text)
        func operand(_ t: Token) throws(ParseError) -> Operand {
            switch t {
            case .word(let w):
                if w == "today" { return .today }
                if let c = column(w) { return .column(c, name: w) }
                let literal = Scalar(w)
                if literal.date != nil || literal.number != nil { return .literal(literal) }
                throw ParseError(message: "'\(w)' is neither a field of this table nor a value; quote text as 'like this'")
            case .string(let s):
                return .literal(Scalar(s))
            default:
                throw ParseError(message: "expected a field or a value, found '\(t.text)'")
            }
        }
        guard !tokens.isEmpty else { throw ParseError(message: "the condition is empty") }
        let left = try operand(tokens.removeFirst())
        guard !tokens.isEmpty else { throw ParseError(message: "expected a comparison after '\(text)'") }
        let op = tokens.removeFirst()
        let form: Form
        switch op {
        case .word("is"):
            guard tokens.count == 1, case .word(let w) = tokens[0], w == "present" || w == "missing" else {
                throw ParseError(message: "expected 'is present' or 'is missing'")
            }
            return CheckExpression(form: w == "present" ? .present(left) : .missing(left), text: text)
        case .word("in"):
            guard tokens.first == .open, tokens.last == .close else {
                throw ParseError(message: "expected a list after 'in', as in: status in ['a', 'b']")
            }
            var values: [String] = []
            for t in tokens.dropFirst().dropLast() {
                switch t {
                case .string(let s), .word(let s): values.append(s)
                case .comma: continue
                default: throw ParseError(message: "expected values in the list, found '\(t.text)'")
                }
            }
            form = .oneOf(left, values)
        case .op(let o):
            guard tokens.count == 1 else {
                throw ParseError(message: "expected one operand after '\(o.rawValue)'; combine conditions with 'when'")
            }
            form = .compare(left, o, try operand(tokens[0]))
        default:
            throw ParseError(message: "expected one of \(Comparison.allCases.map(\.rawValue).joined(separator: " ")), 'is' or 'in' after the first operand, found '\(op.text)'")
        }
        return CheckExpression(form: form, text: text)
    }

    /// Whether `values` meet the condition; `today` is the run's date, and `dates` the
    /// record's dates read so far (a column's is read there once).
    func holds(_ values: ContiguousArray<String?>, today: Scalar, dates: RecordDates) -> Bool {
        func text(_ o: Operand) -> String? {
            switch o {
            case .column(let c, _): return values[c]
            case .literal(let s): return s.text
            case .today: return today.text
            }
        }
        func scalar(_ o: Operand) -> Scalar? {
            switch o {
            case .column(let c, _):
                guard let text = values[c] else { return nil }
                return Scalar(text, parsed: dates.date(c, in: values))
            case .literal(let s): return s
            case .today: return today
            }
        }
        switch form {
        case .present(let o): return text(o).map { !$0.isEmpty } ?? false
        case .missing(let o): return text(o).map { $0.isEmpty } ?? true
        case .oneOf(let o, let list):
            guard let v = text(o) else { return true }
            return list.contains(v)
        case .compare(let l, let op, let r):
            let order: Int
            if case .column(let c, _) = l, case .column(let d, _) = r, let x = dates.date(c, in: values), x.isValid,
               let y = dates.date(d, in: values), y.isValid {
                // Two fields read as dates (the usual check): compared as `compare` does, without
                // making their scalars.
                order = Self.compare(dates: x, y)
            } else {
                guard let a = scalar(l), let b = scalar(r) else { return true }
                order = Self.compare(a, b)
            }
            switch op {
            case .eq, .eq2: return order == 0
            case .ne: return order != 0
            case .lt: return order < 0
            case .le: return order <= 0
            case .gt: return order > 0
            case .ge: return order >= 0
            }
        }
    }

    /// -1, 0, 1: as instants or dates when both are ISO 8601, as numbers when both are numbers,
    /// else as text.
    static func compare(_ a: Scalar, _ b: Scalar) -> Int {
        if let x = a.date, let y = b.date { return compare(dates: x, y) }
        if let x = a.number, let y = b.number { return x < y ? -1 : (x > y ? 1 : 0) }
        return a.text == b.text ? 0 : (a.text.utf8.lexicographicallyPrecedes(b.text.utf8) ? -1 : 1)
    }

    /// ``compare(_:_:)`` of two dates: as instants, or as dates when either has no time.
    static func compare(dates x: ISODateTime, _ y: ISODateTime) -> Int {
        let dateOnly = !x.hasTime || !y.hasTime
        if dateOnly {
            return sign(x.daysSince1970 - y.daysSince1970)
        }
        let sx = x.daysSince1970 * 86_400 + x.secondsOfDay - Int64((x.offsetMinutes ?? 420) * 60)
        let sy = y.daysSince1970 * 86_400 + y.secondsOfDay - Int64((y.offsetMinutes ?? 420) * 60)
        return sx != sy ? sign(sx - sy) : sign(Int64(x.nanos - y.nanos))
    }

    private static func sign(_ v: Int64) -> Int { v < 0 ? -1 : (v > 0 ? 1 : 0) }

    fileprivate static func date(_ s: String) -> ISODateTime? {
        guard let first = s.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"), s.utf8.count >= 10 else { return nil }
        var copy = s
        return copy.withUTF8 { ISODateTime.parse($0) }.flatMap { $0.isValid ? $0 : nil }
    }


    // MARK: tokens

    enum Token: Equatable {
        case word(String), string(String), op(Comparison), open, close, comma

        var text: String {
            switch self {
            case .word(let w): return w
            case .string(let s): return "'\(s)'"
            case .op(let o): return o.rawValue
            case .open: return "["
            case .close: return "]"
            case .comma: return ","
            }
        }
    }

    private static func tokenize(_ text: String) throws(ParseError) -> [Token] {
        var out: [Token] = []
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" { i += 1; continue }
            if c == "'" || c == "\"" {
                var j = i + 1
                var v = String.UnicodeScalarView()
                while j < s.count && s[j] != c { v.append(s[j]); j += 1 }
                guard j < s.count else { throw ParseError(message: "unterminated quoted text starting at column \(i + 1)") }
                out.append(.string(String(v)))
                i = j + 1
                continue
            }
            if c == "[" { out.append(.open); i += 1; continue }
            if c == "]" { out.append(.close); i += 1; continue }
            if c == "," { out.append(.comma); i += 1; continue }
            if "=!<>".unicodeScalars.contains(c) {
                var j = i
                var v = ""
                while j < s.count && "=!<>".unicodeScalars.contains(s[j]) { v.unicodeScalars.append(s[j]); j += 1 }
                guard let op = Comparison(rawValue: v) else { throw ParseError(message: "unknown comparison '\(v)'") }
                out.append(.op(op))
                i = j
                continue
            }
            var j = i
            var v = String.UnicodeScalarView()
            while j < s.count && !" \t[],'\"=!<>".unicodeScalars.contains(s[j]) { v.append(s[j]); j += 1 }
            out.append(.word(String(v)))
            i = j
        }
        return out
    }
}
