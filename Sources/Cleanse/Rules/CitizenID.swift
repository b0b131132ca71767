public import Core

extension ReasonCode {
    /// Not a citizen identity number: not digits, or neither 12 (CCCD) nor 9 (CMND) of them.
    public static let invalidID = ReasonCode(rawValue: "invalid_id")
    /// A CCCD whose digits 1–3 are not a province code, or a CMND whose digits 1–2 are not an
    /// issuing prefix.
    public static let invalidIDProvince = ReasonCode(rawValue: "invalid_id_province")
    /// A 9-digit CMND where only 12-digit CCCD numbers are accepted.
    public static let cmndNotAccepted = ReasonCode(rawValue: "cmnd_not_accepted")
    /// A 12-digit CCCD where only 9-digit CMND numbers are accepted.
    public static let cccdNotAccepted = ReasonCode(rawValue: "cccd_not_accepted")
    /// The birth century and year in a CCCD's digits 4–6 disagree with the record's birth date.
    public static let idBirthMismatch = ReasonCode(rawValue: "id_birth_mismatch")
    /// The gender in a CCCD's digit 4 disagrees with the record's gender.
    public static let idGenderMismatch = ReasonCode(rawValue: "id_gender_mismatch")
}

/// A Vietnamese citizen identity number, parsed.
///
/// - CCCD (căn cước công dân) / personal identification number, 12 digits (Nghị định
///   137/2015/NĐ-CP, Điều 13; Thông tư 07/2016/TT-BCA, Điều 7): digits 1–3 the province where
///   the birth was registered (001 Hà Nội … 096 Cà Mau, ``CitizenIDProvinces``); digit 4 the
///   century of birth and the gender: 0/1 male/female born 1900–1999, 2/3 2000–2099, 4/5
///   2100–2199, 6/7 2200–2299, 8/9 2300–2399; digits 5–6 the last two digits of the birth year;
///   digits 7–12 random. (8/9 are the 24th century in the Circular, not the 19th: no one born
///   before 1900 was given a number.)
/// - CMND (chứng minh nhân dân), 9 digits, issued until 2016: digits 1–2 the issuing police's
///   prefix (01–38); no other structure.
///
/// ``parse(_:)`` takes digits only. ``read(_:)`` (and the `citizen_id` rule) first normalizes
/// what exports make of these numbers:
/// - spaces (any White_Space), `.` and `-` between digits are dropped: `079 085 012 345`,
///   `079.085.012.345`;
/// - a number a spreadsheet or a script took for a float: `38012345612.0` (one `.0` at the end)
///   and scientific notation `3.8012345612E+10` when it shows every digit (as many decimals as
///   the exponent); `3.80123E+10` has lost digits and is refused;
/// - leading zeros lost the same way: 11 digits get one `0` back and 10 digits two (every CCCD
///   starts with `0`, Hà Nội's with `00`), and 8 digits one (CMND prefixes 01–09), but only when
///   the result is a valid number, of a province that exists and a century of birth of 1900–2099;
///   otherwise the digits stay as they were, and are invalid.
public struct CitizenID: Sendable, Hashable {
    /// Which number: a 12-digit CCCD / personal identification number or a 9-digit CMND.
    public enum Kind: String, Sendable, CaseIterable {
        case cccd
        case cmnd
    }

    public enum Gender: String, Sendable, CaseIterable {
        case male
        case female
    }

    /// The number's digits, leading zeros kept.
    public let digits: String
    public let kind: Kind
    /// CCCD: digits 1–3, the code of the province of birth registration (1–96); CMND: digits
    /// 1–2, the issuing prefix (1–38).
    public let placeCode: Int
    /// CCCD only: the gender in digit 4.
    public let gender: Gender?
    /// CCCD only: the birth year in digits 4–6.
    public let birthYear: Int?

    /// CCCD: the province of birth registration; CMND: the provinces that issued under the prefix.
    public var placeName: String? {
        kind == .cccd ? CitizenIDProvinces.provinceNames[placeCode] : CitizenIDProvinces.cmndIssuers[placeCode]
    }

