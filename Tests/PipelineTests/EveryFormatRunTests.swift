import Foundation
import Load
import TestSupport
import Testing

/// One pipeline reads the same kind of dossier from every shape Extract supports (Excel CSV,
/// a JSON document, namespaced XML, mysqldump and pg_dump, fixed-width text, members of a zip
/// archive with a gzip inside, a TCVN3 file detected as such, an XLSX sheet) and loads them
/// into PostgreSQL in one run. Fixtures: Tests/Fixtures/formats (make-formats.py).
@Suite struct EveryFormatRunTests {
    static let expected: [(code: String, name: String, received: String)] = [
        ("CSV-1", "Nguyễn Văn An", "2019-03-05"), ("CSV-2", "Đỗ Thị Hoa; Hà", "2019-03-06"),
        ("JSON-1", "Trần Thị Bích", "2019-03-06"), ("JSON-2", "Võ Văn Đức", "2019-03-07"),
        ("XML-1", "Lê Văn Cường", "2019-03-08"), ("XML-2", "Bùi & Đặng Thị Lan", "2019-03-09"),
        ("SQL-1", "Phạm Thị D'Ân", "2019-03-10"), ("SQL-2", "Ngô Văn Bảy", "2019-03-11"),
        ("PG-1", "Hoàng Văn Em", "2019-03-12"), ("PG-2", "Lý Thị\tGấm", "2019-03-13"),
        ("FIX-1", "Đinh Văn Hùng", "2019-03-14"), ("FIX-2", "Dương Thị Ánh Nguyệt", "2019-03-15"),
        ("ZIP-1", "Lâm Văn Khoa", "2019-03-16"), ("ZIP-2", "Tạ Thị Liên", "2019-03-17"),
        ("TCVN-1", "Đặng Văn Phước", "2019-03-18"), ("TCVN-2", "Nguyễn Thị Thuỷ Tiên", "2019-03-19"),
        ("TCVN-3", "Phạm Quốc Việt", "2019-03-20"), ("TCVN-4", "Lê Thị Hường", "2019-03-20"),
        ("TCVN-5", "Trương Công Định", "2019-03-20"), ("TCVN-6", "Huỳnh Thị Xuân", "2019-03-20"),
        ("TCVN-7", "Tô Văn Thành", "2019-03-20"), ("TCVN-8", "Hồ Thị Ngọc ánh", "2019-03-20"),
        ("TCVN-9", "Châu Văn Lượng", "2019-03-20"), ("TCVN-10", "Mạc Thị Yến", "2019-03-20"),
        ("XLSX-1", "Kiều Thị Mai", "2019-03-11"), ("XLSX-2", "Quách Văn Nam", "2019-03-12"),
    ]

    @Test func everyFormatLoadsInOneRun() throws {
        let pipeline = PipelineProcess.packageRoot.appendingPathComponent("Tests/Fixtures/formats/formats.yml")
        let db = try TestDatabase.create("formats")
        let work = try PipelineProcess.temporaryDirectory("formats")
        let run = try PipelineProcess.run(["run", pipeline.path, "--database", db], in: work)
        #expect(run.status == 0, "\(run.stderr)")
        let n = Self.expected.count
        #expect(run.stdout.contains("read \(n) = loaded \(n) + merged 0 + quarantined 0"), "\(run.stdout)")

        let c = try PGConnection(conninfo: db)
        let rows = try c.execute("SELECT code, name, received::text FROM formats.dossiers ORDER BY code").rows
        let want = Self.expected.sorted { $0.code < $1.code }
        #expect(rows.count == want.count)
        for (row, w) in zip(rows, want) {
            #expect(row == [w.code, w.name, w.received])
        }
        let files = try c.execute("SELECT source, name, encoding FROM etl.run_files ORDER BY file_id").rows
        let names = files.compactMap { $0[1] }
        #expect(names.contains { $0.hasSuffix("bundle.zip!/hoso/a.csv.gz") }, "\(names)")
        #expect(names.contains { $0.hasSuffix("bundle.zip!/hoso/b.csv") })
        #expect(!names.contains { $0.hasSuffix("README.txt") })
        #expect(files.first { $0[0] == "legacy_tcvn3" }?[2] == "tcvn3")
        // Lineage points into the zip member and at the XLSX row.
        let lineage = try c.execute("SELECT file, line FROM etl.lineage_files WHERE target_key IN ('ZIP-2', 'XLSX-2') ORDER BY target_key").rows
        #expect(lineage.count == 2)
        #expect(lineage.first?[0]?.hasSuffix("register.xlsx") == true && lineage.first?[1] == "4", "\(lineage)")
        #expect(lineage.last?[0]?.hasSuffix("bundle.zip!/hoso/b.csv") == true && lineage.last?[1] == "2", "\(lineage)")
    }

    @Test func previewShowsAFileInsideAnArchive() throws {
        let pipeline = PipelineProcess.packageRoot.appendingPathComponent("Tests/Fixtures/formats/formats.yml")
        let work = try PipelineProcess.temporaryDirectory("formats")
        let r = try PipelineProcess.run(["preview", pipeline.path, "--source", "zip_bundle", "--unmasked"], in: work)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("bundle.zip!/hoso/a.csv.gz: gzip, encoding utf-8 (declared)"), "\(r.stdout)")
        #expect(r.stdout.contains("\"Lâm Văn Khoa\""))
        let legacy = try PipelineProcess.run(["preview", pipeline.path, "--source", "legacy_tcvn3", "-n", "2"], in: work)
        #expect(legacy.stdout.contains("encoding tcvn3 (detected, confidence"), "\(legacy.stdout)")
    }
}
