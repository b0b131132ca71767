import Foundation
import Load
import TestSupport
import Testing

/// Paper result registers through `pipeline run` against a real server: a typed register loaded
/// exactly and linked to its dossiers, scanned pages read, checked and loaded with their doubt
/// in the review queue, reviewers' corrections applied on later runs, and pages that cannot be
/// read field by field sent to manual keying.
@Suite(.serialized) struct RegisterRunTests {
    static let fixtures = PipelineProcess.packageRoot.appendingPathComponent("Tests/Fixtures/register")
    static let pages = PipelineProcess.packageRoot.appendingPathComponent("samples/paper-index")

    /// Copies `files` of the fixtures into a new directory; returns it.
    func directory(_ label: String, _ files: [URL]) throws -> URL {
        let dir = try PipelineProcess.temporaryDirectory(label)
        for f in files { try FileManager.default.copyItem(at: f, to: dir.appendingPathComponent(f.lastPathComponent)) }
        return dir
    }

    func run(_ file: URL, _ db: String) throws -> Subprocess.Output {
        try PipelineProcess.run(["run", file.path, "--database", db], in: file.deletingLastPathComponent())
    }

    /// A simple CSV reader for the fixtures (RFC 4180 quotes, no line breaks in fields).
    static func csv(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            var fields: [String] = []
            var field = ""
            var quoted = false
            var chars = Array(line)[...]
            while let c = chars.popFirst() {
                if quoted {
                    if c == "\"" {
                        if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                    } else {
                        field.append(c)
                    }
                } else if c == "\"" {
                    quoted = true
                } else if c == "," {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(c)
                }
            }
            fields.append(field)
            return fields
        }
    }

    /// `dd/MM/yyyy` as PostgreSQL prints a date.
    static func iso(_ d: String) -> String {
        let p = d.split(separator: "/")
        return p.count == 3 ? "\(p[2])-\(p[1])-\(p[0])" : d
    }

    static let typedFiles = ["typed.yml", "typed-register.csv", "dossiers.csv"].map { fixtures.appendingPathComponent($0) }

    /// The same register typed in a CSV file, and kept in a workbook (title row, real date cells,
    /// merged issue-date cells; made by Tests/Fixtures/register/make-typed-xlsx.py).
    @Test(arguments: ["csv", "xlsx"])
    func aTypedRegisterLoadsExactlyAndItsEntriesCloseTheirDossiers(_ format: String) throws {
        let dir = try directory("typedreg-\(format)", Self.typedFiles + [Self.fixtures.appendingPathComponent("typed-register.xlsx")])
        let file = dir.appendingPathComponent("typed.yml")
        if format == "xlsx" {
            let yaml = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
                of: "    path: typed-register.csv\n    format: csv\n",
                with: "    path: typed-register.xlsx\n    format: xlsx\n    options: { header_row: 2 }\n")
            try #require(yaml.contains("typed-register.xlsx"))
            try yaml.write(to: file, atomically: true, encoding: .utf8)
        }
        let db = try TestDatabase.create("typedreg")
        let out = try run(file, db)
        #expect(out.status == 0, "\(out.stderr)")
        let c = try PGConnection(conninfo: db)
        let rows = try c.execute("""
            SELECT page_row, stt, entry_number, full_name, birth_date, address, content, issued_on, book
            FROM reg.entries ORDER BY page_row
            """).rows
        let expected = Array(try Self.csv(Self.fixtures.appendingPathComponent("typed-register.expected.csv")).dropFirst())
        #expect(rows.count == expected.count)
        for (row, e) in zip(rows, expected) {
            // The expected file names the entry's rows as the CSV's line indices (header = 0).
            #expect(row[0] == e[0].split(separator: " ").first.map(String.init), "\(row) vs \(e)")
            let want: [String?] = [e[1], e[2], e[3], e[4].isEmpty ? nil : Self.iso(e[4]), e[5], e[6],
                                   e[7].isEmpty ? nil : Self.iso(e[7]), "01/2019"]
            #expect(Array(row[1...]) == want, "entry at row \(e[0])")
        }
        // Every field left empty for doubt waits in the review queue, with its reading.
        let review = try c.execute("SELECT \"row\", field, reading, reason FROM etl.register_review ORDER BY 1, 2").rows
        // The reading is what the file held: a workbook's date cell reads as an ISO date.
        #expect(review == [["21", "birth_date", "31/04/1980", "invalid_date"],
                           ["25", "issued_on", format == "xlsx" ? "2019-02-28" : "28/02/2019", "date_order"]])
        #expect(try c.execute("SELECT review::text FROM reg.entries WHERE page_row = 21").scalar == "[\"birth_date\"]")
        // Dossiers: closed by the entry received last before the issue; two that tie close nothing.
        let links = try c.execute("SELECT stt, dossier_code, dossier_match->>'status' FROM reg.entries WHERE stt <= 7 ORDER BY stt").rows
        #expect(links == [
            ["1", "HD-2018-0901", "matched"], ["2", "HD-2019-0007", "matched"], ["3", nil, "none"], ["4", nil, "none"],
            ["5", nil, "ambiguous"], ["6", nil, "none"], ["7", "HD-2019-0020", "matched"],
        ])
        #expect(try c.execute("SELECT dossier_match->'candidates' FROM reg.entries WHERE stt = 5").scalar
                == "[\"HD-2019-0011\", \"HD-2019-0012\"]")
        // Accounting: 9 dossiers and 23 entries (26 lines: 3 continuation lines joined).
        #expect(try c.execute("SELECT records_read, loaded, quarantined FROM etl.runs").rows == [["32", "32", "0"]])
        let report = try String(contentsOf: dir.appendingPathComponent("out/run-1.json"), encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let register = try #require((json["registers"] as? [[String: Any]])?.first)
        #expect(register["entries"] as? Int == 23 && register["linked"] as? Int == 3 && register["ambiguous"] as? Int == 1)
        #expect((register["review"] as? [[String: Any]])?.count == 2)
    }

    @Test func aTypedLineThatIsNoEntryIsQuarantinedNotDropped() throws {
        let dir = try directory("notentry", Self.typedFiles)
        // A clerk's file with the header repeated after entry 10 and an empty line after entry 20.
        let csv = dir.appendingPathComponent("typed-register.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0]
        let at10 = try #require(lines.firstIndex { $0.hasPrefix("11,") })
        lines.insert(header, at: at10)
        let at20 = try #require(lines.firstIndex { $0.hasPrefix("21,") })
        lines.insert(",,,,,,", at: at20)
        try lines.joined(separator: "\n").write(to: csv, atomically: true, encoding: .utf8)
        let db = try TestDatabase.create("notentry")
        let out = try run(dir.appendingPathComponent("typed.yml"), db)
        #expect(out.status == 0, "\(out.stderr)")
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT count(*) FROM reg.entries").scalar == "23", "every entry still loads")
        let q = try c.execute("SELECT reason, record FROM etl.quarantine ORDER BY record").rows
        #expect(q.count == 2 && q.allSatisfy { $0[0] == "not_an_entry" }, "\(q)")
        // 9 dossiers + 23 entries + 2 lines that are no entry.
        #expect(try c.execute("SELECT records_read, loaded, quarantined FROM etl.runs").rows == [["34", "32", "2"]])
    }

    @Test func previewMasksTheReadingsOfPersonalColumns() throws {
        let dir = try directory("regmask", Self.typedFiles)
        let file = dir.appendingPathComponent("typed.yml")
        let names = Array(try Self.csv(Self.fixtures.appendingPathComponent("typed-register.csv")).dropFirst().map { $0[2] }
            .filter { !$0.isEmpty }.prefix(5))
        try #require(names.count == 5)
        let masked = try PipelineProcess.run(["preview", file.path, "--source", "yet-kieu-2019", "-n", "5"], in: dir)
        #expect(masked.status == 0, "\(masked.stderr)")
        #expect(masked.stdout.contains("ocr "), "\(masked.stdout)")
        for name in names { #expect(!masked.stdout.contains(name), "\(name) shown") }
        let shown = try PipelineProcess.run(["preview", file.path, "--source", "yet-kieu-2019", "-n", "5", "--unmasked"], in: dir)
        for name in names { #expect(shown.stdout.contains(name), "\(name) not shown with --unmasked") }
    }

    @Test func aReviewersCorrectionIsAppliedOnEveryLaterRun() throws {
        let dir = try directory("regfix", Self.typedFiles)
        let db = try TestDatabase.create("regfix")
        let file = dir.appendingPathComponent("typed.yml")
        #expect(try run(file, db).status == 0)
        let c = try PGConnection(conninfo: db)
        let item = try c.execute("SELECT file_sha256, page, \"row\" FROM etl.register_review WHERE field = 'birth_date'").rows
        try #require(item.count == 1)
        try c.execute("INSERT INTO etl.register_corrections (file_sha256, page, \"row\", field, value, corrected_by) "
                      + "VALUES ($1, $2, $3, 'birth_date', '30/04/1980', 'reviewer')", item[0])
        for _ in 0..<2 {
            let out = try run(file, db)
            #expect(out.status == 0, "\(out.stderr)")
            #expect(try c.execute("SELECT birth_date::text, review::text, ocr->'birth_date'->>'status' FROM reg.entries WHERE page_row = 21").rows
                    == [["1980-04-30", "[]", "reviewed"]])
            #expect(try c.execute("SELECT field FROM etl.register_review ORDER BY 1").rows == [["issued_on"]])
        }
    }

    @Test func aScannedPageLoadsWithItsDoubtInReviewAndACorrectionSurvivesReRuns() throws {
        // The first source of the shipped pipeline, pointed at one page of Yết Kiêu.
        let (_, file, db) = try onePage("scanreg", Self.pages.appendingPathComponent("register-clean-02.png"), context: "{ province: Hải Dương, district: huyện Gia Lộc, commune: xã Yết Kiêu, year: 2018 }")
        let first = try run(file, db)
        #expect(first.status == 0, "\(first.stderr)")
        let c = try PGConnection(conninfo: db)
        let truth = Array(try Self.csv(Self.pages.appendingPathComponent("register-clean-02.csv")).dropFirst())
        let rows = try c.execute("SELECT stt, entry_number, full_name, page_row, box::text, ocr::text FROM registers.entries ORDER BY page_row").rows
        #expect(rows.count == truth.count, "every row of the page is an entry")
        // Loaded values are right (a field in doubt is left empty, never guessed).
        var loaded = 0
        for (row, t) in zip(rows, truth) {
            for (value, want) in zip(row[0...2], t[0...2]) where value != nil {
                #expect(value == want)
                loaded += 1
            }
            #expect(row[4]?.hasPrefix("[") == true && row[5]?.contains("\"confidence\":") == true)
        }
        #expect(loaded >= truth.count * 3 * 9 / 10)
        // Each field in review has its reading, confidence and box on the page.
        let review = try c.execute("SELECT \"row\", field, reading, confidence, box::text FROM etl.register_review ORDER BY 1, 2").rows
        #expect(!review.isEmpty)
        for r in review { #expect(r[3] != nil && r[4]?.hasPrefix("{") == true, "\(r)") }
        // A reviewer corrects the first one; it stays corrected on every later run.
        let target = review[0]
        let column = ["stt": 0, "entry_number": 1, "full_name": 2, "birth_date": 3, "address": 4, "content": 5, "issued_on": 6][target[1]!]!
        let entry = try #require(rows.firstIndex { $0[3] == target[0] })
        let value = truth[entry][column]
        try c.execute("INSERT INTO etl.register_corrections (file_sha256, page, \"row\", field, value) "
                      + "SELECT file_sha256, page, \"row\", field, $1 FROM etl.register_review WHERE \"row\" = $2 AND field = $3",
                      [value, target[0], target[1]])
        for _ in 0..<2 {
            let again = try run(file, db)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try c.execute("SELECT count(*) FROM etl.register_review WHERE \"row\" = $1 AND field = $2", [target[0], target[1]]).scalar == "0")
            let status = try c.execute("SELECT ocr->$1->>'status' FROM registers.entries WHERE page_row = $2::int", [target[1], target[0]]).scalar
            #expect(status == "reviewed")
        }
    }

    @Test func aPageWithoutARuledGridGoesWholeToManualKeying() throws {
        let (_, file, db) = try onePage("nogrid", Self.fixtures.appendingPathComponent("no-grid.png"), context: "{ commune: xã Cát Trinh, year: 2008 }")
        let out = try run(file, db)
        #expect(out.status == 0, "\(out.stderr)")
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT records_read, loaded, quarantined FROM etl.runs").rows == [["1", "0", "1"]])
        let q = try c.execute("SELECT reason, file, detail, original->>'sha256' FROM etl.quarantine").rows
        #expect(q.count == 1 && q[0][0] == "manual_keying" && q[0][1]?.hasSuffix("no-grid.png") == true, "\(q)")
        #expect(q.first?[2]?.contains("no ruled grid") == true && q.first?[3]?.count == 64)
    }

    @Test func aPageWithMoreDoubtThanItsShareGoesWholeToManualKeying() throws {
        // Every field in doubt would be too many: the page's few doubtful fields send it to keying.
        let (dir, file, db) = try onePage("doubtful", Self.pages.appendingPathComponent("register-clean-02.png"), context: "{ commune: xã Yết Kiêu, year: 2018 }\n      manual_keying_share: 0.001")
        let out = try run(file, db)
        #expect(out.status == 0, "\(out.stderr)")
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT records_read, loaded, quarantined FROM etl.runs").rows == [["1", "0", "1"]])
        let q = try c.execute("SELECT reason, detail, jsonb_array_length(original->'rows') FROM etl.quarantine").rows
        #expect(q.count == 1 && q[0][0] == "manual_keying", "\(q)")
        #expect(q.first?[1]?.contains("in doubt, more than register.manual_keying_share") == true, "\(q)")
        #expect(q.first?[2] == "22", "the page's 22 table rows are kept for the keyer")
        #expect(try c.execute("SELECT count(*) FROM etl.register_review").scalar == "0", "a page keyed by hand has no field review")
        // The report's sample of the page keeps its numbers and dates but masks names and addresses.
        let truth = Array(try Self.csv(Self.pages.appendingPathComponent("register-clean-02.csv")).dropFirst())
        for name in ["json", "html"] {
            let report = try String(contentsOf: dir.appendingPathComponent("reports/run-1.\(name)"), encoding: .utf8)
            #expect(report.contains("manual_keying"))
            for row in truth.prefix(8) {
                #expect(!report.contains(row[2]) && !report.contains(row[4]), "\(row[2]) in the \(name) report")
            }
            #expect(report.contains(truth[0][1]), "entry numbers are not personal")
        }
    }

    @Test func aMultiPageTIFFIsReadPageByPage() throws {
        let (dir, file, db) = try onePage("tiffbook", Self.fixtures.appendingPathComponent("book-2008.tif"), context: "{ province: Bình Định, district: huyện Phù Cát, commune: xã Cát Trinh, year: 2008 }")
        let out = try PipelineProcess.run(["run", file.path, "--database", db, "--progress"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("read page 1/2: book-2008.tif") && out.stderr.contains("read page 2/2: book-2008.tif"), "\(out.stderr)")
        let c = try PGConnection(conninfo: db)
        // Page 1 is register-clean-01: its 23 entries; page 2 has no table: keyed by hand.
        #expect(try c.execute("SELECT records_read, loaded, quarantined FROM etl.runs").rows == [["24", "23", "1"]])
        // Entries are named by the file's path relative to the pipeline file, wherever it is run from.
        #expect(try c.execute("SELECT count(*), bool_or(entry_ref = 'book-2008.tif:1:3') FROM registers.entries "
                              + "WHERE entry_ref LIKE 'book-2008.tif:1:%'").rows == [["23", "t"]])
        #expect(try c.execute("SELECT reason, record, detail FROM etl.quarantine").rows
                == [["manual_keying", "2", "no ruled grid found on page 2; expected a table with ruled rows and columns"]])
    }

    /// The shipped pipeline over the six sample pages: every field scored against the truth.
    @Test func theSamplePagesLoadAtTheirTargets() throws {
        let dir = try PipelineProcess.temporaryDirectory("samplepages")
        let db = try TestDatabase.create("samplepages")
        let file = PipelineProcess.packageRoot.appendingPathComponent("pipelines/registers.yml")
        let out = try PipelineProcess.run(["run", file.path, "--database", db, "--no-progress"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!out.stderr.contains("read page"), "no progress unless asked: \(out.stderr)")
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT records_read = loaded + merged + quarantined FROM etl.runs").scalar == "t")
        let columns = ["stt", "entry_number", "full_name", "birth_date", "address", "content", "issued_on"]
        var exact = 0, wrong = 0, fields = 0
        for stem in ["register-clean-01", "register-clean-02", "register-mild-01", "register-mild-02", "register-hard-01",
                     "register-hard-02"] {
            let facts = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.pages.appendingPathComponent("\(stem).json"))) as? [String: Any])
            let level = try #require((facts["scan"] as? [String: Any])?["level"] as? String)
            let firstBody = try #require((facts["table"] as? [String: Any])?["first_body_row_index"] as? Int)
            let truth = Array(try Self.csv(Self.pages.appendingPathComponent("\(stem).csv")).dropFirst())
            let keyed = try c.execute("SELECT count(*) FROM etl.quarantine WHERE reason = 'manual_keying' AND file LIKE $1",
                                      ["%\(stem).png"]).scalar == "1"
            let rows = try c.execute("SELECT page_row::text, " + columns.map { "\($0)::text" }.joined(separator: ", ")
                                     + " FROM registers.entries WHERE page_file LIKE $1", ["%\(stem).png"]).rows
            var byRow: [String: [String?]] = [:]
            for r in rows { byRow[r[0]!] = Array(r[1...]) }
            var pageExact = 0, pageWrong = 0
            for (i, want) in truth.enumerated() {
                // Truth row i is the table's row firstBody + i + 1, counted from the top rule.
                let got = byRow[String(firstBody + i + 1)] ?? Array(repeating: nil, count: columns.count)
                for (k, w) in want.enumerated() {
                    guard let value = got[k] else { continue }
                    if value == (columns[k] == "birth_date" || columns[k] == "issued_on" ? Self.iso(w) : w) {
                        pageExact += 1
                    } else {
                        pageWrong += 1
                    }
                }
            }
            let pageFields = truth.count * columns.count
            if level == "hard" {
                #expect(keyed || Double(pageExact) >= 0.85 * Double(pageFields), "\(stem): \(pageExact) of \(pageFields) exact")
            } else {
                #expect(!keyed, "\(stem) is read field by field")
                exact += pageExact
                wrong += pageWrong
                fields += pageFields
            }
        }
        #expect(Double(exact) >= 0.97 * Double(fields), "clean and mild: \(exact) of \(fields) exact")
        #expect(Double(wrong) <= 0.01 * Double(fields), "clean and mild: \(wrong) of \(fields) wrong without a flag")
    }

    /// A new directory holding `image` and the shipped pipeline cut down to its first source,
    /// which reads that image with `context`; and a new database.
    func onePage(_ label: String, _ image: URL, context: String) throws -> (dir: URL, file: URL, db: String) {
        let dir = try directory(label, [image])
        let yaml = try String(contentsOf: PipelineProcess.packageRoot.appendingPathComponent("pipelines/registers.yml"), encoding: .utf8)
        let file = dir.appendingPathComponent("one.yml")
        try Self.onePage(yaml, page: image.lastPathComponent, context: context).write(to: file, atomically: true, encoding: .utf8)
        return (dir, file, try TestDatabase.create(label))
    }

    /// The shipped pipeline with only its first source, reading `page` from the pipeline's own
    /// directory with `context`.
    static func onePage(_ yaml: String, page: String, context: String) -> String {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "sources:"), let second = lines[(start + 2)...].firstIndex(where: { $0.hasPrefix("  - name:") }),
              let cleanse = lines.firstIndex(of: "cleanse:") else { return yaml }
        var out = Array(lines[..<second]) + [""] + Array(lines[cleanse...])
        for i in out.indices {
            if out[i].hasPrefix("    path: ") { out[i] = "    path: \(page)" }
            if out[i].hasPrefix("      context: ") { out[i] = "      context: \(context)" }
        }
        return out.joined(separator: "\n")
    }
}
