import Cleanse
import Core
import Testing

private func yaml(onMismatch: String) -> String {
    csvPipeline(fields: "{ code: Ma, id_number: CCCD, birth: NgaySinh, gender: GioiTinh }", """
    cleanse:
      fields:
        id_number: [citizen_id]
        birth: [trim, { date: { formats: ["dd/MM/yyyy"], output: date } }]
      ids:
        - { field: id_number, birth_date: birth, gender: gender, cmnd_into: old_id, on_mismatch: \(onMismatch) }
    load:
      tables:
        t:
          key: code
          columns: { code: text, id_number: text, old_id: text, birth: date, gender: text }
    """)
}

/// `cleanse.ids`: CCCD checked against birth date and gender, CMND routed to its own field.
@Suite struct IDStepTests {
    func run(_ rows: [[String?]], onMismatch: String = "flag") throws -> CleansedBatch {
        let (s, plan) = try compiled(yaml(onMismatch: onMismatch))
        var b = Batch(source: "s", file: "a.csv", columns: ["Ma", "CCCD", "NgaySinh", "GioiTinh"])
        for (i, r) in rows.enumerated() {
            b.rows.append(ContiguousArray(r))
            b.origins.append(RowOrigin(line: i + 2, byteOffset: Int64(i * 10), record: i + 1))
        }
        var c = RecordCleanser(plan: plan, source: s.sources[0], table: s.load.tables[0])
        return c.cleanse(b)
    }

    @Test func aMatchingCCCDPassesAndACMNDMovesToItsOwnField() throws {
        let out = try run([
            ["A1", "044 085 123 456", "05/03/1985", "Nam"],
            ["A2", "194123456", "05/03/1970", "Nữ"],
        ])
        #expect(out.rejects.isEmpty && out.flags.isEmpty, "\(out.rejects) \(out.flags)")
        #expect(Array(out.rows[0]) == ["A1", "044085123456", nil, "1985-03-05", "Nam"])
        #expect(Array(out.rows[1]) == ["A2", nil, "194123456", "1970-03-05", "Nữ"])
    }

    @Test func aMismatchIsFlaggedAndTheRecordKept() throws {
        let out = try run([["A3", "044085123456", "05/03/1986", "Nữ"]])
        #expect(out.rows.count == 1)
        #expect(out.flags.map(\.reason.rawValue).sorted() == ["id_birth_mismatch", "id_gender_mismatch"])
        #expect(out.flags.allSatisfy { $0.field == "id_number" })
    }

    @Test func withQuarantineAMismatchRefusesTheRecord() throws {
        let out = try run([["A4", "044085123456", "05/03/1986", "Nam"]], onMismatch: "quarantine")
        #expect(out.rows.isEmpty)
        #expect(out.rejects.map(\.reason.rawValue) == ["id_birth_mismatch"])
        #expect(out.rejects.first?.detail.contains("1986") == true)
    }
}
