import Foundation
import Load
import TestSupport
import Testing

/// The legacy exports in reference/encodings/files load through `pipeline run` with
/// `encoding: auto`: the right encoding is detected, recorded in the ledger, and every value
/// arrives as its UTF-8 truth.
@Suite struct LegacyEncodingRunTests {
    static let files: [(file: String, encoding: String)] = [
        ("tcvn3", "tcvn3"), ("vni", "vni"), ("viscii", "viscii"), ("vps", "vps"), ("cp1258", "windows-1258"),
        ("utf8-nfd", "utf-8"),
    ]

    @Test(arguments: files.map(\.file))
    func autoDetectsAndLoadsTheTruth(_ name: String) throws {
        let expected = try #require(Self.files.first { $0.file == name }?.encoding)
        let reference = PipelineProcess.packageRoot.appendingPathComponent("reference/encodings/files")
        let db = try TestDatabase.create("enc\(name.replacingOccurrences(of: "-", with: ""))")
        let work = try PipelineProcess.temporaryDirectory("enc")
        let pipeline = work.appendingPathComponent("p.yml")
        try """
            version: 1
            name: legacy-\(name)
            sources:
              - name: legacy
                path: \(reference.path)/\(name).csv
                format: csv
                encoding: auto
                fields: { ho_ten: ho_ten, dia_chi: dia_chi, ten_thu_tuc: ten_thu_tuc }
            load:
              schema: legacy
              tables:
                people:
                  key: [ho_ten, dia_chi, ten_thu_tuc]
                  columns: { ho_ten: text, dia_chi: text, ten_thu_tuc: text }
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        let run = try PipelineProcess.run(["run", pipeline.path, "--database", db], in: work)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("read 40 = loaded 40 + merged 0 + quarantined 0"), "\(run.stdout)")

        let c = try PGConnection(conninfo: db)
        let file = try c.execute("SELECT encoding, encoding_confidence FROM etl.run_files")
        #expect(file.rows.first?[0] == expected)
        let confidence = try #require(file.rows.first?[1].flatMap(Double.init))
        #expect(confidence > 0.5 && confidence <= 1)

        let truth = try Self.csvRows(String(contentsOf: reference.appendingPathComponent("\(name).truth.csv"), encoding: .utf8))
        let loaded = try c.execute("SELECT ho_ten, dia_chi, ten_thu_tuc FROM legacy.people").rows.map { $0.map { $0 ?? "" } }
        #expect(Set(loaded) == Set(truth.dropFirst()), "differences: \(Set(loaded).symmetricDifference(Set(truth.dropFirst())).prefix(4))")
    }

    @Test func aFileTooThinToTellIsRefusedWithTheCandidates() throws {
        let work = try PipelineProcess.temporaryDirectory("enc")
        // Two bytes outside ASCII: as TCVN3 "ê", as VNI a mark, as VISCII/CP1258 other letters.
        try Data([0x69, 0x64, 0x2C, 0x76, 0x0D, 0x0A, 0x31, 0x2C, 0x74, 0xD5, 0x0D, 0x0A])
            .write(to: work.appendingPathComponent("thin.csv"))
        let pipeline = work.appendingPathComponent("p.yml")
        try """
            version: 1
            name: thin
            sources:
              - name: s
                path: thin.csv
                format: csv
                encoding: auto
                fields: { id: id, v: v }
            load:
              tables: { t: { key: id, columns: { id: text, v: text } } }
            """.write(to: pipeline, atomically: true, encoding: .utf8)
        let r = try PipelineProcess.run(["preview", pipeline.path, "--source", "s"], in: work)
        #expect(r.status == 1, "\(r.stdout)")
        #expect(r.stderr.contains("thin.csv"), "\(r.stderr)")
        #expect(r.stderr.contains("tcvn3") && r.stderr.contains("vni"), "\(r.stderr)")
    }

    /// RFC 4180 rows of `text` (quoted fields, doubled quotes, CRLF or LF).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r" {
                continue
            } else if c == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
