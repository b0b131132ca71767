public import Core

/// Checks that a cleansed value is in the canonical text form of its column type, so that the
/// database never refuses a staged row: a value that is not becomes an `invalid_type` reject.
public enum TypeChecker {
    /// `nil` when `value` fits `type`, else the detail for the quarantine row.
    public static func check(_ value: String, as type: ColumnType) -> String? {
        switch type {
        case .text:
            return value.utf8.contains(0) ? "text cannot hold a NUL character" : nil
        case .integer:
            guard let n = Int64(value), n >= Int64(Int32.min), n <= Int64(Int32.max) else {
                return "expected an integer from -2147483648 to 2147483647"
            }
            return nil
        case .bigint:
            return Int64(value) == nil ? "expected a 64-bit integer" : nil
        case .numeric:
            return isDecimal(value) ? nil : "expected a decimal number like -123.45"
        case .boolean:
            return value == "true" || value == "false" ? nil : "expected true or false"
        case .date:
            return value.utf8.count == 10 && DatePattern.parseISO(Array(value.utf8)) != nil
                ? nil : "expected a date as yyyy-MM-dd; add a 'date' rule with the source's formats"
        case .timestamptz:
            guard let p = DatePattern.parseISO(Array(value.utf8)), p.offsetMinutes != nil else {
                return "expected an ISO 8601 date-time with a UTC offset; add a 'date' rule with the source's formats"
            }
            return nil
        case .timestamp:
            guard let p = DatePattern.parseISO(Array(value.utf8)), p.offsetMinutes == nil, value.utf8.count > 10 else {
                return "expected an ISO 8601 date-time without offset; add a 'date' rule with output: timestamp"
            }
            return nil
        }
    }

    private static func isDecimal(_ s: String) -> Bool {
        var digits = 0
        var dot = false
        for (i, b) in s.utf8.enumerated() {
            if b >= 0x30 && b <= 0x39 {
                digits += 1
            } else if b == UInt8(ascii: "-") && i == 0 {
                continue
            } else if b == UInt8(ascii: ".") && !dot {
                dot = true
            } else {
                return false
            }
        }
        return digits > 0 && digits <= 1000
    }
}
