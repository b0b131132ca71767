import Core
/// Spreadsheet date serials as ISO 8601 text.
///
/// A serial counts days (the fraction is the time of day) from the workbook's epoch: in the
/// 1900 system serial 1 is 1900-01-01 and serial 60 is the 1900-02-29 that Lotus 1-2-3 (and so
/// Excel) pretends exists, so serials below 61 are one day later than a plain count from
/// 1899-12-30 gives; in the 1904 system (`date1904`) serial 0 is 1904-01-01. Times are rounded
/// to the second.
enum XLSXDateSerial {
    /// What a date-formatted serial is written as.
    enum Style {
        /// `2019-03-05`, or `2019-03-05T08:30:00` when the serial has a time of day.
        case date
        /// `08:30:00` for a serial below 1 (a time of day alone), else as ``date``.
        case time
    }

    /// 1899-12-30 and 1904-01-01 as days since 1970-01-01.
    private static let epoch1900 = -25_569
    private static let epoch1904 = -24_107
    /// 9999-12-31 in the 1900 system.
    private static let maxDay = 2_958_465
    private static let maxSerial = 2_958_466.0

    /// The ISO 8601 text of `serial`, or why it is not a date.
    static func iso(_ serial: Double, date1904: Bool, style: Style) -> Result<String, DateError> {
        guard serial.isFinite, serial >= 0 else { return .failure(.negative) }
        guard serial < maxSerial else { return .failure(.tooLarge) }
        let total = Int((serial * 86_400).rounded())
        var days = total / 86_400
        guard days + (date1904 ? 1462 : 0) <= maxDay else { return .failure(.tooLarge) }
        let seconds = total % 86_400
        let time = twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
        if style == .time && days == 0 { return .success(time) }
        if date1904 {
            days += epoch1904
        } else {
            if days == 60 { return .failure(.leapYearBug) }
            days += epoch1900 + (days < 60 ? 1 : 0)
        }
        let (y, m, d) = civil(days)
        let date = String(y) + "-" + twoDigits(m) + "-" + twoDigits(d)
        return .success(seconds == 0 ? date : date + "T" + time)
    }

    enum DateError: Error {
        case negative
        case tooLarge
        /// Serial 60 of the 1900 system: 1900-02-29, which does not exist.
        case leapYearBug
    }

    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) { ISODateTime.civil(fromDays: days) }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
}
