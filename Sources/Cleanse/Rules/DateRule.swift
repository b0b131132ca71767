import Core

/// `date`: parses a date or date-time in one of the accepted formats and writes it in ISO 8601.
///
/// Options: `formats` (list; patterns of `d dd M MM yyyy H HH m mm s ss` and literal
/// characters, or `iso8601`), `zone` (UTC offset applied to values without one, default
/// `+07:00`, Asia/Ho_Chi_Minh), `output` (`timestamptz` -> `2025-03-04T08:15:00+07:00`,
/// `timestamp` -> `2025-03-04T08:15:00`, `date` -> `2025-03-04`; default `timestamptz`).
/// A value no format accepts, or an impossible date (31/02), is an `invalid_date`.
/// - Complexity: O(formats × n).
public struct DateRule: FieldRule {
    public enum Output: String, Sendable, CaseIterable { case timestamptz, timestamp, date }

    public var name: String { "date" }
    let formats: [DatePattern]
    let zoneMinutes: Int
    let output: Output

    public init(formats: [DatePattern], zoneMinutes: Int, output: Output) {
        self.formats = formats
        self.zoneMinutes = zoneMinutes
        self.output = output
    }

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value, !v.isEmpty else { return nil }
        // `nil`: no format accepts the value; `.some(nil)`: accepted, and already in output form.
        let rendered: String?? = RuleBytes.withUTF8(v) { b in
            for f in formats {
                if let parsed = f.parse(b) { return .some(render(parsed, unless: b)) }
            }
            return .none
        }
        guard let rendered else {
            return RuleFailure(.invalidDate, "not a valid date in any accepted format (\(formats.map(\.source).joined(separator: ", ")))")
        }
        if let rendered { value = rendered }
        return nil
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
            if text.elementsEqual(same) { return nil }
            return String(decoding: text, as: UTF8.self)
        }
    }
}

/// One accepted date format, compiled.
public struct DatePattern: Sendable {
    enum Token: Sendable, Equatable {
        case day(Int), month(Int), year, hour(Int), minute(Int), second(Int)
        case literal(UInt8)
        case iso8601
    }

    typealias Parsed = ISODateTime

    public let source: String
    let tokens: [Token]
    private let isISO: Bool

    /// Compiles `pattern`.
    /// - Throws: A message saying what is wrong with the pattern.
    public init(_ pattern: String) throws(RuleFailure) {
        source = pattern
        if pattern == "iso8601" {
            tokens = [.iso8601]
            isISO = true
            return
        }
        var tokens: [Token] = []
        let b = Array(pattern.utf8)
        var i = 0
        while i < b.count {
            let c = b[i]
            var run = 1
            while i + run < b.count && b[i + run] == c { run += 1 }
            switch (c, run) {
            case (UInt8(ascii: "d"), 1...2): tokens.append(.day(run))
            case (UInt8(ascii: "M"), 1...2): tokens.append(.month(run))
            case (UInt8(ascii: "y"), 4): tokens.append(.year)
            case (UInt8(ascii: "H"), 1...2): tokens.append(.hour(run))
            case (UInt8(ascii: "m"), 1...2): tokens.append(.minute(run))
            case (UInt8(ascii: "s"), 1...2): tokens.append(.second(run))
            case (UInt8(ascii: "d"), _), (UInt8(ascii: "M"), _), (UInt8(ascii: "y"), _),
                 (UInt8(ascii: "H"), _), (UInt8(ascii: "m"), _), (UInt8(ascii: "s"), _):
                throw RuleFailure(.invalidDate, "unsupported field '\(String(repeating: Character(UnicodeScalar(c)), count: run))' in date format '\(pattern)'; expected d, dd, M, MM, yyyy, H, HH, m, mm, s, ss")
            default:
                if (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) {
                    throw RuleFailure(.invalidDate, "unknown letter '\(Character(UnicodeScalar(c)))' in date format '\(pattern)'; expected d, M, yyyy, H, m, s and punctuation")
                }
                for _ in 0..<run { tokens.append(.literal(c)) }
            }
            i += run
        }
        guard tokens.contains(where: { if case .year = $0 { return true }; return false }),
              tokens.contains(where: { if case .month = $0 { return true }; return false }),
              tokens.contains(where: { if case .day = $0 { return true }; return false }) else {
            throw RuleFailure(.invalidDate, "date format '\(pattern)' needs yyyy, M and d")
        }
        self.tokens = tokens
        isISO = false
    }

    func parse(_ b: UnsafeBufferPointer<UInt8>) -> Parsed? {
        if isISO { return ISODateTime.parse(b) }
        var p = Parsed()
        var i = 0
        for t in tokens {
            switch t {
            case .literal(let c):
                guard i < b.count, b[i] == c else { return nil }
                i += 1
            case .day(let w): guard let v = ISODateTime.readDigits(b, &i, w == 1 ? 1...2 : 2...2) else { return nil }; p.day = v
            case .month(let w): guard let v = ISODateTime.readDigits(b, &i, w == 1 ? 1...2 : 2...2) else { return nil }; p.month = v
            case .year: guard let v = ISODateTime.readDigits(b, &i, 4...4) else { return nil }; p.year = v
            case .hour(let w): guard let v = ISODateTime.readDigits(b, &i, w == 1 ? 1...2 : 2...2) else { return nil }; p.hour = v; p.hasTime = true
            case .minute(let w): guard let v = ISODateTime.readDigits(b, &i, w == 1 ? 1...2 : 2...2) else { return nil }; p.minute = v
            case .second(let w): guard let v = ISODateTime.readDigits(b, &i, w == 1 ? 1...2 : 2...2) else { return nil }; p.second = v
            case .iso8601: return nil
            }
        }
        guard i == b.count, p.isValid else { return nil }
        return p
    }
}
