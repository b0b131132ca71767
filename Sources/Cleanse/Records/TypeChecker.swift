public import Core
import Glibc

/// Checks that a cleansed value fits its column type and writes it in the type's canonical text
/// form (the one PostgreSQL prints), so that the database never refuses a loaded row and keys
/// compare equal with the stored ones: a value that does not fit becomes an `invalid_type`
/// reject.
public enum TypeChecker {
    /// Rewrites `value` in canonical form; returns `nil` when it fits `type`, else the detail
    /// for the quarantine row (`value` is then left as it was).
    public static func canonicalize(_ value: inout String, as type: ColumnType) -> String? {
        switch type {
        case .integer, .bigint:
            let range = type == .integer ? Int64(Int32.min)...Int64(Int32.max) : Int64.min...Int64.max
            guard let n = Int64(value), range.contains(n) else { return check(value, as: type) }
            value = String(n)
            return nil
        case .numeric:
            guard let c = canonicalDecimal(value) else { return check(value, as: type) }
            value = c
            return nil
        default:
            return check(value, as: type)
        }
    }

    /// `nil` when `value` is already in the canonical form of `type`, else the detail for the
    /// quarantine row.
    public static func check(_ value: String, as type: ColumnType) -> String? {
        switch type {
        case .text:
            return checkText(value)
        case .integer:
            guard let n = Int64(value), n >= Int64(Int32.min), n <= Int64(Int32.max), String(n) == value else {
                return "expected an integer from -2147483648 to 2147483647"
            }
            return nil
        case .bigint:
            guard let n = Int64(value), String(n) == value else { return "expected a 64-bit integer" }
            return nil
        case .numeric:
            return canonicalDecimal(value) == value ? nil : "expected a decimal number like -123.45"
        case .boolean:
            return value == "true" || value == "false" ? nil : "expected true or false"
        case .date, .timestamptz, .timestamp:
            return check(parsed: RuleBytes.withUTF8(value, { ISODateTime.parse($0) }), as: type)
        case .jsonb:
            return JSONCheck.isValid(value) ? nil : "expected a JSON document"
        }
    }

    /// ``check(_:as:)`` for `text`, inlined where the cleanser checks every text value.
    @inline(__always)
    static func checkText(_ value: String) -> String? {
        RuleBytes.withUTF8(value, holdsNUL) ? Self.nulInText : nil
    }

    /// ``checkText(_:)`` of the value at `value` (none: no problem), read where it is.
    @inline(__always)
    static func checkText(at value: UnsafePointer<String?>) -> String? {
        switch value.pointee?.utf8.withContiguousStorageIfAvailable(holdsNUL) {
        case .some(true): return Self.nulInText
        case .some(false): return nil
        // A value without contiguous UTF-8 (not made by this program) is checked on a copy.
        case .none: return value.pointee.flatMap(checkText)
        }
    }

    static let nulInText = "text cannot hold a NUL character"

    /// Whether UTF-8 `b` holds a NUL character.
    @inline(__always)
    private static func holdsNUL(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count > 0 && memchr(b.baseAddress!, 0, b.count) != nil
    }

    /// ``check(_:as:)`` for a date or date-time `type` (`date`, `timestamptz`, `timestamp`),
    /// given the value's `ISODateTime.parse`, `parsed`.
    static func check(parsed p: ISODateTime?, as type: ColumnType) -> String? {
        switch type {
        case .date:
            guard let p, !p.hasTime else {
                return "expected a date as yyyy-MM-dd; add a 'date' rule with the source's formats"
            }
            return nil
        case .timestamptz:
            guard let p, p.hasTime, p.offsetMinutes != nil else {
                return "expected an ISO 8601 date-time with a UTC offset; add a 'date' rule with the source's formats"
            }
            return nil
        default:
            guard let p, p.hasTime, p.offsetMinutes == nil else {
                return "expected an ISO 8601 date-time without offset; add a 'date' rule with output: timestamp"
            }
            return nil
        }
    }

    /// `-?digits[.digits]` with leading zeros of the integer part removed and no sign on zero,
    /// as PostgreSQL prints a numeric; `nil` for anything else.
    static func canonicalDecimal(_ s: String) -> String? {
        var negative = false
        var intPart: [UInt8] = []
        var fracPart: [UInt8] = []
        var dot = false
        for (i, b) in s.utf8.enumerated() {
            if b >= 0x30 && b <= 0x39 {
                if dot { fracPart.append(b) } else { intPart.append(b) }
            } else if b == UInt8(ascii: "-") && i == 0 {
                negative = true
            } else if b == UInt8(ascii: ".") && !dot {
                dot = true
            } else {
                return nil
            }
        }
        guard !(intPart.isEmpty && fracPart.isEmpty), intPart.count + fracPart.count <= 1000 else { return nil }
        while intPart.count > 1 && intPart[0] == UInt8(ascii: "0") { intPart.removeFirst() }
        if intPart.isEmpty { intPart = [UInt8(ascii: "0")] }
        let zero = (intPart + fracPart).allSatisfy { $0 == UInt8(ascii: "0") }
        var out = (negative && !zero) ? "-" : ""
        out += String(decoding: intPart, as: UTF8.self)
        if !fracPart.isEmpty { out += "." + String(decoding: fracPart, as: UTF8.self) }
        return out
    }
}
