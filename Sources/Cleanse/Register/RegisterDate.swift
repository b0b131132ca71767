import Core

/// A calendar date of a register, parsed from any of the forms clerks type and OCR reads.
struct RegisterDate: Comparable, Hashable, Sendable {
    var year: Int, month: Int, day: Int

    static func < (a: RegisterDate, b: RegisterDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `dd/MM/yyyy`, zero padded.
    var text: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var y = "\(year)"
        while y.count < 4 { y = "0" + y }
        return "\(two(day))/\(two(month))/\(y)"
    }

    /// Parses a date: "05/03/2019", "5/3/2019", "5-3-2019", "5.3.2019", "05 03 2019", "5/3/19"
    /// (a two-digit year goes to the latest century that keeps it at or before the register's
    /// year, else below 50 is 20yy), "2019-03-05", and the Vietnamese long form "ngày 05 tháng
    /// 3 năm 2019" (after a place and a comma too). Years run from 1850 to the register's year
    /// + 1 (or 2100 without one).
    /// - Returns: `nil` for anything else, or for a date that does not exist.
    static func parse(_ s: String, registerYear: Int?) -> RegisterDate? {
        let long: ISODateTime? = RuleBytes.withUTF8(s) { DatePattern.parseVietnamese($0) }
        if let long {
            return checked(RegisterDate(year: long.year, month: long.month, day: long.day), registerYear: registerYear)
        }
        // Three groups of digits with one separator (/ - . or a space) between them.
        var groups: [String] = [""]
        var separator: Character?
        var lastWasSeparator = false
        for ch in s {
            if ch.isASCII && ch.isNumber {
                groups[groups.count - 1].append(ch)
                lastWasSeparator = false
            } else if ch == "/" || ch == "-" || ch == "." || ch == " " {
                guard !lastWasSeparator, !groups[groups.count - 1].isEmpty else { return nil }
                if let sep = separator, sep != ch { return nil }
                separator = ch
                groups.append("")
                lastWasSeparator = true
            } else {
                return nil
            }
        }
        guard groups.count == 3, groups.allSatisfy({ !$0.isEmpty }) else { return nil }
        let a = groups[0], b = groups[1], c = groups[2]
        var date: RegisterDate
        if a.count == 4 && separator == "-" {
            guard b.count <= 2, c.count <= 2 else { return nil }
            date = RegisterDate(year: Int(a)!, month: Int(b)!, day: Int(c)!)
        } else {
            guard a.count <= 2, b.count <= 2, c.count == 4 || c.count == 2 else { return nil }
            var year = Int(c)!
            if c.count == 2 {
                if let ry = registerYear {
                    year += ry / 100 * 100
                    if year > ry { year -= 100 }
                } else {
                    year += year < 50 ? 2000 : 1900
                }
            }
            date = RegisterDate(year: year, month: Int(b)!, day: Int(a)!)
        }
        return checked(date, registerYear: registerYear)
    }

    private static func checked(_ d: RegisterDate, registerYear: Int?) -> RegisterDate? {
        guard d.year >= 1850, d.year <= (registerYear.map { $0 + 1 } ?? 2100) else { return nil }
        guard (1...12).contains(d.month), d.day >= 1, d.day <= ISODateTime.daysInMonth(d.year, d.month) else { return nil }
        return d
    }
}
