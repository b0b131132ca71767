/// A calendar date and time of day with an optional UTC offset: what the `date` rule parses and
/// writes, what the type checks accept, and what the loader turns into PostgreSQL's binary form.
/// One parser for ISO 8601 serves all three.
public struct ISODateTime: Sendable, Hashable {
    public var year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0
    /// Fraction of the second, in nanoseconds.
    public var nanos = 0
    /// The UTC offset in minutes, when the value carries one.
    public var offsetMinutes: Int?
    /// Whether the value has a time of day (an ISO date alone has none).
    public var hasTime = false

    public init() {}

    /// Parses `yyyy-MM-dd`, optionally followed by `THH:mm[:ss[.fraction]]` (or a space for `T`)
    /// and `Z` or `±hh[:]mm`; `nil` for anything else or a date that does not exist.
    /// - Complexity: O(n).
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> ISODateTime? {
        if let p = fixedLayout(b) { return p.isValid ? p : nil }
        var p = ISODateTime()
        var i = 0
        guard let y = readDigits(b, &i, 4...4), eat(b, &i, "-"), let mo = readDigits(b, &i, 2...2), eat(b, &i, "-"),
              let d = readDigits(b, &i, 2...2) else { return nil }
        (p.year, p.month, p.day) = (y, mo, d)
        if i < b.count && (b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ")) {
            i += 1
            guard let h = readDigits(b, &i, 2...2), eat(b, &i, ":"), let m = readDigits(b, &i, 2...2) else { return nil }
            (p.hour, p.minute, p.hasTime) = (h, m, true)
            if eat(b, &i, ":") {
                guard let s = readDigits(b, &i, 2...2) else { return nil }
                p.second = s
                if eat(b, &i, ".") {
                    var digits = 0
                    var nanos = 0
                    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                        if digits < 9 { nanos = nanos * 10 + Int(b[i] - 0x30) }
                        digits += 1
                        i += 1
                    }
                    guard digits > 0 else { return nil }
                    if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
                    p.nanos = nanos
                }
            }
            if eat(b, &i, "Z") {
                p.offsetMinutes = 0
            } else if i < b.count && (b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-")) {
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = readDigits(b, &i, 2...2) else { return nil }
                _ = eat(b, &i, ":")
                guard let om = readDigits(b, &i, 2...2), oh <= 14, om < 60 else { return nil }
                p.offsetMinutes = sign * (oh * 60 + om)
            }
        }
        guard i == b.count, p.isValid else { return nil }
        return p
    }

    /// The fields of `b` when it is laid out as `yyyy-MM-dd` or `yyyy-MM-ddTHH:mm:ss±hh:mm` (what
    /// the `date` rule writes for dates and for time stamps with a zone) with an offset `parse`
    /// accepts, read at their fixed places; else `nil`, and `parse` reads `b` field by field.
    @inline(__always)
    private static func fixedLayout(_ b: UnsafeBufferPointer<UInt8>) -> ISODateTime? {
        guard b.count == 10 || b.count == 25 else { return nil }
        /// The two digits at `k`, or -1.
        @inline(__always) func two(_ k: Int) -> Int {
            let high = b[k] &- 0x30, low = b[k + 1] &- 0x30
            return high < 10 && low < 10 ? Int(high) &* 10 &+ Int(low) : -1
        }
        let century = two(0), year = two(2), month = two(5), day = two(8)
        guard century >= 0, year >= 0, month >= 0, day >= 0, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-")
        else { return nil }
        var p = ISODateTime()
        (p.year, p.month, p.day) = (century &* 100 &+ year, month, day)
        if b.count == 10 { return p }
        let hour = two(11), minute = two(14), second = two(17), offsetHours = two(20), offsetMinutes = two(23)
        let sign = b[19]
        guard b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[22] == UInt8(ascii: ":"),
              sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), hour >= 0, minute >= 0, second >= 0,
              offsetHours >= 0, offsetHours <= 14, offsetMinutes >= 0, offsetMinutes < 60 else { return nil }
        (p.hour, p.minute, p.second, p.hasTime) = (hour, minute, second, true)
        p.offsetMinutes = (sign == UInt8(ascii: "-") ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
        return p
    }

    /// Whether the fields name a real date (years 1 to 9999) and time of day.
    @inlinable
    public var isValid: Bool {
        guard year >= 1, year <= 9999, (1...12).contains(month), day >= 1,
              hour < 24, minute < 60, second < 60 else { return false }
        return day <= Self.daysInMonth(year, month)
    }

    @inlinable
    public static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the date (proleptic Gregorian; H. Hinnant's algorithm).
    public var daysSince1970: Int64 {
        let m = Int64(month), d = Int64(day)
        let y = m <= 2 ? Int64(year) - 1 : Int64(year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days from 1970-01-01 to `year-month-day` (proleptic Gregorian).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        var d = ISODateTime()
        d.year = year
        d.month = month
        d.day = day
        return Int(d.daysSince1970)
    }

    /// Seconds from midnight to the time of day.
    public var secondsOfDay: Int64 { Int64(hour) * 3600 + Int64(minute) * 60 + Int64(second) }

    /// Reads `width` ASCII digits (as many as there are, within the range) at `i`.
    /// Inlinable: the `date` rule's patterns read every field with it.
    @inlinable @inline(__always)
    public static func readDigits(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ width: ClosedRange<Int>) -> Int? {
        var n = 0
        var count = 0
        while i < b.count, count < width.upperBound, b[i] >= 0x30, b[i] <= 0x39 {
            n = n * 10 + Int(b[i] - 0x30)
            i += 1
            count += 1
        }
        return width.contains(count) ? n : nil
    }

    @inline(__always)
    private static func eat(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ c: Unicode.Scalar) -> Bool {
        guard i < b.count, b[i] == UInt8(c.value) else { return false }
        i += 1
        return true
    }
}
