/// Which number formats make a number cell a date or a time.
///
/// Built-in formats 14–17 and 22 are dates (22 with a time), 18–21, 45 and 47 times of day;
/// 46 (`[h]:mm:ss`) is a duration and stays a number. A custom format code is a date when it
/// has `y`, `d` or (without `h` or `s`) `m` outside quoted text, brackets and escapes, a time
/// when it has only `h`, `m`, `s`; a bracketed elapsed-time token (`[h]`, `[mm]`) makes it a
/// duration, which stays a number. Locale and colour brackets (`[$-42A]`, `[Red]`) are skipped.
enum XLSXNumberFormat {
    enum Kind: UInt8 {
        case number
        case date
        case time
    }

    static func kind(builtIn id: Int) -> Kind {
        switch id {
        case 14...17, 22: return .date
        case 18...21, 45, 47: return .time
        default: return .number
        }
    }

    static func kind(code: String) -> Kind {
        var hasDate = false
        var hasMonthOrMinute = false
        var hasTime = false
        var elapsed = false
        var iterator = code.utf8.makeIterator()
        while let b = iterator.next() {
            switch b {
            case UInt8(ascii: "\""):
                while let q = iterator.next(), q != UInt8(ascii: "\"") {}
            case UInt8(ascii: "["):
                var letters = 0
                var onlyTime = true
                while let q = iterator.next(), q != UInt8(ascii: "]") {
                    letters += 1
                    let lower = q | 0x20
                    if lower != UInt8(ascii: "h") && lower != UInt8(ascii: "m") && lower != UInt8(ascii: "s") { onlyTime = false }
                }
                if letters > 0 && onlyTime { elapsed = true }
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"):
                _ = iterator.next()
            default:
                switch b | 0x20 {
                case UInt8(ascii: "y"), UInt8(ascii: "d"): hasDate = true
                case UInt8(ascii: "m"): hasMonthOrMinute = true
                case UInt8(ascii: "h"), UInt8(ascii: "s"): hasTime = true
                default: break
                }
            }
        }
        if elapsed { return .number }
        if hasDate || (hasMonthOrMinute && !hasTime) { return .date }
        if hasTime { return .time }
        return .number
    }
}
