import Cleanse
import Core
import Testing

private func yaml(onAmbiguous: String = "quarantine", onUnknown: String = "quarantine") -> String {
    csvPipeline(fields: "{ code: Ma, address: DiaChi, received: Ngay }", """
    cleanse:
      fields:
        received: [trim, { date: { formats: ["dd/MM/yyyy"], output: date } }]
      units:
        - address: address
          date: received
          into: { province_code: province, commune_code: commune, commune_name: commune_name }
          on_ambiguous: \(onAmbiguous)
          on_unknown: \(onUnknown)
    load:
      tables:
        t:
          key: code
          columns: { code: text, address: text, received: date, province: text, commune: text, commune_name: text }
    """)
}

/// `cleanse.units`: old addresses onto the 2025 units, never guessed.
@Suite struct UnitStepTests {
    func run(_ rows: [[String?]], onAmbiguous: String = "quarantine", onUnknown: String = "quarantine") throws -> CleansedBatch {
        try cleanse(rows, onAmbiguous: onAmbiguous, onUnknown: onUnknown).out
    }

    func cleanse(_ rows: [[String?]], onAmbiguous: String = "quarantine", onUnknown: String = "quarantine") throws
        -> (out: CleansedBatch, stats: CleanseStats) {
        let (s, plan) = try compiled(yaml(onAmbiguous: onAmbiguous, onUnknown: onUnknown))
        var b = Batch(source: "s", file: "a.csv", columns: ["Ma", "DiaChi", "Ngay"])
        for (i, r) in rows.enumerated() {
            b.rows.append(ContiguousArray(r))
            b.origins.append(RowOrigin(line: i + 2, byteOffset: Int64(i * 10), record: i + 1))
        }
        var c = RecordCleanser(plan: plan, source: s.sources[0], table: s.load.tables[0])
        let out = c.cleanse(b)
        return (out, c.stats)
    }

    @Test func anOldAddressGetsItsNewProvinceAndCommune() throws {
        let out = try run([
            ["A1", "Thôn 3, X. Quảng Phú, H. Quảng Trạch, Quảng Bình", "05/03/2019"],
            ["A2", "thon 3 xa quang phu huyen quang trach tinh quang binh", "05/03/2019"],
        ])
        #expect(out.rejects.isEmpty, "\(out.rejects)")
        for row in out.rows {
            #expect(Array(row[3...5]) == ["44", "19021", "Xã Phú Trạch"], "\(row)")
        }
    }

    @Test func aSplitCommuneGoesToQuarantineWithItsCandidates() throws {
        let out = try run([["A3", "Số 5 phố Giang Văn Minh, P. Cống Vị, Q. Ba Đình, Hà Nội", "05/03/2019"]])
        #expect(out.rows.isEmpty)
        let reject = try #require(out.rejects.first)
        #expect(reject.reason.rawValue == "ambiguous_unit")
        #expect(reject.field == "address")
        #expect(reject.detail.contains("00008 Phường Ngọc Hà") && reject.detail.contains("00025 Phường Giảng Võ"), "\(reject.detail)")
    }

    @Test func flaggingKeepsTheRecordWithTheProvinceOnly() throws {
        let out = try run([["A4", "P. Cống Vị, Q. Ba Đình, Hà Nội", "05/03/2019"]], onAmbiguous: "flag")
        #expect(out.rejects.isEmpty)
        #expect(Array(out.rows[0][3...5]) == ["01", nil, nil])
        #expect(out.flags.map(\.reason.rawValue) == ["ambiguous_unit"])
    }

    /// The first address read with a split commune's tail keeps the ambiguity for the others
    /// (`TailMemo`): each record is flagged with the same detail, and counted, as the first.
    @Test func addressesEndingInASplitCommuneAreEachFlaggedAndCounted() throws {
        let tail = ", P. Cống Vị, Q. Ba Đình, Hà Nội"
        let out = try cleanse(["Số 5 phố Giang Văn Minh", "Ngõ 12, Tổ 3", "Tổ 7 Cống Vị", "P. Ngọc Hà"].enumerated().map {
            ["B\($0.offset)", $0.element + tail, "05/03/2019"]
        }, onAmbiguous: "flag")
        #expect(out.out.rejects.isEmpty)
        #expect(out.out.flags.count == 4)
        #expect(Set(out.out.flags.map(\.detail)).count == 1)
        #expect(out.out.flags.allSatisfy { $0.reason.rawValue == "ambiguous_unit" && $0.detail.contains("00008 Phường Ngọc Hà") })
        for row in out.out.rows { #expect(Array(row[3...5]) == ["01", nil, nil]) }
        let units = try #require(out.stats.units.first)
        #expect(units.ambiguous == 4 && units.mapped == 0)
        #expect(units.provinces == ["01": 4])
        #expect(units.unmapped.values.sorted() == [4], "\(units.unmapped)")
    }

    @Test func anUnknownAddressIsNotGuessed() throws {
        let out = try run([["A5", "Số 12, đường Không Có, Xứ Sở Thần Tiên", "05/03/2019"], ["A6", nil, "05/03/2019"]])
        #expect(out.rejects.map(\.reason.rawValue) == ["unknown_unit"])
        // No address at all is not an error of the address: the record is kept without units.
        #expect(out.rows.count == 1)
        #expect(Array(out.rows[0][3...5]) == [nil, nil, nil])
    }
}