    /// The first year of the century that CCCD digit 4 (`0`–`9`) gives: 1900, 2000, … 2300.
    public static func century(ofDigit4 c: Int) -> Int { 1900 + c / 2 * 100 }

    /// The CCCD digit 4 for a birth in `year` (1900–2399), or nil for a year outside.
    public static func digit4(year: Int, gender: Gender) -> Int? {
        guard year >= 1900 && year <= 2399 else { return nil }
        return (year / 100 - 19) * 2 + (gender == .female ? 1 : 0)
    }

    // MARK: - Parsing

    /// Parses `digits` (digits only, leading zeros kept) as a CCCD (12) or a CMND (9).
    /// - Throws: `invalid_id` (not digits, or another length), `invalid_id_province` (a
    ///   province code or CMND prefix that does not exist).
    public static func parse(_ digits: String) throws(RuleFailure) -> CitizenID {
        try RuleBytes.withUTF8(digits) { parse(bytes: $0) }.get()
    }

    /// Normalizes `value` as the `citizen_id` rule does (see the type's documentation), then
    /// parses it.
    /// - Throws: As ``parse(_:)``.
    public static func read(_ value: String) throws(RuleFailure) -> CitizenID {
        try RuleBytes.withUTF8(value) { read(bytes: $0) }.get()
    }

    /// The kind of number `value` is by its shape once normalized: 12 digits a CCCD, 9 a CMND,
    /// whether or not its province or prefix exists; nil for anything else. For a record-level
    /// step that routes CMND numbers to a field of their own.
    public static func kind(of value: String) -> Kind? {
        RuleBytes.withUTF8(value) { b -> Kind? in
            withNormalizedDigits(b) { r -> Kind? in
                guard case .success(let d) = r else { return nil }
                return d.count == 12 ? .cccd : d.count == 9 ? .cmnd : nil
            }
        }
    }

    /// What the digits of a valid number say, without the digits.
    struct Fields {
        let kind: Kind
        let placeCode: Int
        /// CCCD digit 4, or -1 for a CMND.
        let digit4: Int
        /// CCCD digits 5–6, or -1 for a CMND.
        let yy: Int
    }

    /// Checks the digits `d` (ASCII).
    static func fields(_ d: UnsafeBufferPointer<UInt8>) -> Result<Fields, RuleFailure> {
        for c in d where c &- 0x30 >= 10 {
            let found = c < 0x80 ? "'\(Unicode.Scalar(c))'" : "a character that is not ASCII"
            return .failure(RuleFailure(.invalidID, "expected only digits, found \(found)"))
        }
        @inline(__always) func digit(_ k: Int) -> Int { Int(d[k] &- 0x30) }
        switch d.count {
        case 12:
            let code = digit(0) * 100 + digit(1) * 10 + digit(2)
            guard isProvince(code) else {
                return .failure(RuleFailure(
                    .invalidIDProvince,
                    "CCCD digits 1–3 are \(text(d, 0..<3)), which is not a province code of Thông tư 07/2016/TT-BCA (001 Hà Nội … 096 Cà Mau)"))
            }
            return .success(Fields(kind: .cccd, placeCode: code, digit4: digit(3), yy: digit(4) * 10 + digit(5)))
        case 9:
            let prefix = digit(0) * 10 + digit(1)
            guard isCMNDPrefix(prefix) else {
                return .failure(RuleFailure(
                    .invalidIDProvince,
                    "CMND digits 1–2 are \(text(d, 0..<2)), which is not an issuing prefix (01–38)"))
            }
            return .success(Fields(kind: .cmnd, placeCode: prefix, digit4: -1, yy: -1))
        default:
            return .failure(RuleFailure(
                .invalidID, "expected a 12-digit CCCD number or a 9-digit CMND number, found \(d.count) digit\(d.count == 1 ? "" : "s")"))
        }
    }

    static func parse(bytes d: UnsafeBufferPointer<UInt8>) -> Result<CitizenID, RuleFailure> {
        fields(d).map { f in
            let digits = String(decoding: d, as: UTF8.self)
            guard f.kind == .cccd else {
                return CitizenID(digits: digits, kind: .cmnd, placeCode: f.placeCode, gender: nil, birthYear: nil)
            }
            return CitizenID(digits: digits, kind: .cccd, placeCode: f.placeCode, gender: f.digit4 % 2 == 0 ? .male : .female,
                             birthYear: century(ofDigit4: f.digit4) + f.yy)
        }
    }

