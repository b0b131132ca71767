import Core

/// One accepted date format of the `date` rule, compiled: a pattern, or a named format.
///
/// Patterns are made of the fields `d dd M MM yy yyyy H HH m mm s ss` and literal characters
/// (anything but a letter): `d`, `M`, `H`, `m`, `s` read one or two digits, `dd`, `MM`, `HH`,
/// `mm`, `ss` exactly two, `yyyy` four, and `yy` two, put in a century by the pivot (`yy` below
/// the pivot is 20yy, otherwise 19yy). A pattern needs a year, a month and a day.
///
/// Named formats:
/// - `iso8601`: `yyyy-MM-dd`, optionally `THH:mm[:ss[.fraction]]` (or a space for the T) and
///   `Z` or `±hh[:]mm`.
/// - `vietnamese`: the long form of Vietnamese documents, "ngày 05 tháng 3 năm 2019",
///   optionally after a place and a comma ("Đồng Hới, ngày 05 tháng 3 năm 2019"). The words
///   in any letter case, with or without their marks ("Ngày", "NGÀY", "ngay 5 thang 3 nam
///   2019"; a decomposed mark is accepted too), any white space between the parts (at least
///   one), around the whole; day and month of one or two digits, a four-digit year.
/// - `excel_serial`: a spreadsheet serial date in the 1900 date system: whole days, 1 being
///   1900-01-01, with an optional fraction for the time of day (rounded to the millisecond).
///   Serial 60, the 1900-02-29 that Lotus 1-2-3 and Excel count but that never was, is
///   refused, so 59 is 1900-02-28 and 61 is 1900-03-01. Serials run from 1 to 2958465
///   (9999-12-31); no sign, exponent or decimal comma.
public struct DatePattern: Sendable {
    enum Token: Sendable, Equatable {
        case day(Int), month(Int), year, shortYear, hour(Int), minute(Int), second(Int)
        case literal(UInt8)
    }

    enum Kind: Sendable, Equatable { case pattern, iso8601, vietnamese, excelSerial }

    typealias Parsed = ISODateTime

    /// The names of the named formats.
    public static let namedFormats = ["iso8601", "vietnamese", "excel_serial"]

    public let source: String
    let tokens: [Token]
    let kind: Kind
    /// `yy` below it is 20yy, otherwise 19yy.
    let pivot: Int
    /// For a pattern of fixed-width fields only, its layout (else one of length 0); `parse`
    /// reads such a pattern's fields at their places.
    let fixed: FixedLayout

    /// A pattern whose fields are all of fixed width (`dd MM yyyy yy HH mm ss`): one length,
    /// each field at one place, and each byte a given literal or a digit, checked eight bytes
    /// at a time against masks (up to 24 bytes).
    struct FixedLayout: Sendable {
        /// The length of a value.
        private(set) var length = 0
        /// Where each field's digits start, or -1 when the pattern has no such field.
        private(set) var day = -1, month = -1, year = -1, shortYear = -1, hour = -1, minute = -1, second = -1
        /// Per eight bytes of a value: 0xFF on each literal's byte, and the literals there.
        private var literalMask: (UInt64, UInt64, UInt64) = (0, 0, 0)
        private var literals: (UInt64, UInt64, UInt64) = (0, 0, 0)
        /// Per eight bytes of a value: 0x80 on each digit's byte.
        private var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        static let maximumLength = 24

        /// The layout of `tokens`; of length 0 (none) when a field has a variable width or
        /// comes twice (a year both ways counts as twice), or the pattern is longer than
        /// `maximumLength`.
        init(_ tokens: [Token]) {
            if let layout = Self(layoutOf: tokens) {
                self = layout
            } else {
                length = 0
            }
        }

