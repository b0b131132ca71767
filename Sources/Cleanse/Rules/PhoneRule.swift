public import Core

extension ReasonCode {
    /// A phone number that is not a Vietnamese mobile or landline number of the current plan,
    /// nor an older form that converts to one.
    public static let invalidPhone = ReasonCode(rawValue: "invalid_phone")
}

/// `phone`: a Vietnamese phone number in one canonical form.
///
/// Spaces (any White_Space), `.`, `-`, `–`, `(` and `)` are dropped; a leading `+84`, `84` or
/// `0084` country code is taken off (a `0` after it, as in `+84 (0) 912…`, too). The number is
/// then brought to the current plan:
/// - mobile: 10 digits with a prefix in use (03x, 05x, 07x, 08x, 09x; ``PhoneNumberPlan``);
///   the eleven-digit 01xx numbers of before 2018 become their ten-digit numbers (0168 → 038, …,
///   Quyết định 798/QĐ-BTTTT);
/// - landline: 11 digits, `02xx` + 7 digits, or Hà Nội `024` / TP.HCM `028` + 8 digits; the
///   area codes of before 2017 become the new ones (04 → 024, 08 → 028, 0511 → 0236, 031 →
///   0225, …, Quyết định 2036/QĐ-BTTTT).
///
/// Output (`format`): `national` `0912345678` / `02838291234` (default), or `e164`
/// `+84912345678` / `+842838291234`.
///
/// How ambiguous forms are read:
/// - After 2018, freed area codes became mobile prefixes, so a 10-digit `038 xxx xxxx` may be a
///   Viettel mobile or a Nghệ An landline of before 2017 (`038` + 7 digits), and `083 …` a
///   VinaPhone mobile or an old TP.HCM landline (`08` + 8 digits). A ten-digit number whose
///   prefix is a mobile prefix in use is a mobile number, unless its area code stands apart:
///   in parentheses (`(08) 3829 1234`, `(038) 384 2123`), or, for `04` and `08`, as a group of
///   its own (`08 3829 1234`, `08.3829.1234`): that is a landline of before 2017, converted.
///   A ten-digit number whose prefix is an old area code and not a mobile prefix is converted
///   (`031 3842 123` → `0225 3842 123`).
/// - Digits that do not start with `0` and are not a country code lost their leading zero (a
///   spreadsheet took them for a number): a `0` is put back when that gives a mobile number in
///   use, a landline number of the current plan, or an 01xx mobile number of before 2018
///   (`912345678` → `0912345678`, `1688123456` → `0388123456`), but not an area code of before
///   2017 as well (two guesses): otherwise the value is invalid.
/// - Several numbers in one field (`0912 345 678 / 0987654321`, separated by `/`, `,`, `;`,
///   `|` or `&`) are invalid: a rule keeps one value, and quietly keeping the first would lose
///   the others. With `on_invalid: flag` the field keeps its text and the record is flagged.
///
/// Anything else is an `invalid_phone`, whose detail says what was expected and what was found
/// (the digit count, the prefix, or the character). `on_invalid: flag` loads the value as it
/// was and flags it instead of quarantining the record. Whitespace-only values are left alone.
/// - Complexity: O(n); a value already in output form is not copied.
public struct PhoneRule: FieldRule {
    /// The output form.
    public enum Format: String, Sendable, CaseIterable {
        /// `0912345678`, `02838291234`.
        case national
        /// `+84912345678`, `+842838291234`.
        case e164
    }

    public var name: String { "phone" }
    let format: Format
    let onInvalid: OnInvalid

