public import Core
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ReasonCode {
    /// A date that parses but fails one of the `date` rule's checks (`min`, `max`,
    /// `not_future`).
    public static let dateOutOfRange = ReasonCode(rawValue: "date_out_of_range")
}

/// `date`: parses a date or date-time in one of the accepted formats and writes it in ISO 8601.
///
/// Options:
/// - `formats` (list, required): patterns of `d dd M MM yy yyyy H HH m mm s ss` and literal
///   characters, or the named formats `iso8601`, `vietnamese` ("ngày 05 tháng 3 năm 2019") and
///   `excel_serial` (1900 date system); see ``DatePattern``. The first that accepts the value
///   wins.
/// - `pivot` (integer 0–100, default 50): the century of `yy`: below it 20yy, otherwise 19yy.
/// - `zone` (UTC offset applied to values without one, default `+07:00`, Asia/Ho_Chi_Minh).
/// - `output`: `timestamptz` -> `2025-03-04T08:15:00+07:00`, `timestamp` ->
///   `2025-03-04T08:15:00`, `date` -> `2025-03-04` (default `timestamptz`).
/// - `min`, `max` (dates `yyyy-MM-dd`, inclusive) and `not_future` (boolean, default `false`:
///   no date after today, today being the date in `zone` when the pipeline is compiled): checks
///   on the calendar date as written (its own offset, not converted). A date that fails one is
///   a `date_out_of_range`.
/// - `on_invalid`: `quarantine` (default) or `flag`, for both failures.
///
/// A value no format accepts, or an impossible date (31/02), is an `invalid_date`. A value
/// already in the rule's output form is kept as it is, whatever `formats` says, so the rule is
/// idempotent.
/// - Complexity: O(formats × n).
public struct DateRule: FieldRule {
    public enum Output: String, Sendable, CaseIterable { case timestamptz, timestamp, date }

    public var name: String { "date" }
    let formats: [DatePattern]
    let zoneMinutes: Int
    let output: Output
    let onInvalid: OnInvalid
    /// The checks, as days since 1970-01-01 (inclusive bounds).
    let earliest: Int64?, latest: Int64?, today: Int64?

    public init(formats: [DatePattern], zoneMinutes: Int, output: Output) {
        self.init(formats: formats, zoneMinutes: zoneMinutes, output: output, onInvalid: .quarantine)
    }

    /// - Parameters:
    ///   - min: The earliest accepted date (its date fields).
    ///   - max: The latest accepted date.
    ///   - today: Today's date when `not_future` is on: later dates are refused.
    public init(formats: [DatePattern], zoneMinutes: Int, output: Output, onInvalid: OnInvalid,
                min: ISODateTime? = nil, max: ISODateTime? = nil, today: ISODateTime? = nil) {
        self.formats = formats
        self.zoneMinutes = zoneMinutes
        self.output = output
        self.onInvalid = onInvalid
        earliest = min?.daysSince1970
        latest = max?.daysSince1970
        self.today = today?.daysSince1970
    }

    public func apply(_ value: inout String?) -> RuleFailure? {
        var date: ISODateTime?
        return apply(&value, date: &date)
    }

    /// `apply(_:)`, which also gives the value it leaves read as ISO 8601 in `date`: what
    /// `ISODateTime.parse` of that value gives (the cleanser keeps it for the record's type
    /// check and the steps that read dates, which need not parse the value again). `nil`
    /// when the rule fails or leaves no value.
    func apply(_ value: inout String?, date: inout ISODateTime?) -> RuleFailure? {
        date = nil
        guard let v = value, !v.isEmpty else { return nil }
        // What the value reads as, written here by the reading below (rather than returned in
        // an enum with payloads, which would be copied on the way out).
        var rendered: String?
        var problem: String?
        let accepted = RuleBytes.withUTF8(v) { b -> Bool in
            // By index: a pattern is read in place, not copied out of the array.
            for k in formats.indices {
                if let parsed = formats[k].parse(b) {
                    problem = check(parsed)
                    guard problem == nil else { return false }
                    rendered = render(parsed, unless: b)
                    date = written(parsed)
                    return true
                }
            }
            // The rule's own output form is always accepted, so that the rule is idempotent.
            if let parsed = ISODateTime.parse(b), render(parsed, unless: b) == nil {
                problem = check(parsed)
                guard problem == nil else { return false }
                date = parsed
                return true
            }
            return false
        }
        if accepted {
            if let rendered { value = rendered }
            return nil
        }
        if let problem { return RuleFailure(.dateOutOfRange, problem, flagOnly: onInvalid == .flag) }
        return RuleFailure(.invalidDate, "not a valid date in any accepted format (\(formats.map(\.source).joined(separator: ", ")))",
                           flagOnly: onInvalid == .flag)
    }

