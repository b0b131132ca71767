@testable import Cleanse
import Core
import PropertyBased
import Testing

/// The reading the `date` rule hands the cleanser with the value it leaves (so that the
/// record's type check and its checks between dates need not parse it again): always what
/// `ISODateTime.parse` of that value gives, and dropped when a later rule changes the value.
@Suite struct DateRuleReadingTests {
    /// Applies `rule` to `input` and checks the reading it gives against parsing its output.
    private func expectReadingMatches(_ rule: DateRule, _ input: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var v: String? = input
        var date: ISODateTime?
        let failure = rule.apply(&v, date: &date)
        if failure != nil {
            #expect(date == nil, "\(input)", sourceLocation: sourceLocation)
            return
        }
        let reread = v.flatMap { value in RuleBytes.withUTF8(value) { ISODateTime.parse($0) } }
        #expect(date == reread, "\(input) -> \(v ?? "nil")", sourceLocation: sourceLocation)
        // The plain `apply` leaves the same value.
        var plain: String? = input
        #expect(rule.apply(&plain) == nil && plain == v, sourceLocation: sourceLocation)
    }

    @Test func theReadingIsWhatParsingTheOutputGives() async throws {
        let gen = zip(Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...31), Gen.int(in: 0...86399),
                      Gen.int(in: 0...999_999_999), Gen.int(in: -(14 * 60 + 59)...(14 * 60 + 59)))
        let formats = try ["iso8601", "dd/MM/yyyy", "dd/MM/yyyy HH:mm", "d/M/yy", "vietnamese", "excel_serial"].map {
            f throws(RuleFailure) in try DatePattern(f)
        }
        let zones = [7 * 60, 0, -(9 * 60 + 30), 14 * 60 + 59, 15 * 60, -10_000_000]
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        await propertyCheck(count: 300, input: gen) { (y, m, d, t, nanos, offset) in
            let (h, mi, s) = (t / 3600, t / 60 % 60, t % 60)
            let day = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
            let sign = offset < 0 ? "-" : "+"
            let inputs = [
                day, "\(day)T\(pad(h, 2)):\(pad(mi, 2))", "\(day) \(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(nanos, 9))Z",
                "\(day)T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))\(sign)\(pad(abs(offset) / 60, 2)):\(pad(abs(offset) % 60, 2))",
                "\(pad(d, 2))/\(pad(m, 2))/\(pad(y, 4))", "\(pad(d, 2))/\(pad(m, 2))/\(pad(y, 4)) \(pad(h, 2)):\(pad(mi, 2))",
                "\(d)/\(m)/\(pad(y % 100, 2))", "ngày \(d) tháng \(m) năm \(pad(y, 4))", "\(t + 1)", "\(t + 1).25",
                "31/02/2024", "not a date", "",
            ]
            for zone in zones {
                for output in DateRule.Output.allCases {
                    let rule = DateRule(formats: formats, zoneMinutes: zone, output: output)
                    for input in inputs { expectReadingMatches(rule, input) }
                    // The rule's own output form, kept as it is.
                    var once: String? = inputs[3]
                    if rule.apply(&once) == nil, let once { expectReadingMatches(rule, once) }
                }
            }
        }
    }

    @Test func outOfRangeAndFlaggedDatesGiveNoReading() throws {
        let rule = DateRule(formats: [try DatePattern("dd/MM/yyyy")], zoneMinutes: 420, output: .date, onInvalid: .flag,
                            max: RuleBytes.withUTF8("2020-01-01") { ISODateTime.parse($0) })
        var v: String? = "05/03/2024"
        var date: ISODateTime? = ISODateTime()
        #expect(rule.apply(&v, date: &date)?.reason == .dateOutOfRange)
        #expect(date == nil)
    }

    private static let yaml = csvPipeline(fields: "{ code: Ma, received: Nhan, due: Hen }", """
        cleanse:
          fields:
            received: [trim, { date: { formats: ["dd/MM/yyyy"], output: date } }, { map: { values: { "2024-01-02": "2024-01-09", "2024-01-03": "2024-01-03" } } }]
            due: [{ date: { formats: ["dd/MM/yyyy"], output: date, on_invalid: flag } }]
          checks:
            - { expect: "due >= received", reason: due_before_received }
        load:
          tables:
            t:
              key: code
              columns: { code: text, received: date, due: date }
        """)

    /// A rule after the `date` rule that changes the value drops the reading: the check reads
    /// the value that rule left. One that keeps it keeps the reading; a flagged date has none
    /// (kept as it was, it is then refused by its column's type).
    @Test func theCleanserReadsTheValueTheLastRuleLeft() throws {
        var c = try cleanser(Self.yaml)
        let b = batch([["A1", "02/01/2024", "05/01/2024"], ["A2", "03/01/2024", "05/01/2024"], ["A3", "03/01/2024", "5 Jan"]],
                      columns: ["Ma", "Nhan", "Hen"])
        let out = c.cleanse(b)
        // A1: received mapped to 2024-01-09, after its due date.
        #expect(out.rejects.map(\.reason.rawValue) == ["due_before_received", "invalid_type"], "\(out.rejects)")
        #expect(out.rejects.first?.detail.contains("2024-01-09") == true, "\(out.rejects)")
        #expect(out.rows.map { Array($0) } == [["A2", "2024-01-03", "2024-01-05"]])
    }
}