    static func read(bytes b: UnsafeBufferPointer<UInt8>) -> Result<CitizenID, RuleFailure> {
        withNormalizedDigits(b) { r in r.flatMap { parse(bytes: $0) } }
    }

    static func text(_ d: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: d[r]), as: UTF8.self)
    }

    /// Whether `code` is a province code of the CCCD (a bit of `provinceBits`).
    @inline(__always)
    static func isProvince(_ code: Int) -> Bool { code < 100 && provinceBits[code >> 6] >> UInt64(code & 63) & 1 != 0 }

    /// Whether `prefix` (0–99) is a CMND issuing prefix.
    @inline(__always)
    static func isCMNDPrefix(_ prefix: Int) -> Bool { prefix >= 1 && prefix <= CitizenIDProvinces.cmndPrefixes.count }

    /// The CCCD province codes as a 128-bit set, for a lookup without touching the names.
    private static let provinceBits: [UInt64] = {
        var bits: [UInt64] = [0, 0]
        for p in CitizenIDProvinces.provinces { bits[p.code >> 6] |= 1 << UInt64(p.code & 63) }
        return bits
    }()

    /// Whether the 12 digits `d` are a CCCD of a province that exists and a birth in 1900–2099,
    /// or the 9 digits `d` a CMND of an issuing prefix: a number worth restoring zeros for.
    private static func isValid(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in d where c &- 0x30 >= 10 { return false }
        switch d.count {
        case 12: return isProvince(Int(d[0] &- 0x30) * 100 + Int(d[1] &- 0x30) * 10 + Int(d[2] &- 0x30)) && d[3] &- 0x30 <= 3
        case 9: return isCMNDPrefix(Int(d[0] &- 0x30) * 10 + Int(d[1] &- 0x30))
        default: return false
        }
    }

    // MARK: - Normalization

    /// Capacity of the digit buffer: longer values are counted, not kept.
    private static let maxDigits = 24

    /// Runs `body` on the digits of `b` once normalized (see the type's documentation): empty
    /// for a value of white space only.
    static func withNormalizedDigits<R>(_ b: UnsafeBufferPointer<UInt8>,
                                        _ body: (Result<UnsafeBufferPointer<UInt8>, RuleFailure>) -> R) -> R {
        // Already 12 or 9 digits and nothing else (the usual value, and the rule's output):
        // the digits are the value, and no zero is put back at those lengths.
        if b.count == 12 || b.count == 9, RuleBytes.allDigits8to16(b) { return body(.success(b)) }
        // Trim white space.
        var start = 0, end = b.count
        while start < end {
            let w = RuleBytes.whitespaceLength(b, at: start)
            if w == 0 { break }
            start += w
        }
        while end > start {
            let w = RuleBytes.whitespaceLength(b, before: end)
            if w == 0 { break }
            end -= w
        }
        // Digits go to buffer[2...]; the two bytes before are for zeros put back.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDigits + 2) { buffer in
            buffer[0] = UInt8(ascii: "0")
            buffer[1] = UInt8(ascii: "0")
            var n = 0
            var dots = 0, others = 0
            var lastDot = -1
            var i = start
            while i < end {
                let c = b[i]
                if c &- 0x30 < 10 {
                    if n < maxDigits { buffer[n + 2] = c }
                    n += 1
                    i += 1
                    continue
                }
                switch c {
                case UInt8(ascii: "."):
                    dots += 1
                    lastDot = i
                    i += 1
                case UInt8(ascii: "-"), UInt8(ascii: " "), 0x09...0x0D:
                    others += 1
                    i += 1
                case UInt8(ascii: "E"), UInt8(ascii: "e"):
                    let value = UnsafeBufferPointer(rebasing: b[start..<end])
                    switch scientific(value, exponentAt: i - start, into: buffer) {
                    case .success(let count): return body(.success(restoringZeros(buffer, count)))
                    case .failure(let failure): return body(.failure(failure))
                    }
                default:
                    let w = c >= 0x80 ? RuleBytes.whitespaceLength(b, at: i) : 0
                    guard w > 0 else {
                        let scalarEnd = i + RuleBytes.scalarLength(c)
                        let s = String(decoding: UnsafeBufferPointer(rebasing: b[i..<scalarEnd]), as: UTF8.self)
                        return body(.failure(RuleFailure(.invalidID, "expected a CCCD or CMND number (digits, spaces, '.', '-'), found '\(s)'")))
                    }
                    others += 1
                    i += w
                }
            }
            if n > maxDigits {
                return body(.failure(RuleFailure(.invalidID, "expected a 12-digit CCCD number or a 9-digit CMND number, found \(n) digits")))
            }
            // A float's ".0": one dot, then a single 0 that ends the value.
            if dots == 1 && others == 0 && lastDot == end - 2 && b[end - 1] == UInt8(ascii: "0") && n > 1 {
                n -= 1
            }
            return body(.success(restoringZeros(buffer, n)))
        }
    }

    /// The `n` digits at `buffer[2...]`, or with the leading zeros a spreadsheet dropped put back
    /// (from `buffer[0]` and `buffer[1]`, which are `0`) when that gives a valid number.
    private static func restoringZeros(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ n: Int) -> UnsafeBufferPointer<UInt8> {
        let missing = n == 11 ? 1 : n == 10 ? 2 : n == 8 ? 1 : 0
        if missing > 0 {
            let padded = UnsafeBufferPointer(rebasing: buffer[2 - missing..<n + 2])
            if isValid(padded) { return padded }
        }
        return UnsafeBufferPointer(rebasing: buffer[2..<n + 2])
    }

    /// Reads `d`, a trimmed value with an `E` or `e` at `e`, as scientific notation, writing its
    /// digits to `buffer[2...]`.
    /// - Returns: The number of digits.
    private static func scientific(_ d: UnsafeBufferPointer<UInt8>, exponentAt e: Int,
                                   into buffer: UnsafeMutableBufferPointer<UInt8>) -> Result<Int, RuleFailure> {
        func refused(_ why: String) -> Result<Int, RuleFailure> {
            let shown = String(decoding: d, as: UTF8.self)
            return .failure(RuleFailure(.invalidID, "'\(shown)' is a spreadsheet number in scientific notation \(why)"))
        }
        // Mantissa: one digit, optionally '.' and more digits. Exponent: optional '+', 1–2 digits.
        guard e >= 1, d[0] &- 0x30 < 10 else { return refused("that is not an identity number") }
        var fraction = 0
        if e > 1 {
            guard d[1] == UInt8(ascii: "."), e > 2 else { return refused("that is not an identity number") }
            for k in 2..<e {
                guard d[k] &- 0x30 < 10 else { return refused("that is not an identity number") }
                fraction += 1
            }
        }
        var k = e + 1
        if k < d.count && d[k] == UInt8(ascii: "+") { k += 1 }
        guard k < d.count, d.count - k <= 2 else { return refused("that is not an identity number") }
        var exponent = 0
        while k < d.count {
            guard d[k] &- 0x30 < 10 else { return refused("that is not an identity number") }
            exponent = exponent * 10 + Int(d[k] &- 0x30)
            k += 1
        }
        if exponent > fraction {
            let lost = exponent - fraction
            return refused("that has lost its last \(lost) digit\(lost == 1 ? "" : "s"); export the column as text")
        }
        if exponent < fraction { return refused("that is not a whole number") }
        guard fraction < maxDigits else { return refused("that is not an identity number") }
        buffer[2] = d[0]
        for j in 0..<fraction { buffer[3 + j] = d[2 + j] }
        return .success(1 + fraction)
    }

    // MARK: - Record-level checks

    /// Checks a CCCD against the record's birth date and gender.
    ///
    /// - Parameters:
    ///   - id: The identity number, as the `citizen_id` rule left it (any form ``read(_:)``
    ///     accepts). A CMND, or a value that is not a valid number, is not checked (the field
    ///     rule reports those).
    ///   - birthDate: `yyyy-MM-dd` (the `date` rule's output; anything that starts with four
    ///     digits and then `-` or ends, so `timestamptz` output too). Missing or of another form:
    ///     not checked.
    ///   - gender: Male: `nam`, `nam giới`, `trai`, `male`, `m`; female: `nữ`, `nu`, `nữ giới`,
    ///     `nu gioi`, `gái`, `gai`, `female`, `f` (any case, any Unicode normalization, white
    ///     space around ignored). Missing or anything else (numeric codes, whose meaning varies
    ///     between systems, too): not checked.
    ///   - flagOnly: The failures' `flagOnly`.
    /// - Returns: `id_birth_mismatch` when the century and year in digits 4–6 are not the birth
    ///   date's year; `id_gender_mismatch` when digit 4's gender is not the record's.
    public static func check(id: String, birthDate: String?, gender: String?, flagOnly: Bool = false) -> [RuleFailure] {
        // The number's fields, as `read` finds them, without making its digits a string.
        let read = RuleBytes.withUTF8(id) { b in withNormalizedDigits(b) { r in r.flatMap { fields($0) } } }
        guard case .success(let f) = read, f.kind == .cccd else { return [] }
        let idYear = century(ofDigit4: f.digit4) + f.yy
        let idGender: Gender = f.digit4 % 2 == 0 ? .male : .female
        var failures: [RuleFailure] = []
        let d4 = digit4(year: idYear, gender: idGender)!
        let idYY = idYear % 100
        if let birthDate, let year = leadingYear(birthDate), year != idYear {
            let expected: String
            if let c = digit4(year: year, gender: idGender) {
                let yy = year % 100
                expected = "which would be \(c)\(yy < 10 ? "0" : "")\(yy)"
            } else {
                expected = "which no CCCD can encode (1900–2399)"
            }
            let shown = "\(d4)\(idYY < 10 ? "0" : "")\(idYY)"
            failures.append(RuleFailure(
                .idBirthMismatch,
                "CCCD digits 4–6 are \(shown): born \(idYear) (\(idGender.rawValue)); the birth date says \(year), \(expected)",
                flagOnly: flagOnly))
        }
        if let gender, let recorded = Self.gender(from: gender), recorded != idGender {
            let c0 = century(ofDigit4: d4)
            failures.append(RuleFailure(
                .idGenderMismatch,
                "CCCD digit 4 is \(d4): \(idGender.rawValue), born \(c0)–\(c0 + 99); the gender field says \(recorded.rawValue) ('\(gender)'), which would be \(d4 / 2 * 2 + (recorded == .female ? 1 : 0))",
                flagOnly: flagOnly))
        }
        return failures
    }

    /// The gender a record's gender field states (see ``check(id:birthDate:gender:flagOnly:)``), or nil.
    public static func gender(from text: String) -> Gender? {
        if let g = RuleBytes.withUTF8(text, asciiGender) { return g == 0 ? nil : g == 1 ? .male : .female }
        if let g = RuleBytes.withUTF8(text, precomposedGender) { return g }
        var start = text.unicodeScalars.startIndex, end = text.unicodeScalars.endIndex
        while start < end && text.unicodeScalars[start].properties.isWhitespace { start = text.unicodeScalars.index(after: start) }
        while end > start && text.unicodeScalars[text.unicodeScalars.index(before: end)].properties.isWhitespace {
            end = text.unicodeScalars.index(before: end)
        }
        // `String` compares and hashes by canonical equivalence, so NFD spellings match too.
        return genders[String(text.unicodeScalars[start..<end]).lowercased()]
    }

    /// The gender of `b` when it is one of `precomposed`'s spellings (white space around it
    /// allowed), else nil: the usual non-ASCII values, answered without normalizing.
    private static func precomposedGender(_ b: UnsafeBufferPointer<UInt8>) -> Gender? {
        var start = 0, end = b.count
        while start < end && RuleBytes.isASCIIWhitespace(b[start]) { start += 1 }
        while end > start && RuleBytes.isASCIIWhitespace(b[end - 1]) { end -= 1 }
        let word = UnsafeBufferPointer(rebasing: b[start..<end])
        // Compared as two words: every spelling is shorter than 16 bytes.
        guard word.count < 16 else { return nil }
        let key = packed(word)
        for p in precomposedKeys where p.key == key { return p.gender }
        return nil
    }

    /// `word` (up to 15 bytes) and its length, packed: bytes 0–7 in the first word, 8–14 in
    /// the second, first byte lowest, the length in the second's top byte.
    private static func packed(_ word: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var low: UInt64 = 0, high: UInt64 = UInt64(word.count) << 56
        for (k, c) in word.enumerated() {
            if k < 8 { low |= UInt64(c) << UInt64(8 * k) } else { high |= UInt64(c) << UInt64(8 * (k - 8)) }
        }
        return (low, high)
    }

    /// `precomposed`, packed (`packed`).
    private static let precomposedKeys: [(key: (UInt64, UInt64), gender: Gender)] = precomposed.map { spelling in
        precondition(spelling.bytes.count < 16)
        return (spelling.bytes.withUnsafeBufferPointer(packed), spelling.gender)
    }

    /// Spellings of `genders`' words with letters outside ASCII, in NFC, lower case, capitalised
    /// and upper case.
    private static let precomposed: [(bytes: [UInt8], gender: Gender)] = [
        ("n\u{1EEF}", Gender.female), ("N\u{1EEF}", .female), ("N\u{1EEE}", .female),
        ("n\u{1EEF} gi\u{1EDB}i", .female), ("N\u{1EEF} gi\u{1EDB}i", .female), ("N\u{1EEE} GI\u{1EDA}I", .female),
        ("g\u{E1}i", .female), ("G\u{E1}i", .female), ("G\u{C1}I", .female),
        ("nam gi\u{1EDB}i", .male), ("Nam gi\u{1EDB}i", .male), ("NAM GI\u{1EDA}I", .male),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The gender of an ASCII `b` (1 male, 2 female, 0 none), or nil when `b` is not ASCII.
    private static func asciiGender(_ b: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var start = 0, end = b.count
        while start < end && RuleBytes.isASCIIWhitespace(b[start]) { start += 1 }
        while end > start && RuleBytes.isASCIIWhitespace(b[end - 1]) { end -= 1 }
        // Up to 8 letters, lowercased, packed into a UInt64 (first letter lowest).
        guard end - start <= 8 else {
            for c in b where c >= 0x80 { return nil }
            return 0
        }
        var key: UInt64 = 0
        var k = end
        while k > start {
            k -= 1
            let c = b[k]
            if c >= 0x80 { return nil }
            key = key << 8 | UInt64(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
        }
        return asciiMale.contains(key) ? 1 : asciiFemale.contains(key) ? 2 : 0
    }

    private static let asciiMale: [UInt64] = [pack("nam"), pack("trai"), pack("male"), pack("m"), pack("nam gioi")]
    private static let asciiFemale: [UInt64] = [pack("nu"), pack("gai"), pack("female"), pack("f"), pack("nu gioi")]

    private static func pack(_ s: StaticString) -> UInt64 {
        var key: UInt64 = 0
        var k = s.utf8CodeUnitCount
        while k > 0 {
            k -= 1
            key = key << 8 | UInt64(s.utf8Start[k])
        }
        return key
    }

    private static let genders: [String: Gender] = [
        "nam": .male, "nam giới": .male, "nam gioi": .male, "trai": .male, "male": .male, "m": .male,
        "nữ": .female, "nu": .female, "nữ giới": .female, "nu gioi": .female, "gái": .female, "gai": .female,
        "female": .female, "f": .female,
    ]

    /// The year of `yyyy-…` or `yyyy`, or nil.
    static func leadingYear(_ s: String) -> Int? {
        RuleBytes.withUTF8(s) { b -> Int? in
            guard b.count >= 4, b.count == 4 || b[4] == UInt8(ascii: "-") else { return nil }
            var y = 0
            for k in 0..<4 {
                guard b[k] &- 0x30 < 10 else { return nil }
                y = y * 10 + Int(b[k] &- 0x30)
            }
            return y
        }
    }
}