        private init?(layoutOf tokens: [Token]) {
            var template: [UInt8?] = []
            /// Places `width` digits for a field not placed yet (`at`); `false` when it was.
            func place(_ at: inout Int, _ width: Int) -> Bool {
                guard at < 0 else { return false }
                at = template.count
                template += repeatElement(nil, count: width)
                return true
            }
            for t in tokens {
                let placed: Bool
                switch t {
                case .literal(let c):
                    template.append(c)
                    placed = true
                case .day(2): placed = place(&day, 2)
                case .month(2): placed = place(&month, 2)
                case .year: placed = shortYear < 0 && place(&year, 4)
                case .shortYear: placed = year < 0 && place(&shortYear, 2)
                case .hour(2): placed = place(&hour, 2)
                case .minute(2): placed = place(&minute, 2)
                case .second(2): placed = place(&second, 2)
                case .day, .month, .hour, .minute, .second: placed = false
                }
                guard placed else { return nil }
            }
            guard template.count <= Self.maximumLength else { return nil }
            length = template.count
            var mask: [UInt64] = [0, 0, 0], value: [UInt64] = [0, 0, 0], digit: [UInt64] = [0, 0, 0]
            for (k, byte) in template.enumerated() {
                let shift = UInt64(k % 8 * 8)
                if let byte {
                    mask[k / 8] |= 0xFF << shift
                    value[k / 8] |= UInt64(byte) << shift
                } else {
                    digit[k / 8] |= 0x80 << shift
                }
            }
            literalMask = (mask[0], mask[1], mask[2])
            literals = (value[0], value[1], value[2])
            digits = (digit[0], digit[1], digit[2])
        }

        /// Whether `b` (of `length` bytes) has the literals and digits in their places.
        @inline(__always)
        func fits(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
            @inline(__always) func fits(_ w: UInt64, _ mask: UInt64, _ literals: UInt64, _ digits: UInt64) -> Bool {
                w & mask == literals && RuleBytes.nonDigitBytes(w) & digits == 0
            }
            guard fits(Self.word(b, 0), literalMask.0, literals.0, digits.0) else { return false }
            guard length > 8 else { return true }
            guard fits(Self.word(b, 8), literalMask.1, literals.1, digits.1) else { return false }
            guard length > 16 else { return true }
            return fits(Self.word(b, 16), literalMask.2, literals.2, digits.2)
        }

        /// The (up to) eight bytes of `b` from `offset`, little-endian, zeros past its end.
        @inline(__always)
        private static func word(_ b: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
            if offset &+ 8 <= b.count {
                return UnsafeRawPointer(b.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
            }
            var w: UInt64 = 0
            var k = b.count
            while k > offset {
                k &-= 1
                w = w << 8 | UInt64(b[k])
            }
            return w
        }
    }

    /// Compiles `pattern`, a pattern or the name of a named format.
    /// - Parameters:
    ///   - pattern: The format as written in the pipeline file.
    ///   - pivot: The century pivot of `yy` (0 to 100).
    /// - Throws: A message saying what is wrong with the pattern.
    public init(_ pattern: String, pivot: Int = 50) throws(RuleFailure) {
        source = pattern
        self.pivot = pivot
        switch pattern {
        case "iso8601": kind = .iso8601
        case "vietnamese": kind = .vietnamese
        case "excel_serial": kind = .excelSerial
        default: kind = .pattern
        }
        if kind != .pattern {
            tokens = []
            fixed = FixedLayout([])
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
            case (UInt8(ascii: "y"), 2): tokens.append(.shortYear)
            case (UInt8(ascii: "H"), 1...2): tokens.append(.hour(run))
            case (UInt8(ascii: "m"), 1...2): tokens.append(.minute(run))
            case (UInt8(ascii: "s"), 1...2): tokens.append(.second(run))
            case (UInt8(ascii: "d"), _), (UInt8(ascii: "M"), _), (UInt8(ascii: "y"), _),
                 (UInt8(ascii: "H"), _), (UInt8(ascii: "m"), _), (UInt8(ascii: "s"), _):
                throw RuleFailure(.invalidDate, "unsupported field '\(String(repeating: Character(UnicodeScalar(c)), count: run))' in date format '\(pattern)'; expected d, dd, M, MM, yy, yyyy, H, HH, m, mm, s, ss")
            default:
                if (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) {
                    throw RuleFailure(.invalidDate, "unknown letter '\(Character(UnicodeScalar(c)))' in date format '\(pattern)'; expected d, M, yyyy or yy, H, m, s and punctuation, or a named format (\(Self.namedFormats.joined(separator: ", ")))")
                }
                for _ in 0..<run { tokens.append(.literal(c)) }
            }
            i += run
        }
        guard tokens.contains(where: { $0 == .year || $0 == .shortYear }),
              tokens.contains(where: { if case .month = $0 { return true }; return false }),
              tokens.contains(where: { if case .day = $0 { return true }; return false }) else {
            throw RuleFailure(.invalidDate, "date format '\(pattern)' needs a year (yyyy or yy), M and d")
        }
        self.tokens = tokens
        fixed = FixedLayout(tokens)
    }

