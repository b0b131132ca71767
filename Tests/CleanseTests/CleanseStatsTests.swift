import Cleanse
import Core
import Testing

private let fieldsYAML = csvPipeline(fields: "{ code: Ma, id: CCCD, phone: DT, n: SoLuong }", """
    cleanse:
      fields:
        id: [trim, { citizen_id: { on_invalid: flag } }]
        phone: [phone]
      required: [code]
    load:
      tables:
        t:
          key: code
          columns: { code: text, id: text, phone: text, n: integer }
    """)

private let unitsYAML = csvPipeline(fields: "{ code: Ma, address: DiaChi }", """
    cleanse:
      units:
        - { address: address, into: { province_code: province, commune_code: commune }, on_unknown: flag }
    load:
      tables:
        t:
          key: code
          columns: { code: text, address: text, province: text, commune: text }
    """)

/// The counts `CleanseStats` gives the cleansing report.
@Suite struct CleanseStatsTests {
    @Test func fieldCountsTellValidFlaggedAndRefusedRecordsApart() throws {
        var c = try cleanser(fieldsYAML)
        let out = c.cleanse(batch([
            ["A", "038091234561", "0912345678", "7"],
            ["B", " 0380912345612 ", "0912345678", "007"],
            ["C", "0380912345612", "12", "1"],
            ["", "038091234561", "0912345678", "1"],
            ["E", "x", "0912345678", "một"],
        ], columns: ["Ma", "CCCD", "DT", "SoLuong"]))
        #expect(out.rows.map { $0[0] } == ["A", "B"])
        let f = Dictionary(uniqueKeysWithValues: c.stats.fields.map { ($0.name, $0) })
        let code = try #require(f["code"]), id = try #require(f["id"]), phone = try #require(f["phone"]), n = try #require(f["n"])

        #expect([code.records, code.filledBefore, code.unchanged, code.flaggedRecords, code.rejectedRecords] == [5, 4, 4, 0, 1])
        #expect(code.invalidPatterns.isEmpty)
        // The trimmed one changed; the flagged ones are not valid; only B's flag is on a kept record.
        #expect([id.records, id.filledBefore, id.unchanged, id.flaggedRecords, id.rejectedRecords] == [5, 5, 2, 1, 0])
        // Shapes only: a flagged citizen ID never appears with its digits.
        #expect(id.invalidPatterns == ["9999999999999": 2, "a": 1])
        #expect([phone.records, phone.unchanged, phone.flaggedRecords, phone.rejectedRecords] == [5, 4, 0, 1])
        #expect(phone.invalidPatterns == ["99": 1])
        // "007" is rewritten by its column type, "một" does not fit it: neither was valid as read.
        #expect([n.records, n.filledBefore, n.unchanged, n.invalidType, n.rejectedRecords] == [4, 4, 2, 1, 1])
        #expect(n.invalidPatterns.isEmpty, "column types are not rules")
    }

    @Test func checksAndRecordStepsCountAgainstTheirField() throws {
        var c = try cleanser("""
            version: 1
            name: t
            sources: [{ name: s, path: a.csv, format: csv, fields: { code: Ma, a: A, b: B } }]
            cleanse:
              checks:
                - { expect: "a <= b", reason: a_after_b, on_fail: flag }
                - { expect: "b != 'x'", reason: b_is_x }
            load: { tables: { t: { key: code, columns: { code: text, a: integer, b: text } } } }
            """)
        _ = c.cleanse(batch([["1", "5", "3"], ["2", "5", "3"], ["3", "1", "x"], ["4", "1", "2"]], columns: ["Ma", "A", "B"]))
        let f = Dictionary(uniqueKeysWithValues: c.stats.fields.map { ($0.name, $0) })
        #expect(f["a"]?.flaggedRecords == 2)
        #expect(f["b"]?.rejectedRecords == 1)
        #expect(f["a"]?.unchanged == 4 && f["b"]?.unchanged == 4, "checks do not make a value invalid as read")
    }

