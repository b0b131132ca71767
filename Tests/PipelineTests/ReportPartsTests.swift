import Core
import Foundation
@testable import pipeline
import Testing

/// The report's parts on their own: masking of quarantined records, ordering of examples,
/// numbers, escaping, comparisons.
@Suite struct ReportPartsTests {
    /// A pipeline file with one CSV source and one JSON Lines source, names and IDs personal.
    func spec() throws -> PipelineSpec {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-parts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "MaHoSo,ChuHoSo,SoCCCD\n".write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "{}\n".write(to: dir.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("p.yml")
        try """
            version: 1
            name: parts
            sources:
              - name: csv
                path: a.csv
                format: csv
                fields: { code: MaHoSo, name: ChuHoSo, id_number: SoCCCD }
              - name: json
                path: b.jsonl
                format: jsonl
                fields: { code: code, name: applicant.fullName, id_number: applicant.id }
            cleanse:
              personal: [name, id_number]
            load:
              tables:
                t:
                  key: code
                  columns: { code: text, name: text, id_number: text }
            """.write(to: file, atomically: true, encoding: .utf8)
        let (loaded, log) = PipelineLoader().load(path: file.path)
        return try #require(loaded, "\(log.diagnostics)")
    }

    func reject(_ source: String, _ original: String, field: String? = nil, detail: String = "d", record: Int = 1,
                reason: String = "invalid_date", file: String = "f") -> Reject {
        Reject(source: source, file: file, origin: RowOrigin(line: record + 1, byteOffset: 0, record: record),
               reason: ReasonCode(rawValue: reason), field: field, detail: detail, original: original)
    }

    @Test func personalColumnsOfACSVRecordAreMaskedAndTheirValuesInTheDetail() throws {
        let masker = RecordMasker(spec: try spec())
        let (record, detail) = masker.mask(reject(
            "csv", #"{"ChuHoSo":"Nguyễn Văn An","MaHoSo":"G1","SoCCCD":"038091234512"}"#,
            detail: "ChuHoSo 'Nguyễn Văn An' with 038091234512"))
        #expect(record == #"{"ChuHoSo":"N***** V** A*","MaHoSo":"G1","SoCCCD":"0380******12"}"#)
        #expect(detail == "ChuHoSo 'N***** V** A*' with 0380******12")
    }

    @Test func nestedPathsAndCopiesElsewhereInTheRecordAreMasked() throws {
        let masker = RecordMasker(spec: try spec())
        let (record, _) = masker.mask(reject(
            "json", #"{"applicant":{"fullName":"Lê Thị Hà","id":"044182534530"},"code":"G2","note":"Lê Thị Hà"}"#))
        #expect(record == #"{"applicant":{"fullName":"L* T** H*","id":"0441******30"},"code":"G2","note":"L* T** H*"}"#)
    }

    @Test func aLineNeverSplitIntoFieldsIsMaskedWhole() throws {
        let masker = RecordMasker(spec: try spec())
        let (record, detail) = masker.mask(reject(
            "csv", #""G3,\"Trần An,044182534530""#, detail: "unterminated quote at 'Trần An,0441825'", reason: "malformed_record"))
        #expect(!record.contains("Trần") && !record.contains("044182534530"), "\(record)")
        #expect(!detail.contains("Trần") && !detail.contains("0441825"), "\(detail)")
    }

    @Test func aDetailAboutAPersonalFieldHasItsQuotationsMasked() throws {
        let masker = RecordMasker(spec: try spec())
        let (_, detail) = masker.mask(reject("csv", #"{"ChuHoSo":"X","SoCCCD":"12"}"#, field: "id_number",
                                             detail: "not a citizen ID: '0381234'"))
        #expect(detail == "not a citizen ID: '*****34'")
    }

    @Test func examplesAreTheFirstOfEachReasonBySourceFileAndRecord() {
        var samples = QuarantineSamples(perReason: 2)
        for (source, file, record) in [("b", "f1", 1), ("a", "f2", 9), ("a", "f1", 5), ("a", "f1", 7), ("a", "f1", 3)] {
            samples.offer(reject(source, "{}", record: record, file: file))
        }
        samples.offer(reject("z", "{}", record: 1, reason: "missing_required"))
        #expect(samples.all.map { "\($0.reason.rawValue) \($0.source) \($0.file) \($0.origin.record)" } == [
            "invalid_date a f1 3", "invalid_date a f1 5", "missing_required z f 1",
        ])
    }

    @Test(arguments: [(0, "0"), (7, "7"), (999, "999"), (1000, "1,000"), (1_234_567, "1,234,567"), (-45_000, "-45,000")])
    func numbersAreGroupedTheSameEverywhere(n: Int, text: String) {
        #expect(Number.grouped(n) == text)
    }

    @Test func fixedAndPercent() {
        #expect(Number.fixed(0.25, 1) == "0.3" || Number.fixed(0.25, 1) == "0.2")
        #expect(Number.fixed(12, 1) == "12.0")
        #expect(Number.fixed(3.14159, 2) == "3.14")
        #expect(Number.percent(1, of: 3) == "33.3%")
        #expect(Number.percent(5, of: 0) == "-")
    }

    @Test func htmlIsEscaped() {
        #expect(HTML.escape(#"<b a="x">&'"#) == "&lt;b a=&quot;x&quot;&gt;&amp;&#39;")
    }

    @Test func theComparisonListsTheFiguresThatDiffer() throws {
        let text = try String(contentsOf: Golden.directory.appendingPathComponent("report-demo.json"), encoding: .utf8)
        let a = try CleansingReport.decode(text)
        var b = a
        b.manifest.runId = a.manifest.runId + 1
        b.reconciliation.quarantined += 5
        b.reconciliation.read += 5
        b.quarantine.byReason[0].count += 5
        b.manifest.inputs[0].sha256 = String(repeating: "0", count: 64)
        let c = ReportComparison(a, b)
        #expect(c.inputChanges == ["changed: \(a.manifest.inputs[0].file)"])
        #expect(!c.pipelineChanged)
        #expect(c.changed.map { "\($0.section) \($0.figure) \($0.delta ?? 0)" } == [
            "run read 5.0", "run quarantined 5.0", "quarantine \(a.quarantine.byReason[0].reason) 5.0",
        ])
        #expect(ReportComparison(a, a).changed.isEmpty)
        #expect(ComparisonHTML(comparison: c).render().contains("<td>quarantined</td>"))
    }
}
