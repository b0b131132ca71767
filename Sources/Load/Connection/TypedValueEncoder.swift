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
            guard let t = value.withUTF8({ ISODateTime.parse($0) }), !t.hasTime else { throw bad(value, type) }
            BinaryCopyEncoder.appendInt(Int32(t.daysSince1970 - epochDays), &out)
        case .timestamptz, .timestamp:
            guard let t = value.withUTF8({ ISODateTime.parse($0) }), t.hasTime,
                  (type == .timestamptz) == (t.offsetMinutes != nil) else { throw bad(value, type) }
            let seconds = (t.daysSince1970 - epochDays) * 86_400 + t.secondsOfDay - Int64(t.offsetMinutes ?? 0) * 60
            BinaryCopyEncoder.appendBigint(seconds * 1_000_000 + Int64(t.nanos / 1000), &out)
        case .jsonb:
            BinaryCopyEncoder.appendJSONB(value, &out)
        case .numeric:
            guard let digits = value.withUTF8({ NumericDigits(decimal: $0) }) else { throw bad(value, type) }
            digits.append(to: &out)
        }
    }

    private static func bad(_ value: String, _ type: ColumnType) -> LoadError {
        LoadError(.copy, "a value is not in the canonical form of \(type.rawValue)")
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
