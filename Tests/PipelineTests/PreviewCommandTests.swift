import Foundation
import Load
import TestSupport
import Testing

/// `pipeline preview` and `pipeline scan`: what a migration engineer runs first, without a
/// database.
@Suite struct PreviewCommandTests {
    let root = PipelineProcess.packageRoot

    @Test func previewShowsTheFirstRecordsMappedWithPersonalDataMasked() throws {
        // No database anywhere: PG* variables are cleared and --database is not given, and a
        // preview must not start the embedded cluster either.
        let work = try PipelineProcess.temporaryDirectory("preview")
        let demo = root.appendingPathComponent("pipelines/demo.yml").path
        let r = try PipelineProcess.run(["preview", demo, "--source", "quangbinh", "-n", "2"], in: work,
                                        environment: ["MOTCUA_EMBEDDED_DIR": work.appendingPathComponent("pg").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("source quangbinh: format csv, encoding utf-8"), "\(r.stdout)")
        #expect(r.stdout.contains("gzip, encoding utf-8 (declared)"))
        #expect(r.stdout.contains("#1  "))
        #expect(r.stdout.contains("#2  "))
        #expect(!r.stdout.contains("#3  "))
        // Record 1 of the sample, as mapped: the dossier code in clear, the date rewritten,
        // the applicant's name, ID and phone masked.
        #expect(r.stdout.contains("dossier_code    \"G15.37-240102-0002\"   (from MaHoSo)"), "\(r.stdout)")
        #expect(r.stdout.contains("received_at     \"02/01/2024 08:36:40\"  ->  \"2024-01-02T08:36:40+07:00\""))
        #expect(r.stdout.contains("applicant_name  \"N***** N*** V**\""), "\(r.stdout)")
        #expect(r.stdout.contains("id_number       \"0441******30\""), "\(r.stdout)")
        #expect(!r.stdout.contains("Nguyễn Ngọc Vân") && !r.stdout.contains("044182534530") && !r.stdout.contains("0358989575"))
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("pg").path))

        let unmasked = try PipelineProcess.run(["preview", demo, "--source", "quangbinh", "-n", "1", "--unmasked"], in: work)
        #expect(unmasked.stdout.contains("applicant_name  \"Nguyễn Ngọc Vân\""), "\(unmasked.stdout)")
    }

    @Test func previewShowsWhyARecordWouldBeQuarantined() throws {
        let work = try PipelineProcess.temporaryDirectory("preview")
        try "MaHoSo,Ten,Ngay\r\nA1,An,01/02/2020\r\nA2,Bình,31/02/2020\r\n,Chi,01/03/2020\r\n"
            .write(to: work.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        let pipeline = work.appendingPathComponent("p.yml")
        try """
            version: 1
            name: p
            sources:
              - name: s
                path: a.csv
                format: csv
                fields: { code: MaHoSo, name: Ten, day: Ngay }
            cleanse:
              fields:
                day: [trim, { date: { formats: ["dd/MM/yyyy"], output: date } }]
            load:
              tables: { t: { key: code, columns: { code: text, name: text, day: date } } }
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        let r = try PipelineProcess.run(["preview", pipeline.path, "--source", "s"], in: work)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("#2  \(work.path)/a.csv:3 (byte 35)\n    QUARANTINED invalid_date (day)"), "\(r.stdout)")
        #expect(r.stdout.contains("#3  \(work.path)/a.csv:4 (byte 56)\n    QUARANTINED missing_key (code)"), "\(r.stdout)")
    }

    @Test func previewOfAnUnknownSourceListsTheSources() throws {
        let r = try PipelineProcess.run(["preview", "pipelines/demo.yml", "--source", "hanoi"], in: root)
        #expect(r.status == 64)
        #expect(r.stderr.contains("no source named 'hanoi'; sources are: quangbinh, quangtri"), "\(r.stderr)")
    }

    @Test func scanCountsEveryRecordWithoutADatabase() throws {
        let r = try PipelineProcess.run(["scan", "pipelines/demo.yml", "--json"], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        let scans = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(scans.map { $0["source"] as? String } == ["quangbinh", "quangtri"])
        #expect(scans.map { $0["records"] as? Int } == [1800, 1400])
        // The demo's 45 quarantined records (duplicates are merged by the load, not here).
        #expect(scans.reduce(0) { $0 + ($1["quarantined"] as? Int ?? 0) } == 45)
        let decoded = try PipelineProcess.run(["scan", "pipelines/demo.yml", "--decode-only", "--source", "quangtri"], in: root)
        #expect(decoded.status == 0, "\(decoded.stderr)")
        #expect(decoded.stdout.contains("source quangtri: decoded only | 83137 bytes read, 681492 decoded"), "\(decoded.stdout)")
    }
}
