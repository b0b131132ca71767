import Cleanse
import Core
import PropertyBased
import Testing

/// Lineage: for every kept record, the columns whose value differs from the value read (an
/// empty value read and `nil` kept are the same) and those values as read, whatever changed
/// them: a rule, a run of byte rules, the identity step moving a CMND, a unit step writing
/// a column a source field also feeds, the type check's canonical form.
@Suite struct LineageTests {
    static let yaml = csvPipeline(fields: "{ code: Ma, name: Ten, id: So, old_id: SoCu, address: DiaChi, received: Ngay, commune: Xa, n: SoLuong, note: GhiChu }", """
        cleanse:
          default: [nfc, trim]
          fields:
            name: [nfc, collapse_spaces, { person_name: { on_invalid: flag } }, { tone: { style: old } }]
            id: [{ citizen_id: { on_invalid: flag } }]
            address: [nfc, collapse_spaces]
            received: [trim, { date: { formats: ["dd/MM/yyyy"], output: date, on_invalid: flag } }]
            note: [{ null_if: ["-"] }]
          derive:
            key: { from: name, rules: [fold] }
          ids:
            - { field: id, cmnd_into: old_id }
          units:
            - { address: address, date: received, into: { commune_code: commune }, on_unknown: flag, on_ambiguous: flag }
        load:
          tables:
            t:
              key: code
              columns: { code: text, name: text, id: text, old_id: text, address: text, received: date, commune: text, key: text, n: integer, note: text }
        """)
    static let sourceColumns = ["Ma", "Ten", "So", "SoCu", "DiaChi", "Ngay", "Xa", "SoLuong", "GhiChu"]
    /// Per table column (in the table's order), its source column's index in `sourceColumns`
    /// (the derived column has none, so no lineage).
    static let feeds: [Int?] = [0, 1, 2, 3, 4, 5, 6, nil, 7, 8]

    static let pieces: [[String?]] = [
        ["HS-1", " HS-2 ", "HS\u{00A0}3"],
        ["Nguyễn Văn An", "NGUYỄN  văn an", "Nguye\u{0302}\u{0303}n Văn An", "Lê Thị Hoà", "x1", "", nil],
        ["079203001234", "123456789", " 079 203 001 234", "12345", "", nil],
        ["", "987654321", "ABC", nil],
        ["Thôn 3, X. Quảng Phú, H. Quảng Trạch, Quảng Bình", "Số 5, P. Cống Vị, Q. Ba Đình, Hà Nội", "Xứ Sở  Thần Tiên", "", nil],
        ["05/03/2019", " 05/03/2019", "2019-03-05", "31/02/2019", "", nil],
        ["19021", "", "00008", nil],
        ["12", "012", "+7", " 3", nil],
        ["-", "ghi chú", "Ghi cho\u{0301}", "", nil],
    ]

    @Test func changedColumnsAndOriginalValuesAreExactlyTheValuesThatDiffer() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...999_999).array(of: 9).array(of: 1...40)) { picks in
            let rows: [[String?]] = picks.map { p in Self.pieces.indices.map { k in Self.pieces[k][p[k] % Self.pieces[k].count] } }
            guard var c = try? cleanser(Self.yaml) else {
                Issue.record("the pipeline does not compile")
                return
            }
            let out = c.cleanse(batch(rows, columns: Self.sourceColumns))
            var originals = out.originalValues[...]
            for (i, row) in out.rows.enumerated() {
                let input = rows[out.origins[i].record - 1]
                var expected: UInt64 = 0
                var values: [String?] = []
                for (column, source) in Self.feeds.enumerated() {
                    guard let source else { continue }
                    let raw = input[source], kept = row[column]
                    if raw != kept && !(raw?.isEmpty == true && kept == nil) {
                        expected |= 1 << UInt64(column)
                        values.append(raw)
                    }
                }
                #expect(out.changedColumns[i] == expected, "\(input) -> \(Array(row))")
                let given = originals.prefix(out.changedColumns[i].nonzeroBitCount)
                originals = originals.dropFirst(given.count)
                #expect(Array(given) == values, "\(input) -> \(Array(row))")
            }
            #expect(originals.isEmpty)
            #expect(out.rows.count + out.rejects.count == rows.count)
        }
    }
}