    public init(format: Format = .national, onInvalid: OnInvalid = .quarantine) {
        self.format = format
        self.onInvalid = onInvalid
    }

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value, !v.isEmpty else { return nil }
        let e164 = format == .e164
        let result: Outcome = RuleBytes.withUTF8(v) { b in Self.normalize(b, e164: e164) }
        switch result {
        case .unchanged:
            return nil
        case .rewritten(let s):
            value = s
            return nil
        case .invalid(let problem):
            return RuleFailure(.invalidPhone, problem.detail, flagOnly: onInvalid == .flag)
        }
    }

    /// Compiles `phone` or `{ phone: { format: national | e164, on_invalid: quarantine | flag } }`.
    public static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else { return PhoneRule() }
        var r = MappingReader(options, what: "phone options", log: log)
        guard r.isMapping else { return nil }
        let format = Format(rawValue: r.choice("format", Format.allCases.map(\.rawValue), default: "national")) ?? .national
        let onInvalid = OnInvalid(rawValue: r.choice("on_invalid", OnInvalid.allCases.map(\.rawValue), default: "quarantine"))
            ?? .quarantine
        r.finish()
        return PhoneRule(format: format, onInvalid: onInvalid)
    }

    // MARK: - Normalization

    enum Outcome {
        case unchanged
        case rewritten(String)
        case invalid(Problem)
    }

    /// Why a value is not a phone number; the detail string is built only for these.
    enum Problem: Error, Equatable {
        case character(String)
        case misplacedPlus
        case foreignCountry(String)
        case noDigits
        case several(UInt8)
        case length(Int)
        case prefix(String, Int)
        case oldMobile(String)
        case areaCode(String)
        case subscriber(String)

        static let expected = "expected a 10-digit mobile number (03x, 05x, 07x, 08x, 09x) or an 11-digit landline number (02xx)"

        var detail: String {
            switch self {
            case .character(let c):
                return "unexpected character '\(c)'; a phone number has digits, spaces, '.', '-', '(', ')' and a leading '+'"
            case .misplacedPlus:
                return "a '+' that does not start the number; expected '+84' in front"
            case .foreignCountry(let cc):
                return "an international number starting \(cc)…; only Vietnamese numbers (+84…) are accepted"
            case .noDigits:
                return "no digits; \(Self.expected)"
            case .several(let sep):
                return "more than one number, separated by '\(Character(Unicode.Scalar(sep)))'; expected one phone number per field"
            case .length(let n):
                return "\(Self.expected), found \(n) digit\(n == 1 ? "" : "s")\(n >= 19 ? " (more than one number?)" : "")"
            case .prefix(let p, let n):
                return "\(Self.expected), found \(n) digits starting \(p), which is neither a mobile prefix in use nor an area code of before 2017"
            case .oldMobile(let p):
                return "\(Self.expected), found 11 digits starting \(p), which is not one of the 01xx prefixes converted in 2018 (0120–0129, 0162–0169, 0186, 0188, 0199)"
            case .areaCode(let p):
                return "\(Self.expected), found 11 digits starting \(p), which is not an area code in use (02xx since 2017) nor one of before"
            case .subscriber(let p):
                return "\(Self.expected), found a Hà Nội / TP.HCM number \(p)… whose subscriber number starts with 0 or 1"
            }
        }
    }

    /// Lookup tables compiled from ``PhoneNumberPlan``.
    struct Tables: Sendable {
        /// Indexed by the three digits after the leading 0 (`0912…` → 912): a mobile prefix in use.
        var mobile = [Bool](repeating: false, count: 1000)
        /// Indexed by the two digits after `01` (`0168…` → 68): the new two digits after `0`
        /// (38), or -1.
        var mobile2018 = [Int8](repeating: -1, count: 100)
        /// Indexed by an old 2-digit area code (31): its new 3-digit code (225), or -1.
        var old2 = [Int16](repeating: -1, count: 100)
        /// Indexed by an old 3-digit area code (511): its new 3-digit code (236), or -1.
        var old3 = [Int16](repeating: -1, count: 1000)
        /// Indexed by a 3-digit code: whether it is a new 3-digit area code (2xx, not 24x/28x).
        var new3 = [Bool](repeating: false, count: 1000)

        init() {
            func number(_ s: Substring) -> Int { s.utf8.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
            for p in PhoneNumberPlan.mobilePrefixes {
                let digits = p.prefix.dropFirst()  // "32", "522"
                if digits.count == 2 {
                    let base = number(digits) * 10
                    for k in 0..<10 { mobile[base + k] = true }
                } else {
                    mobile[number(digits)] = true
                }
            }
            for c in PhoneNumberPlan.mobileConversions2018 {
                mobile2018[number(c.old.dropFirst(2))] = Int8(number(c.new.dropFirst()))
            }
            for a in PhoneNumberPlan.areaCodes2017 {
                let new = Int16(number(a.new[...]))
                switch a.old.count {
                case 2: old2[number(a.old[...])] = new
                case 3: old3[number(a.old[...])] = new
                default: break  // Hà Nội 4 and TP.HCM 8 are handled on their own.
                }
                if a.new.count == 3 { new3[Int(new)] = true }
            }
        }
    }

    static let tables = Tables()

    /// Capacity of the digit buffers: more digits than any phone number has are counted, not kept.
    private static let maxDigits = 24

    /// `b` in output form, unchanged, or why it is not a phone number.
    static func normalize(_ b: UnsafeBufferPointer<UInt8>, e164: Bool) -> Outcome {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * maxDigits) { buffer in
            let d = UnsafeMutableBufferPointer(rebasing: buffer[0..<maxDigits])
            let national = UnsafeMutableBufferPointer(rebasing: buffer[maxDigits..<2 * maxDigits])
            let out = UnsafeMutableBufferPointer(rebasing: buffer[2 * maxDigits..<3 * maxDigits])

            // 1. Scan: digits, separators, a leading '+', list separators.
            var n = 0
            var plus = false
            var parenOpen = -1, parenClose = -1
            /// Digit counts at the first separators seen after a digit.
            var boundary0 = -1, boundary1 = -1
            var listSeparator: UInt8 = 0
            var i = 0
            let count = b.count
            while i < count {
                let c = b[i]
                if c &- 0x30 < 10 {
                    if listSeparator != 0 { return .invalid(.several(listSeparator)) }
                    if n < maxDigits { d[n] = c &- 0x30 }
                    n += 1
                    i += 1
                    continue
                }
                var isBoundary = true
                var length = 1
                switch c {
                case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"), 0x09...0x0D:
                    break
                case UInt8(ascii: "("):
                    if parenOpen < 0 { parenOpen = n }
                case UInt8(ascii: ")"):
                    if parenOpen >= 0 && parenClose < 0 { parenClose = n }
                case UInt8(ascii: "+"):
                    guard n == 0 && !plus else { return .invalid(.misplacedPlus) }
                    plus = true
                    isBoundary = false
                case UInt8(ascii: "/"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&"):
                    if n == 0 { return .invalid(.character(String(Unicode.Scalar(c)))) }
                    listSeparator = c
                default:
                    if c >= 0x80 {
                        length = RuleBytes.whitespaceLength(b, at: i)
                        // En dash and em dash (U+2013, U+2014) separate groups like '-'.
                        if length == 0 && c == 0xE2 && b[i + 1] == 0x80 && (b[i + 2] == 0x93 || b[i + 2] == 0x94) { length = 3 }
                    } else {
                        length = 0
                    }
                    if length == 0 {
                        let end = i + RuleBytes.scalarLength(c)
                        return .invalid(.character(String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self)))
                    }
                }
                if isBoundary && n > 0 {
                    if boundary0 < 0 { boundary0 = n } else if boundary1 < 0 && n > boundary0 { boundary1 = n }
                }
                i += length
            }
            if n == 0 {
                if plus || parenOpen >= 0 || listSeparator != 0 { return .invalid(.noDigits) }
                // Only white space, dots and dashes: white space alone is left to other rules.
                var blank = true
                var j = 0
                while j < count {
                    let w = RuleBytes.whitespaceLength(b, at: j)
                    if w == 0 { blank = false; break }
                    j += w
                }
                return blank ? .unchanged : .invalid(.noDigits)
            }
            if n >= maxDigits { return .invalid(.length(n)) }

            // 2. Country code.
            var offset = 0
            var hasCountryCode = false
            if plus {
                guard n >= 2 && d[0] == 8 && d[1] == 4 else {
                    return .invalid(.foreignCountry("+" + digitString(d, 0, min(n, 3))))
                }
                offset = 2
                hasCountryCode = true
            } else if n >= 2 && d[0] == 0 && d[1] == 0 {
                guard n >= 4 && d[2] == 8 && d[3] == 4 else {
                    return .invalid(.foreignCountry("00" + digitString(d, 2, min(n, 5))))
                }
                offset = 4
                hasCountryCode = true
            } else if n >= 11 && n <= 13 && d[0] == 8 && d[1] == 4 && (n < 13 || d[2] == 0) {
                offset = 2
                hasCountryCode = true
            }
            guard offset < n else { return .invalid(.length(0)) }

            // 3. The national number, with its leading 0.
            var m = 0
            let zeroAdded = d[offset] != 0
            if zeroAdded {
                national[0] = 0
                m = 1
            }
            for k in offset..<n {
                national[m] = d[k]
                m += 1
            }

            // 4. An area code that stands apart: in parentheses, or 04 / 08 as a group of its own.
            var areaHint = 0
            let added = zeroAdded ? 1 : 0
            if parenOpen == offset && parenClose > offset {
                areaHint = parenClose - offset + added
            } else {
                let firstGroupEnd = boundary0 > offset ? boundary0 : boundary1 > offset ? boundary1 : -1
                if firstGroupEnd > 0 && firstGroupEnd - offset + added == 2 && (national[1] == 4 || national[1] == 8) {
                    areaHint = 2
                }
            }

            // 5. Classify and convert.
            let reported = hasCountryCode ? m : n
            let o: Int
            // A restored zero is one guess already: it must give a number of the current plan (or
            // an 01xx mobile number, unmistakable), not an area code of before 2017 as well.
            let legacy = hasCountryCode || !zeroAdded
            switch classify(UnsafeBufferPointer(national), m, areaHint: areaHint, legacyLandline: legacy, into: out) {
            case .success(let length):
                o = length
            case .failure(let problem):
                if zeroAdded && !hasCountryCode { return .invalid(.length(n)) }
                if case .length = problem { return .invalid(.length(reported)) }
                if case .prefix(let p, _) = problem { return .invalid(.prefix(p, reported)) }
                return .invalid(problem)
            }

            // 6. Render, unless the value already is the rendering.
            let rendered: UnsafeBufferPointer<UInt8>
            if e164 {
                // "+84" then the national digits after the 0; shift right by 2 in place.
                var k = o - 1
                while k >= 1 {
                    out[k + 2] = out[k] &+ 0x30
                    k -= 1
                }
                out[0] = UInt8(ascii: "+")
                out[1] = UInt8(ascii: "8")
                out[2] = UInt8(ascii: "4")
                rendered = UnsafeBufferPointer(rebasing: out[0..<o + 2])
            } else {
                for k in 0..<o { out[k] &+= 0x30 }
                rendered = UnsafeBufferPointer(rebasing: out[0..<o])
            }
            if RuleBytes.equal(rendered, b) { return .unchanged }
            return .rewritten(String(decoding: rendered, as: UTF8.self))
        }
    }

    /// Brings the national number `D` (digit values, `D[0] == 0`, `m` digits) to the current
    /// plan, writing digit values into `out`.
    /// - Returns: The length written, or the problem.
    /// - Parameters:
    ///   - areaHint: The length of the area code when it stands apart (with its 0), else 0.
    ///   - legacyLandline: Whether area codes of before 2017 are converted.
    static func classify(_ D: UnsafeBufferPointer<UInt8>, _ m: Int, areaHint: Int, legacyLandline: Bool,
                         into out: UnsafeMutableBufferPointer<UInt8>) -> Result<Int, Problem> {
        let t = tables
        @inline(__always) func copy(_ from: Int, to: Int) -> Int {
            var o = to
            for k in from..<m {
                out[o] = D[k]
                o += 1
            }
            return o
        }
        /// `0` + the 3-digit `code` + `D[from...]`.
        @inline(__always) func withCode(_ code: Int, from: Int) -> Int {
            out[0] = 0
            out[1] = UInt8(code / 100)
            out[2] = UInt8(code / 10 % 10)
            out[3] = UInt8(code % 10)
            return copy(from, to: 4)
        }
        /// `02` + `D[1...]`: Hà Nội 04 → 024, TP.HCM 08 → 028.
        @inline(__always) func bigCity() -> Int {
            out[0] = 0
            out[1] = 2
            return copy(1, to: 2)
        }
        func text(_ from: Int, _ to: Int) -> String { digitString(UnsafeMutableBufferPointer(mutating: D), from, to) }

        switch m {
        case 10:
            let two = Int(D[1]) * 10 + Int(D[2])
            if !legacyLandline {
                return t.mobile[two * 10 + Int(D[3])] ? .success(copy(0, to: 0)) : .failure(.prefix(text(0, 3), m))
            }
            if areaHint == 2 && (D[1] == 4 || D[1] == 8) {
                guard D[2] >= 2 else { return .failure(.subscriber(text(0, 2))) }
                return .success(bigCity())
            }
            if areaHint == 3, t.old2[two] >= 0 {
                return .success(withCode(Int(t.old2[two]), from: 3))
            }
            if t.mobile[two * 10 + Int(D[3])] {
                return .success(copy(0, to: 0))
            }
            if D[1] == 4 || D[1] == 8 {
                guard D[2] >= 2 else { return .failure(.subscriber(text(0, 2))) }
                return .success(bigCity())
            }
            if t.old2[two] >= 0 {
                return .success(withCode(Int(t.old2[two]), from: 3))
            }
            return .failure(.prefix(text(0, 3), m))
        case 11:
            let three = Int(D[1]) * 100 + Int(D[2]) * 10 + Int(D[3])
            if D[1] == 1 {
                let new = t.mobile2018[Int(D[2]) * 10 + Int(D[3])]
                guard new >= 0 else { return .failure(.oldMobile(text(0, 4))) }
                out[0] = 0
                out[1] = UInt8(new / 10)
                out[2] = UInt8(new % 10)
                return .success(copy(4, to: 3))
            }
            if D[1] == 2 && (D[2] == 4 || D[2] == 8) && D[3] >= 2 {
                return .success(copy(0, to: 0))  // Hà Nội 024, TP.HCM 028 + 8 digits.
            }
            if t.new3[three] {
                return .success(copy(0, to: 0))
            }
            if legacyLandline && t.old3[three] >= 0 {
                return .success(withCode(Int(t.old3[three]), from: 4))
            }
            return .failure(.areaCode(text(0, 4)))
        default:
            return .failure(.length(m))
        }
    }

    /// The digit values `d[from..<to]` as text.
    static func digitString(_ d: UnsafeMutableBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        var s = ""
        for k in from..<to { s.unicodeScalars.append(Unicode.Scalar(d[k] + 0x30)) }
        return s
    }
}
