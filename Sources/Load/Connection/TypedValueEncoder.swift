import Core

/// Encodes canonical text values (as Cleanse leaves them) in PostgreSQL's binary COPY form of
/// their column type, so the server neither parses dates nor numbers.
enum TypedValueEncoder {
    /// Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    static let epochDays: Int64 = 10_957

    /// Appends `value` as a binary COPY field of `type`.
    /// - Throws: ``LoadError`` `.copy` for a value not in canonical form (Cleanse checks types
    ///   first, so this is a guard, not a path for data).
    static func append(_ value: String?, as type: ColumnType, to out: inout [UInt8]) throws(LoadError) {
        guard var value else { return BinaryCopyEncoder.appendNull(&out) }
        switch type {
        case .text:
            BinaryCopyEncoder.appendText(value, &out)
        case .integer:
            guard let n = Int32(value) else { throw bad(value, type) }
            BinaryCopyEncoder.appendInt(n, &out)
        case .bigint:
            guard let n = Int64(value) else { throw bad(value, type) }
            BinaryCopyEncoder.appendBigint(n, &out)
        case .boolean:
            guard value == "true" || value == "false" else { throw bad(value, type) }
            BinaryCopyEncoder.appendBool(value == "true", &out)
        case .date:
            guard let t = value.withUTF8({ ISOTime.parse($0) }), !t.hasTime else { throw bad(value, type) }
            BinaryCopyEncoder.appendInt(Int32(t.days - epochDays), &out)
        case .timestamptz, .timestamp:
            guard let t = value.withUTF8({ ISOTime.parse($0) }), t.hasTime,
                  (type == .timestamptz) == (t.offsetMinutes != nil) else { throw bad(value, type) }
            let seconds = (t.days - epochDays) * 86_400 + t.secondsOfDay - Int64(t.offsetMinutes ?? 0) * 60
            BinaryCopyEncoder.appendBigint(seconds * 1_000_000 + t.micros, &out)
        case .numeric:
            guard let digits = value.withUTF8({ NumericDigits(decimal: $0) }) else { throw bad(value, type) }
            digits.append(to: &out)
        }
    }

    private static func bad(_ value: String, _ type: ColumnType) -> LoadError {
        LoadError(.copy, "a value is not in the canonical form of \(type.rawValue)")
    }
}

/// An ISO 8601 date or date-time in the forms Cleanse writes: `yyyy-MM-dd`, then optionally
/// `THH:mm:ss[.fraction]` and `Z` or `±hh:mm`.
struct ISOTime {
    var days: Int64
    var secondsOfDay: Int64 = 0
    var micros: Int64 = 0
    var hasTime = false
    var offsetMinutes: Int?

    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> ISOTime? {
        var i = 0
        guard let y = num(b, &i, 4), eat(b, &i, "-"), let m = num(b, &i, 2), eat(b, &i, "-"), let d = num(b, &i, 2),
              (1...12).contains(m), d >= 1, d <= 31 else { return nil }
        var t = ISOTime(days: daysFromCivil(y, m, d))
        if eat(b, &i, "T") || eat(b, &i, " ") {
            guard let hh = num(b, &i, 2), eat(b, &i, ":"), let mm = num(b, &i, 2), eat(b, &i, ":"), let ss = num(b, &i, 2),
                  hh < 24, mm < 60, ss < 60 else { return nil }
            t.hasTime = true
            t.secondsOfDay = hh * 3600 + mm * 60 + ss
            if eat(b, &i, ".") {
                var scale: Int64 = 100_000
                var digits = 0
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    if scale > 0 { t.micros += Int64(b[i] - 0x30) * scale }
                    scale /= 10
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
            }
            if eat(b, &i, "Z") {
                t.offsetMinutes = 0
            } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                let sign: Int64 = b[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = num(b, &i, 2), eat(b, &i, ":"), let om = num(b, &i, 2) else { return nil }
                t.offsetMinutes = Int(sign * (oh * 60 + om))
            }
        }
        return i == b.count ? t : nil
    }

    @inline(__always)
    private static func num(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ width: Int) -> Int64? {
        guard i + width <= b.count else { return nil }
        var n: Int64 = 0
        for k in i..<(i + width) {
            let c = b[k]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            n = n * 10 + Int64(c - 0x30)
        }
        i += width
        return n
    }

    @inline(__always)
    private static func eat(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ c: Unicode.Scalar) -> Bool {
        guard i < b.count, b[i] == UInt8(c.value) else { return false }
        i += 1
        return true
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// PostgreSQL's binary `numeric`: base-10000 digits with a weight, a sign and a display scale.
struct NumericDigits {
    var digits: [Int16] = []
    var weight: Int16 = 0
    var negative = false
    var scale: Int16 = 0

    init?(decimal b: UnsafeBufferPointer<UInt8>) {
        var i = 0
        if i < b.count && b[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var intPart: [UInt8] = []
        var fracPart: [UInt8] = []
        var seenDot = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else if c >= 0x30 && c <= 0x39 {
                if seenDot { fracPart.append(c - 0x30) } else { intPart.append(c - 0x30) }
            } else {
                return nil
            }
            i += 1
        }
        guard !intPart.isEmpty || !fracPart.isEmpty else { return nil }
        scale = Int16(fracPart.count)
        while intPart.count % 4 != 0 { intPart.insert(0, at: 0) }
        while fracPart.count % 4 != 0 { fracPart.append(0) }
        var groups: [Int16] = []
        for g in stride(from: 0, to: intPart.count, by: 4) {
            groups.append(Int16(intPart[g]) * 1000 + Int16(intPart[g + 1]) * 100 + Int16(intPart[g + 2]) * 10 + Int16(intPart[g + 3]))
        }
        for g in stride(from: 0, to: fracPart.count, by: 4) {
            groups.append(Int16(fracPart[g]) * 1000 + Int16(fracPart[g + 1]) * 100 + Int16(fracPart[g + 2]) * 10 + Int16(fracPart[g + 3]))
        }
        var w = intPart.count / 4 - 1
        var start = 0
        while start < groups.count && groups[start] == 0 {
            start += 1
            w -= 1
        }
        var end = groups.count
        while end > start && groups[end - 1] == 0 { end -= 1 }
        digits = Array(groups[start..<end])
        weight = digits.isEmpty ? 0 : Int16(w)
        if digits.isEmpty { negative = false }
    }

    func append(to out: inout [UInt8]) {
        BinaryCopyEncoder.appendInt32(Int32(8 + digits.count * 2), &out)
        BinaryCopyEncoder.appendInt16(Int16(digits.count), &out)
        BinaryCopyEncoder.appendInt16(weight, &out)
        BinaryCopyEncoder.appendInt16(negative ? 0x4000 : 0, &out)
        BinaryCopyEncoder.appendInt16(scale, &out)
        for d in digits { BinaryCopyEncoder.appendInt16(d, &out) }
    }
}
