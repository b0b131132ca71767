import Cleanse
import Core
import Testing

private let yaml = csvPipeline(fields: "{ code: Ma, name: Ten, at: Ngay, n: SoLuong }", key: "Ma", """
    cleanse:
      fields:
        name: [nfc, collapse_spaces]
        at: [trim, { date: { formats: ["dd/MM/yyyy"], output: date } }]
      required: [code, at]
    load:
      tables:
        t:
          key: code
          columns: { code: text, name: text, at: date, n: integer }
    """)

@Suite struct RecordCleanserTests {
    let spec: PipelineSpec
    let plan: CleansePlan

    init() throws {
        (spec, plan) = try compiled(yaml)
    }

    func batch(_ rows: [[String?]], columns: [String] = ["Ngay", "Ma", "Ten", "SoLuong"]) -> Batch {
        CleanseTests.batch(rows, columns: columns)
    }

    @Test func mapsByColumnNameRunsRulesAndKeepsOrigins() {
        var c = RecordCleanser(plan: plan, source: spec.sources[0], table: spec.load.tables[0])
        let out = c.cleanse(batch([["05/03/2019", " HS-1 ", "Nguye\u{0302}\u{0303}n  Văn\tAn", "12"]]))
        #expect(out.rejects.isEmpty)
        #expect(Array(out.rows[0]) == ["HS-1", "Nguyễn Văn An", "2019-03-05", "12"])
        #expect(out.origins[0] == RowOrigin(line: 2, byteOffset: 0, record: 1))
        #expect(out.sourceKeys[0] == " HS-1 ")
    }

    @Test func everyRecordComesOutAsARowOrAReject() {
        var c = RecordCleanser(plan: plan, source: spec.sources[0], table: spec.load.tables[0])
        let input = batch([
            ["05/03/2019", "A", "x", "1"],
            ["05/03/2019", "   ", "x", "1"],
            ["31/02/2019", "B", "x", "1"],
            ["", "C", "x", "1"],
            ["05/03/2019", "D", "x", "một"],
            ["05/03/2019", "E", nil, nil],
        ])
        let out = c.cleanse(input)
        #expect(out.rows.count + out.rejects.count == input.rows.count)
        #expect(out.rows.map { $0[0] } == ["A", "E"])
        #expect(out.rejects.map(\.reason) == [.missingRequired, .invalidDate, .missingRequired, .invalidType])
        #expect(out.rejects.map(\.field) == ["code", "at", "at", "n"])
        #expect(out.rejects.map(\.origin.line) == [3, 4, 5, 6])
        #expect(out.rejects[0].original == #"{"Ngay":"05/03/2019","Ma":"   ","Ten":"x","SoLuong":"1"}"#)
        #expect(!out.rejects[2].detail.contains("31/02"), "details name the field, not the personal value")
    }

    /// A text value holding a NUL character (which PostgreSQL's text cannot) is refused by its
    /// column's type, in a short value (held inline) and in a long one alike.
    @Test func textWithANULCharacterIsRefused() {
        var c = RecordCleanser(plan: plan, source: spec.sources[0], table: spec.load.tables[0])
        let out = c.cleanse(batch([
            ["05/03/2019", "A", "a\u{0}b", "1"],
            ["05/03/2019", "B", "Nguyễn Văn An \u{0} và Trần Thị Bình", "1"],
            ["05/03/2019", "C\u{0}", "x", "1"],
            ["05/03/2019", "D", "Nguyễn Văn An và Trần Thị Bình", "1"],
        ]))
        #expect(out.rows.map { $0[0] } == ["D"])
        #expect(out.rejects.map(\.reason) == [.invalidType, .invalidType, .invalidType])
        #expect(out.rejects.map(\.field) == ["name", "name", "code"])
        #expect(out.rejects.allSatisfy { $0.detail.hasSuffix("text cannot hold a NUL character") }, "\(out.rejects.map(\.detail))")
    }

    @Test func readerRejectsPassThrough() {
        var c = RecordCleanser(plan: plan, source: spec.sources[0], table: spec.load.tables[0])
        var b = batch([["05/03/2019", "A", "x", "1"]])
        b.rejects.append(Reject(source: "s", file: "a.csv", origin: RowOrigin(line: 9, byteOffset: 90, record: 2),
                                reason: .malformedRecord, detail: "stray quote", original: #"{"raw":"x"}"#))
        let out = c.cleanse(b)
        #expect(out.rows.count == 1)
        #expect(out.rejects.map(\.reason) == [.malformedRecord])
    }

    @Test func documentsAreKeptWholeForJSONSources() {
        var c = RecordCleanser(plan: plan, source: spec.sources[0], table: spec.load.tables[0])
        var b = batch([["05/03/2019", nil, "x", "1"]])
        b.documents = [#"{"Ma":null,"extra":[1,2]}"#]
        let out = c.cleanse(b)
        #expect(out.rejects.first?.original == #"{"Ma":null,"extra":[1,2]}"#)
    }
}

@Suite struct TypeCheckerTests {
    @Test(arguments: [
        ("007", ColumnType.integer, "7"), ("-0", .bigint, "0"), ("+12", .integer, "12"),
        ("007.50", .numeric, "7.50"), ("-0.00", .numeric, "0.00"), (".5", .numeric, "0.5"), ("5.", .numeric, "5"),
        ("Hà Nội", .text, "Hà Nội"), ("2025-07-01", .date, "2025-07-01"),
    ])
    func valuesAreWrittenInTheFormPostgreSQLPrints(_ input: String, _ type: ColumnType, _ expected: String) {
        var v = input
        #expect(TypeChecker.canonicalize(&v, as: type) == nil)
        #expect(v == expected)
        #expect(TypeChecker.check(v, as: type) == nil, "canonical output passes the strict check")
    }

    @Test(arguments: [
        ("2147483648", ColumnType.integer), ("1e3", .numeric), ("1.2.3", .numeric), ("yes", .boolean),
        ("01/07/2025", .date), ("2025-07-01T00:00:00", .timestamptz), ("2025-07-01T00:00:00Z", .timestamp),
        ("a\u{0}b", .text), ("", .numeric),
    ])
    func valuesThatDoNotFitAreRefused(_ input: String, _ type: ColumnType) {
        var v = input
        #expect(TypeChecker.canonicalize(&v, as: type) != nil)
        #expect(v == input)
    }
}