    @Test func atMostTwentyShapesAreKeptPerFieldOverEveryBatch() throws {
        var c = try cleanser("""
            version: 1
            name: t
            sources: [{ name: s, path: a.csv, format: csv, fields: { code: Ma, v: V } }]
            cleanse:
              fields:
                v: [{ pattern: { regex: "x", on_invalid: flag } }]
            load: { tables: { t: { key: code, columns: { code: text, v: text } } } }
            """)
        let values = (1...25).map { String(repeating: "1", count: $0) }
        _ = c.cleanse(batch(values.prefix(13).enumerated().map { ["k\($0)", $1] }, columns: ["Ma", "V"]))
        _ = c.cleanse(batch(values.suffix(12).enumerated().map { ["m\($0)", $1] } + [["z", "7"]], columns: ["Ma", "V"]))
        let v = try #require(c.stats.fields.first { $0.name == "v" })
        var expected = Dictionary(uniqueKeysWithValues: (1...20).map { (String(repeating: "9", count: $0), 1) })
        expected["9"] = 2
        expected[CleanseStats.otherKey] = 5
        #expect(v.invalidPatterns == expected)
        #expect(v.flaggedRecords == 26)
    }

    @Test(arguments: [
        ("0380912345612", "9999999999999"), ("Nguyễn Văn An", "Aaaaaa Aaa Aa"), ("ĐẶNG thị Hoà", "AAAA aaa Aaa"),
        ("Nguye\u{0302}\u{0303}n", "Aaaaaa"), ("a.b@mail.vn", "a.a@aaaa.aa"), ("(08) 3829-1234", "(99) 9999-9999"),
        ("12/3/2019 8:30", "99/9/9999 9:99"), ("Москва 5", "Aaaaaa 9"), ("", "(empty)"),
        (String(repeating: "7", count: 32), String(repeating: "9", count: 32)),
        (String(repeating: "7", count: 40), String(repeating: "9", count: 32) + "…"),
    ])
    func shapesMaskEveryLetterAndDigit(_ value: String, _ shape: String) {
        #expect(CleanseStats.shape(of: value) == shape)
    }

    @Test func unitCountsNameTheNewUnitsAndWhatDidNotMap() throws {
        var c = try cleanser(unitsYAML)
        let out = c.cleanse(batch([
            ["A1", "Thôn 3, X. Quảng Phú, H. Quảng Trạch, Quảng Bình"],
            ["A2", "thon 3 xa quang phu huyen quang trach tinh quang binh"],
            ["A3", "Số 5 phố Giang Văn Minh, P. Cống Vị, Q. Ba Đình, Hà Nội"],
            ["A4", "Thôn 12 Xóm Lạ, H. Quảng Trạch, Quảng Bình"],
            ["A5", nil],
        ], columns: ["Ma", "DiaChi"]))
        #expect(out.rows.count == 4)
        let u = try #require(c.stats.units.first)
        #expect(c.stats.units.count == 1)
        #expect(u.address == "address")
        #expect([u.mapped, u.unknown, u.ambiguous] == [2, 1, 1])
        #expect(u.communes == ["19021": 2])
        #expect(u.communeNames == ["19021": "Xã Phú Trạch"])
        #expect(u.provinces == ["44": 3])
        #expect(u.provinceNames == ["44": "Tỉnh Quảng Trị"])
        #expect(u.unmapped == [
            "commune 00007 Phường Cống Vị split across 2 new communes": 1,
            "district 454 Huyện Quảng Trạch, province 44 Tỉnh Quảng Bình; not recognised: 'thon 99 xom la'": 1,
        ])
    }

    @Test func atMostFiftyUnmappedKeysAreKept() throws {
        var c = try cleanser(unitsYAML)
        let letters = Array("bcdfghklmnpqrstv")
        let names = (0..<55).map { "Xã Z\(letters[$0 / 16])\(letters[$0 % 16])" }
        _ = c.cleanse(batch(names.enumerated().map { ["A\($0)", "\($1), H. Quảng Trạch, Quảng Bình"] }, columns: ["Ma", "DiaChi"]))
        let u = try #require(c.stats.units.first)
        #expect(u.unknown == 55)
        #expect(u.unmapped.count == 51)
        #expect(u.unmapped[CleanseStats.otherKey] == 5)
    }
}