    /// What is wrong with the date of `p`, or `nil` when it passes the checks.
    private func check(_ p: DatePattern.Parsed) -> String? {
        if earliest == nil && latest == nil && today == nil { return nil }
        let days = p.daysSince1970
        if let earliest, days < earliest {
            return "\(Self.dateText(days)) is before the earliest accepted date, \(Self.dateText(earliest)) (min)"
        }
        if let latest, days > latest {
            return "\(Self.dateText(days)) is after the latest accepted date, \(Self.dateText(latest)) (max)"
        }
        if let today, days > today {
            return "\(Self.dateText(days)) is in the future (today is \(Self.dateText(today)); not_future)"
        }
        return nil
    }

    /// `yyyy-MM-dd` of the date `days` after 1970-01-01.
    static func dateText(_ days: Int64) -> String {
        let d = DatePattern.civil(fromDays: days)
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
    }

    /// `ISODateTime.parse` of `render(p)`: the fields the output form keeps, and its offset.
    /// `nil` for an offset of 15 hours or more, which `parse` refuses (none is ever given).
    func written(_ p: DatePattern.Parsed) -> ISODateTime? {
        var d = ISODateTime()
        (d.year, d.month, d.day) = (p.year, p.month, p.day)
        guard output != .date else { return d }
        (d.hour, d.minute, d.second, d.nanos, d.hasTime) = (p.hour, p.minute, p.second, p.nanos, true)
        if output == .timestamptz {
            let offset = p.offsetMinutes ?? zoneMinutes
            guard abs(offset) < 15 * 60 else { return nil }
            d.offsetMinutes = offset
        }
        return d
    }

    /// The longest rendering: `yyyy-MM-ddTHH:mm:ss.fffffffff` (29 bytes), then a sign, the
    /// offset's hours (up to 19 digits for any `zoneMinutes`), a colon and its minutes.
    private static let renderCapacity = 29 + 1 + 19 + 1 + 2

