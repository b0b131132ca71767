import Cleanse
import Core
import PropertyBased
import Testing

/// The date rule's byte-level parsing and rendering against the string-built rendering it
/// replaced.

/// `n` in decimal, zero-padded to at least `width` digits (the rule's former `pad`).
private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// The rendering of the rule before it wrote bytes.
private func referenceRender(
    _ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, nanos: Int, offset: Int, output: DateRule.Output
) -> String {
    var out = pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2)
    if output == .date { return out }
    out += "T" + pad(h, 2) + ":" + pad(mi, 2) + ":" + pad(s, 2)
    if nanos > 0 {
        var frac = pad(nanos, 9)
        while frac.hasSuffix("0") { frac.removeLast() }
        out += "." + frac
    }
    if output == .timestamp { return out }
    return out + (offset < 0 ? "-" : "+") + pad(abs(offset) / 60, 2) + ":" + pad(abs(offset) % 60, 2)
}

@Suite struct DateRuleRenderingTests {
    @Test func renderingMatchesTheStringBuiltFormInEveryOutput() async throws {
        let gen = zip(Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...28), Gen.int(in: 0...86399),
                      Gen.int(in: 0...999_999_999), Gen.int(in: -(14 * 60)...(14 * 60)))
        let iso = try DatePattern("iso8601")
        await propertyCheck(count: 500, input: gen) { (y, m, d, t, nanos, offset) in
            let (h, mi, s) = (t / 3600, t / 60 % 60, t % 60)
            let fraction = nanos == 0 ? "" : "." + pad(nanos, 9)
            // No offset (the rule's zone applies), `Z`, or the offset written out.
            let zone: String
            let effective: Int
            switch abs(offset) % 3 {
            case 0: (zone, effective) = ("", 7 * 60)
            case 1: (zone, effective) = ("Z", 0)
            default: (zone, effective) = ((offset < 0 ? "-" : "+") + pad(abs(offset) / 60, 2) + ":" + pad(abs(offset) % 60, 2), offset)
            }
            let input = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))\(fraction)\(zone)"
            for output in DateRule.Output.allCases {
                let rule = DateRule(formats: [iso], zoneMinutes: 7 * 60, output: output)
                var v: String? = input
                #expect(rule.apply(&v) == nil)
                #expect(v == referenceRender(y, m, d, h, mi, s, nanos: nanos, offset: effective, output: output), "\(input)")
            }
        }
    }

    @Test(arguments: [0, 1, -1, 59, -59, 60, 7 * 60, -(9 * 60 + 30), 14 * 60, 99 * 60 + 59, 100 * 60, -123_456, 10_000_000])
    func anyZoneRendersAsTheStringBuiltForm(_ zone: Int) throws {
        for (format, input) in [("dd/MM/yyyy HH:mm:ss", "02/01/2024 08:36:40"), ("d/M/yyyy", "5/3/2019")] {
            let rule = DateRule(formats: [try DatePattern(format)], zoneMinutes: zone, output: .timestamptz)
            var v: String? = input
            #expect(rule.apply(&v) == nil)
            let expected = format.hasPrefix("dd")
                ? referenceRender(2024, 1, 2, 8, 36, 40, nanos: 0, offset: zone, output: .timestamptz)
                : referenceRender(2019, 3, 5, 0, 0, 0, nanos: 0, offset: zone, output: .timestamptz)
            #expect(v == expected)
        }
    }

    @Test func canonicalValuesComeBackUnchanged() throws {
        let rule = DateRule(formats: [try DatePattern("iso8601")], zoneMinutes: 420, output: .timestamptz)
        for input in ["2024-01-02T07:44:42+07:00", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59.999999999+00:00"] {
            var v: String? = input
            #expect(rule.apply(&v) == nil)
            #expect(v == input)
        }
        let dates = DateRule(formats: [try DatePattern("iso8601")], zoneMinutes: 420, output: .date)
        var v: String? = "2024-02-29"
        #expect(dates.apply(&v) == nil)
        #expect(v == "2024-02-29")
        v = "2024-02-29T10:00:00Z"
        #expect(dates.apply(&v) == nil)
        #expect(v == "2024-02-29")
    }

    @Test(arguments: ["", "2024-01-0", "2024-01-02T", "2024-01-02T07:44:42.", "2024-01-02T07:44:42+7:00", "02/01/2024 08:36",
                      "02/01/2024 08:36:40 ", "2/01/2024 08:36:40", "29/02/2023 00:00:00", "00/01/2024 00:00:00",
                      "02/01/2024 08:36:4", "02/01/2024 08:36:60", "02/01/20245 08:36:40", "02/01/2024\u{00A0}08:36:40"])
    func partialOrWrongValuesAreRefusedOrSkipped(_ input: String) throws {
        let rule = DateRule(formats: [try DatePattern("dd/MM/yyyy HH:mm:ss"), try DatePattern("iso8601")],
                            zoneMinutes: 420, output: .timestamptz)
        var v: String? = input
        let failure = rule.apply(&v)
        if input.isEmpty {
            #expect(failure == nil, "an empty value is no value")
        } else {
            #expect(failure?.reason == .invalidDate)
        }
        #expect(v == input)
    }
}
