import Core
import PropertyBased
import Testing

@Suite struct ISODateTimeTests {
    func parse(_ s: String) -> ISODateTime? { Array(s.utf8).withUnsafeBufferPointer { ISODateTime.parse($0) } }

    @Test func readsDatesTimesFractionsAndOffsets() throws {
        let t = try #require(parse("2024-02-29T08:36:40.25+07:00"))
        #expect([t.year, t.month, t.day, t.hour, t.minute, t.second, t.nanos] == [2024, 2, 29, 8, 36, 40, 250_000_000])
        #expect(t.offsetMinutes == 420 && t.hasTime)
        #expect(parse("2024-01-02")?.hasTime == false)
        #expect(parse("2024-01-02 07:44")?.second == 0)
        #expect(parse("2024-01-02T00:00:00Z")?.offsetMinutes == 0)
        #expect(parse("2024-01-02T00:00:00-0530")?.offsetMinutes == -330)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-01-02T24:00:00", "2024-01-02T", "24-01-02", "2024-01-02x", ""])
    func refusesWhatIsNotARealISODate(_ s: String) {
        #expect(parse(s) == nil)
    }

    /// `yyyy-MM-dd` and `yyyy-MM-ddTHH:mm:ss±hh:mm`, read at fixed places: the fields, or `nil`
    /// exactly when the date, time or offset does not exist; the same as the offset without its
    /// colon, read field by field.
    @Test func fixedLayoutsReadAsFieldByField() async {
        // Mostly in range, and each just past its bounds now and then.
        let fields = zip(Gen.int(in: 0...9999), Gen.int(in: 0...13), Gen.int(in: 0...32), Gen.int(in: 0...24),
                         Gen.int(in: 0...60), Gen.int(in: 0...60), Gen.int(in: 0...15), Gen.int(in: 0...60))
        await propertyCheck(count: 2000, input: zip(fields, Gen.bool)) { (f, minus) in
            let (y, mo, d, h, mi, s, oh, om) = f
            func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: w - String(n).count) + String(n) }
            let date = "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))"
            let days = [31, y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            let dateExists = y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1]
            let p = parse(date)
            #expect((p != nil) == dateExists, "\(date)")
            if let p { #expect([p.year, p.month, p.day] == [y, mo, d] && !p.hasTime && p.offsetMinutes == nil) }

            let time = "T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))\(minus ? "-" : "+")\(pad(oh, 2))"
            let stamp = date + time + ":" + pad(om, 2)
            let t = parse(stamp)
            #expect((t != nil) == (dateExists && h < 24 && mi < 60 && s < 60 && oh <= 14 && om < 60), "\(stamp)")
            if let t {
                #expect([t.year, t.month, t.day, t.hour, t.minute, t.second, t.nanos] == [y, mo, d, h, mi, s, 0] && t.hasTime)
                #expect(t.offsetMinutes == (minus ? -1 : 1) * (oh * 60 + om))
            }
            #expect(t == parse(date + time + pad(om, 2)), "\(stamp)")
        }
    }

    @Test(arguments: [("1970-01-01", 0), ("2000-01-01", 10_957), ("1969-12-31", -1), ("0001-01-01", -719_162)])
    func countsDaysFromTheUnixEpoch(_ s: String, _ days: Int64) {
        #expect(parse(s)?.daysSince1970 == days)
    }
}