    /// The date `b` holds in this format, or `nil`.
    func parse(_ b: UnsafeBufferPointer<UInt8>) -> Parsed? {
        switch kind {
        case .iso8601: return ISODateTime.parse(b)
        case .vietnamese: return Self.parseVietnamese(b)
        case .excelSerial: return Self.parseExcelSerial(b)
        case .pattern: break
        }
        if fixed.length > 0 { return parseFixed(b) }
        return parseByTokens(b)
    }

    /// `parse` of a pattern, token by token.
    func parseByTokens(_ b: UnsafeBufferPointer<UInt8>) -> Parsed? {
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
            case .shortYear:
                guard let v = ISODateTime.readDigits(b, &i, 2...2) else { return nil }
                p.year = v < pivot ? 2000 + v : 1900 + v
            case .hour(let w): guard let v = ISODateTime.readDigits(b, &i, w == 1 ? 1...2 : 2...2) else { return nil }; p.hour = v; p.hasTime = true
            case .minute(let w): guard let v = ISODateTime.readDigits(b, &i, w == 1 ? 1...2 : 2...2) else { return nil }; p.minute = v
            case .second(let w): guard let v = ISODateTime.readDigits(b, &i, w == 1 ? 1...2 : 2...2) else { return nil }; p.second = v
            }
        }
        guard i == b.count, p.isValid else { return nil }
        return p
    }

    /// `parse` of a pattern of fixed-width fields: the same result, the fields read at their
    /// places once the value's length and each byte's kind (literal or digit) are checked.
    private func parseFixed(_ b: UnsafeBufferPointer<UInt8>) -> Parsed? {
        guard b.count == fixed.length, fixed.fits(b) else { return nil }
        @inline(__always) func two(_ k: Int) -> Int { Int(b[k] &- 0x30) &* 10 &+ Int(b[k &+ 1] &- 0x30) }
        var p = Parsed()
        if fixed.year >= 0 { p.year = two(fixed.year) &* 100 &+ two(fixed.year &+ 2) }
        if fixed.shortYear >= 0 {
            let v = two(fixed.shortYear)
            p.year = v < pivot ? 2000 + v : 1900 + v
        }
        if fixed.month >= 0 { p.month = two(fixed.month) }
        if fixed.day >= 0 { p.day = two(fixed.day) }
        if fixed.hour >= 0 {
            p.hour = two(fixed.hour)
            p.hasTime = true
        }
        if fixed.minute >= 0 { p.minute = two(fixed.minute) }
        if fixed.second >= 0 { p.second = two(fixed.second) }
        guard p.isValid else { return nil }
        return p
    }

    // MARK: vietnamese

    /// "[place,] ngày D tháng M năm YYYY".
    static func parseVietnamese(_ b: UnsafeBufferPointer<UInt8>) -> Parsed? {
        if let p = parseVietnamese(b, from: skipSpaces(b, 0)) { return p }
        // After a place: from each comma on.
        var k = 0
        while k < b.count {
            if b[k] == UInt8(ascii: ","), let p = parseVietnamese(b, from: skipSpaces(b, k + 1)) { return p }
            k += 1
        }
        return nil
    }

    /// "ngày D tháng M năm YYYY" from `i` to the end (white space allowed at the end).
    private static func parseVietnamese(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Parsed? {
        var i = start
        var p = Parsed()
        guard eatNgay(b, &i), eatSpaces(b, &i), let d = ISODateTime.readDigits(b, &i, 1...2), eatSpaces(b, &i),
              eatThang(b, &i), eatSpaces(b, &i), let m = ISODateTime.readDigits(b, &i, 1...2), eatSpaces(b, &i),
              eatNam(b, &i), eatSpaces(b, &i), let y = ISODateTime.readDigits(b, &i, 4...4) else { return nil }
        i = skipSpaces(b, i)
        (p.year, p.month, p.day) = (y, m, d)
        guard i == b.count, p.isValid else { return nil }
        return p
    }

    private static func skipSpaces(_ b: UnsafeBufferPointer<UInt8>, _ from: Int) -> Int {
        var i = from
        while i < b.count {
            let w = RuleBytes.whitespaceLength(b, at: i)
            if w == 0 { break }
            i += w
        }
        return i
    }

    /// Skips one or more white space characters; `false` when there is none at `i`.
    private static func eatSpaces(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        let j = skipSpaces(b, i)
        defer { i = j }
        return j > i
    }

    /// Eats the ASCII letter `lower` in either case.
    @inline(__always)
    private static func eatLetter(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ lower: UInt8) -> Bool {
        guard i < b.count, b[i] | 0x20 == lower else { return false }
        i += 1
        return true
    }

    /// Eats an "a" that may carry one mark: plain `a`/`A`, the precomposed letter (`lead`,
    /// `lower` or `upper` as second byte), or `a`/`A` followed by the combining mark U+03xx
    /// (`cc`, `mark`).
    @inline(__always)
    private static func eatA(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, lead: UInt8, lower: UInt8, upper: UInt8,
                             mark: UInt8) -> Bool {
        guard i < b.count else { return false }
        if b[i] | 0x20 == UInt8(ascii: "a") {
            i += 1
            if i + 1 < b.count && b[i] == 0xCC && b[i + 1] == mark { i += 2 }
            return true
        }
        guard i + 1 < b.count, b[i] == lead, b[i + 1] == lower || b[i + 1] == upper else { return false }
        i += 2
        return true
    }

    /// "ngày" (à: C3 A0, À: C3 80, combining grave CC 80).
    private static func eatNgay(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        eatLetter(b, &i, UInt8(ascii: "n")) && eatLetter(b, &i, UInt8(ascii: "g"))
            && eatA(b, &i, lead: 0xC3, lower: 0xA0, upper: 0x80, mark: 0x80) && eatLetter(b, &i, UInt8(ascii: "y"))
    }

    /// "tháng" (á: C3 A1, Á: C3 81, combining acute CC 81).
    private static func eatThang(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        eatLetter(b, &i, UInt8(ascii: "t")) && eatLetter(b, &i, UInt8(ascii: "h"))
            && eatA(b, &i, lead: 0xC3, lower: 0xA1, upper: 0x81, mark: 0x81)
            && eatLetter(b, &i, UInt8(ascii: "n")) && eatLetter(b, &i, UInt8(ascii: "g"))
    }

    /// "năm" (ă: C4 83, Ă: C4 82, combining breve CC 86).
    private static func eatNam(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        eatLetter(b, &i, UInt8(ascii: "n")) && eatA(b, &i, lead: 0xC4, lower: 0x83, upper: 0x82, mark: 0x86)
            && eatLetter(b, &i, UInt8(ascii: "m"))
    }

    // MARK: excel_serial

    /// The last serial of the 1900 date system: 9999-12-31.
    static let maxExcelSerial = 2_958_465

    /// A 1900-system serial date: `days[.fraction]`.
    static func parseExcelSerial(_ b: UnsafeBufferPointer<UInt8>) -> Parsed? {
        let n = b.count
        var i = 0
        var serial = 0
        while i < n, i < 8, b[i] >= 0x30, b[i] <= 0x39 {
            serial = serial * 10 + Int(b[i] - 0x30)
            i += 1
        }
        guard i > 0, serial >= 1, serial != 60, serial <= maxExcelSerial else { return nil }
        var p = Parsed()
        var millis: Int64 = 0
        if i < n {
            guard b[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            // The fraction as numerator / 10^digits, exactly (digits past the 18th are dropped).
            var numerator: Int128 = 0
            var denominator: Int128 = 1
            var digits = 0
            while i < n, b[i] >= 0x30, b[i] <= 0x39 {
                if digits < 18 {
                    numerator = numerator * 10 + Int128(b[i] - 0x30)
                    denominator *= 10
                }
                digits += 1
                i += 1
            }
            guard i == n, digits > 0 else { return nil }
            millis = Int64((numerator * 2 * 86_400_000 + denominator) / (2 * denominator))
            p.hasTime = true
        }
        // 1..59 count from 1899-12-31; from 61 on, one day less for the phantom 1900-02-29.
        var days = Int64(serial) - (serial < 60 ? 25_568 : 25_569)
        if millis >= 86_400_000 {
            days += 1
            millis -= 86_400_000
        }
        let date = civil(fromDays: days)
        (p.year, p.month, p.day) = (date.year, date.month, date.day)
        let ms = Int(millis)
        (p.hour, p.minute, p.second, p.nanos) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000 * 1_000_000)
        guard p.isValid else { return nil }
        return p
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    static func civil(fromDays days: Int64) -> ISODateTime {
        let (y, m, d) = ISODateTime.civil(fromDays: Int(days))
        var p = ISODateTime()
        (p.year, p.month, p.day) = (y, m, d)
        return p
    }
}
