import Cleanse
import Core
import Foundation
import Testing

private let yaml = csvPipeline(fields: "{ code: Ma, name: Ten, received: Nhan, due: Hen, status: TT, done: TraKQ }", """
    cleanse:
      fields:
        name: [nfc, collapse_spaces, upper]
        received: [trim, { date: { formats: ["dd/MM/yyyy HH:mm"] } }]
        due: [trim, { date: { formats: ["dd/MM/yyyy"], output: date } }]
      derive:
        name_key: { from: name, rules: [lower] }
      checks:
        - { expect: "due >= received", reason: due_before_received }
        - { expect: "done is present", when: "status = 'DA_TRA_KQ'", reason: result_missing, on_fail: flag }
        - { expect: "status in ['DA_TRA_KQ', 'DANG_XU_LY']", reason: unmapped_status }
        - { expect: "received <= today", reason: received_in_future }
    load:
      tables:
        t:
          key: code
          columns: { code: text, name: text, name_key: text, received: timestamptz, due: date, status: text, done: date }
    """)

@Suite struct RecordStepsTests {
    let spec: PipelineSpec
    var plan: CleansePlan

    init() throws {
        (spec, plan) = try compiled(yaml)
        plan.today = "2024-06-30"
    }

    func run(_ rows: [[String?]]) -> CleansedBatch {
        var b = Batch(source: "s", file: "a.csv", columns: ["Ma", "Ten", "Nhan", "Hen", "TT", "TraKQ"])
        for (i, r) in rows.enumerated() {
            b.rows.append(ContiguousArray(r))
            b.origins.append(RowOrigin(line: i + 2, byteOffset: Int64(i * 10), record: i + 1))
        }
        var c = RecordCleanser(plan: plan, source: spec.sources[0], table: spec.load.tables[0])
        return c.cleanse(b)
    }

    @Test func derivedFieldsAreComputedFromCleansedValues() {
        let out = run([["A1", " nguyễn  văn an ", "02/01/2024 08:30", "05/01/2024", "DANG_XU_LY", nil]])
        #expect(out.rejects.isEmpty, "\(out.rejects)")
        #expect(Array(out.rows[0]) == ["A1", "NGUYỄN VĂN AN", "nguyễn văn an", "2024-01-02T08:30:00+07:00", "2024-01-05",
                                       "DANG_XU_LY", nil])
    }

    @Test func aDueDateOnTheDayOfReceiptPassesAndOneBeforeFails() throws {
        let out = run([
            ["A1", "An", "02/01/2024 08:30", "02/01/2024", "DANG_XU_LY", nil],
            ["A2", "Bình", "02/01/2024 08:30", "01/01/2024", "DANG_XU_LY", nil],
        ])
        #expect(out.rows.count == 1)
        let reject = out.rejects.first
        #expect(reject?.reason.rawValue == "due_before_received")
        #expect(reject?.field == "due")
        #expect(reject?.detail == "expected due >= received: due = '2024-01-01', received = '2024-01-02T08:30:00+07:00'")
        #expect(reject?.origin.record == 2)
    }

    @Test func aFlaggingCheckKeepsTheRecordAndRecordsTheFlag() {
        let out = run([["A3", "Chi", "02/01/2024 08:30", "09/01/2024", "DA_TRA_KQ", nil]])
        #expect(out.rejects.isEmpty)
        #expect(out.rows.count == 1)
        #expect(out.flags.map(\.reason.rawValue) == ["result_missing"])
        #expect(out.flags.first?.field == "done")
        #expect(out.flags.first?.row == 0)
    }

    @Test func listsAndTodayAreChecked() {
        let out = run([
            ["A4", "Dung", "02/01/2024 08:30", "09/01/2024", "CHO_BO_SUNG", nil],
            ["A5", "Em", "02/07/2024 08:30", "09/07/2024", "DANG_XU_LY", nil],
        ])
        #expect(out.rows.isEmpty)
        #expect(out.rejects.map(\.reason.rawValue) == ["unmapped_status", "received_in_future"])
    }

    @Test func missingValuesDoNotFailComparisons() {
        let out = run([["A6", "Giang", nil, nil, nil, nil]])
        #expect(out.rejects.isEmpty, "\(out.rejects)")
    }

    @Test func statsCountDerivedRulesAndFlags() {
        var b = Batch(source: "s", file: "a.csv", columns: ["Ma", "Ten", "Nhan", "Hen", "TT", "TraKQ"])
        b.rows = [["A1", "An", "02/01/2024 08:30", "05/01/2024", "DA_TRA_KQ", nil]]
        b.origins = [RowOrigin(line: 2, byteOffset: 0, record: 1)]
        var c = RecordCleanser(plan: plan, source: spec.sources[0], table: spec.load.tables[0])
        _ = c.cleanse(b)
        let nameKey = c.stats.fields.first { $0.name == "name_key" }
        #expect(nameKey?.rules.map(\.name) == ["lower"])
        #expect(nameKey?.rules.first?.changed == 1)
        let name = c.stats.fields.first { $0.name == "name" }
        #expect(name?.rules.map(\.changed) == [0, 0, 1])
        #expect(name?.filledBefore == 1 && name?.filledAfter == 1)
    }

    @Test(arguments: [
        ("due >>= received", "unknown comparison '>>='"),
        ("dues >= received", "'dues' is neither a field of this table nor a value"),
        ("status is here", "expected 'is present' or 'is missing'"),
        ("status = 'open", "unterminated quoted text"),
    ])
    func badConditionsAreReportedAtTheirPosition(_ condition: String, _ message: String) {
        let text = yaml.replacingOccurrences(of: "due >= received", with: condition)
        let (spec, log) = PipelineLoader(environment: [:]).parse(text: text, file: "t.yml", directory: ".")
        if let spec { _ = CleansePlan.compile(spec, log: log) }
        let hit = log.diagnostics.first { $0.message.contains(message) }
        #expect(hit != nil, "\(log.diagnostics.map(\.message))")
        #expect(hit?.location.line == 16)
    }
}
