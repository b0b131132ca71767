import Core
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

    @Test(arguments: [("1970-01-01", 0), ("2000-01-01", 10_957), ("1969-12-31", -1), ("0001-01-01", -719_162)])
    func countsDaysFromTheUnixEpoch(_ s: String, _ days: Int64) {
        #expect(parse(s)?.daysSince1970 == days)
    }
}