    /// `p` in the rule's output form, or `nil` when that is `same`, byte for byte.
    private func render(_ p: DatePattern.Parsed, unless same: UnsafeBufferPointer<UInt8>) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.renderCapacity) { out in
            var o = 0
            @inline(__always) func byte(_ c: UInt8) {
                out[o] = c
                o += 1
            }
            /// `n` (>= 0) in decimal, zero-padded to at least `width` digits.
            @inline(__always) func number(_ n: Int, _ width: Int) {
                if width == 2 && n >= 0 && n < 100 {
                    out[o] = UInt8(truncatingIfNeeded: 0x30 + n / 10)
                    out[o + 1] = UInt8(truncatingIfNeeded: 0x30 + n % 10)
                    o += 2
                    return
                }
                if width == 4 && n >= 0 && n < 10_000 {
                    // A year: four digits, two pairs.
                    let high = n / 100, low = n % 100
                    out[o] = UInt8(truncatingIfNeeded: 0x30 + high / 10)
                    out[o + 1] = UInt8(truncatingIfNeeded: 0x30 + high % 10)
                    out[o + 2] = UInt8(truncatingIfNeeded: 0x30 + low / 10)
                    out[o + 3] = UInt8(truncatingIfNeeded: 0x30 + low % 10)
                    o += 4
                    return
                }
                var digits = 1
                var rest = n / 10
                while rest > 0 { digits += 1; rest /= 10 }
                if digits < width {
                    for _ in digits..<width { byte(UInt8(ascii: "0")) }
                }
                var v = n
                var k = o + digits - 1
                while k >= o {
                    out[k] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                    v /= 10
                    k -= 1
                }
                o += digits
            }
            number(p.year, 4); byte(UInt8(ascii: "-")); number(p.month, 2); byte(UInt8(ascii: "-")); number(p.day, 2)
            if output != .date {
                byte(UInt8(ascii: "T")); number(p.hour, 2); byte(UInt8(ascii: ":")); number(p.minute, 2)
                byte(UInt8(ascii: ":")); number(p.second, 2)
                if p.nanos > 0 {
                    byte(UInt8(ascii: "."))
                    number(p.nanos, 9)
                    while out[o - 1] == UInt8(ascii: "0") { o -= 1 }
                }
                if output == .timestamptz {
                    let offset = p.offsetMinutes ?? zoneMinutes
                    byte(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                    number(abs(offset) / 60, 2); byte(UInt8(ascii: ":")); number(abs(offset) % 60, 2)
                }
            }
            let text = UnsafeBufferPointer(rebasing: out[..<o])
            if RuleBytes.equal(text, same) { return nil }
            return String(decoding: text, as: UTF8.self)
        }
    }


    // MARK: compiling

    /// Compiles `{ date: { formats, pivot, zone, output, min, max, not_future, on_invalid } }`;
    /// problems go to `log` at their position. Today (for `not_future`) is read from the
    /// system clock.
    public static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        compile(spec, log: log, today: nil)
    }

    /// ``compile(_:log:)`` with a fixed today (`nil`: the system clock's date in the rule's zone).
    static func compile(_ spec: RuleSpec, log: DiagnosticLog, today fixedToday: ISODateTime?) -> DateRule? {
        guard let options = spec.options else {
            log.error("rule 'date' needs its formats, e.g. '{ date: { formats: [\"dd/MM/yyyy\", iso8601] } }'", at: spec.location)
            return nil
        }
        var r = MappingReader(options, what: "date options", log: log)
        guard r.isMapping else { return nil }
        let problemsBefore = log.diagnostics.count
        let pivot = r.int("pivot", in: 0...100, default: 50)
        var patterns: [DatePattern] = []
        if let formats = r.strings("formats") {
            for (f, loc) in formats {
                do throws(RuleFailure) {
                    patterns.append(try DatePattern(f, pivot: pivot))
                } catch {
                    log.error(error.detail, at: loc)
                }
            }
            if formats.isEmpty {
                log.error("'formats' is empty; expected at least one date format", at: options.location)
            }
        } else if !r.entries.contains(where: { $0.key == "formats" }) {
            log.error("date options are missing the required key 'formats'", at: options.location)
        }
        var zone = 7 * 60
        if let z = r.value("zone") {
            if let s = z.scalar, let minutes = parseOffset(s) {
                zone = minutes
            } else {
                log.error("expected 'zone' to be a UTC offset like '+07:00', found \(z.scalar.map { "'\($0)'" } ?? z.kindName)",
                          at: z.location)
            }
        }
        let output = Output(rawValue: r.choice("output", Output.allCases.map(\.rawValue), default: "timestamptz")) ?? .timestamptz
        let onInvalid = OnInvalid(rawValue: r.choice("on_invalid", OnInvalid.allCases.map(\.rawValue), default: "quarantine"))
            ?? .quarantine
        let notFuture = r.bool("not_future", default: false)
        func bound(_ key: String) -> (ISODateTime, SourceLocation)? {
            guard let node = r.value(key) else { return nil }
            if let s = node.scalar, let d = RuleBytes.withUTF8(s, { ISODateTime.parse($0) }), !d.hasTime {
                return (d, node.location)
            }
            log.error("expected '\(key)' to be a date like '1900-01-01', found \(node.scalar.map { "'\($0)'" } ?? node.kindName)",
                      at: node.location)
            return nil
        }
        let min = bound("min")
        let max = bound("max")
        if let min, let max, max.0.daysSince1970 < min.0.daysSince1970 {
            log.error("'max' (\(dateText(max.0.daysSince1970))) is before 'min' (\(dateText(min.0.daysSince1970)))", at: max.1)
        }
        // A bad option value leaves no rule; an unknown key (reported by `finish`) does not.
        let valid = log.diagnostics.count == problemsBefore
        r.finish()
        guard valid else { return nil }
        let today = notFuture ? (fixedToday ?? systemToday(zoneMinutes: zone)) : nil
        return DateRule(formats: patterns, zoneMinutes: zone, output: output, onInvalid: onInvalid,
                        min: min?.0, max: max?.0, today: today)
    }

    /// Today's date in the zone `zoneMinutes` east of UTC, from the system clock.
    static func systemToday(zoneMinutes: Int) -> ISODateTime {
        let local = Int64(time(nil)) + Int64(zoneMinutes) * 60
        return DatePattern.civil(fromDays: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// A UTC offset in minutes: `Z`, `UTC`, `Asia/Ho_Chi_Minh` or `±hh:mm` (hours up to 14).
    static func parseOffset(_ s: String) -> Int? {
        if s == "Z" || s == "UTC" { return 0 }
        if s == "Asia/Ho_Chi_Minh" { return 7 * 60 }
        let b = Array(s.utf8)
        func digit(_ k: Int) -> Int? { b[k] >= 0x30 && b[k] <= 0x39 ? Int(b[k] - 0x30) : nil }
        guard b.count == 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
              let h1 = digit(1), let h2 = digit(2), let m1 = digit(4), let m2 = digit(5) else { return nil }
        let (h, m) = (h1 * 10 + h2, m1 * 10 + m2)
        guard h <= 14, m < 60 else { return nil }
        return (b[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 60 + m)
    }
}
