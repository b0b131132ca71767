import Foundation
import Load
import TestSupport
import Testing

/// Record linkage inside `pipeline run`: stable entity ids, incremental nights, reviewers'
/// decisions, and the transaction.
@Suite(.serialized) struct LinkageRunTests {
    let fixtures = PipelineProcess.packageRoot.appendingPathComponent("Tests/Fixtures/linkage")

    /// The fixture pipeline reading `lines` of the fixture CSV (all when nil), in a new directory.
    func pipeline(_ label: String, lines: Int? = nil) throws -> URL {
        let dir = try PipelineProcess.temporaryDirectory(label)
        let csv = try String(contentsOf: fixtures.appendingPathComponent("people.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n", omittingEmptySubsequences: true)
        try (rows.prefix(lines.map { $0 + 1 } ?? rows.count).joined(separator: "\n") + "\n")
            .write(to: dir.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
        try String(contentsOf: fixtures.appendingPathComponent("people.yml"), encoding: .utf8)
            .write(to: dir.appendingPathComponent("people.yml"), atomically: true, encoding: .utf8)
        return dir.appendingPathComponent("people.yml")
    }

    func run(_ file: URL, _ db: String, environment: [String: String] = [:]) throws -> Subprocess.Output {
        try PipelineProcess.run(["run", file.path, "--database", db], in: file.deletingLastPathComponent(), environment: environment)
    }

    /// record key -> entity id.
    func entities(_ c: PGConnection) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try c.execute("SELECT record_key, entity_id FROM etl.entities WHERE entity = 'people'").rows {
            out[row[0]!] = row[1]!
        }
        return out
    }

    /// The partition as sets of record keys.
    func partition(_ e: [String: String]) -> Set<Set<String>> {
        var groups: [String: Set<String>] = [:]
        for (k, id) in e { groups[id, default: []].insert(k) }
        return Set(groups.values)
    }

    @Test func theSameInputKeepsItsEntityIdsAndTheReportExplainsTheMatches() throws {
        let file = try pipeline("linkrun")
        let db = try TestDatabase.create("linkrun")
        let first = try run(file, db)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("  linked people: 400 records -> "), "\(first.stdout)")
        let c = try PGConnection(conninfo: db)
        let before = try entities(c)
        #expect(before.count == 400)
        #expect(Set(before.values).count < 300, "records of one person share an entity")
        let second = try run(file, db)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try entities(c) == before, "identical ids on a second run")
        let matches = try c.execute("SELECT run_id, count(*) FROM etl.matches GROUP BY 1 ORDER BY 1").rows
        #expect(matches.count == 2 && matches[0][1] == matches[1][1])
        let weights = try c.execute("SELECT weights::text FROM etl.matches LIMIT 1").scalar ?? ""
        #expect(weights.contains("\"name\"") && weights.contains("\"phone\""), "\(weights)")
        #expect(try c.execute("SELECT count(*) FROM etl.linkage_models").scalar == "2")
        // One golden record per entity, each value from one of its own records.
        #expect(try c.execute("SELECT count(*), sum(_records) FROM public.people_golden").rows == [["\(Set(before.values).count)", "400"]])
        let strays = try c.execute("""
            SELECT count(*) FROM public.people_golden g, jsonb_each_text(g._provenance) p
            WHERE p.value IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM etl.entities e WHERE e.entity = 'people' AND e.record_key = p.value AND e.entity_id = g.entity_id)
            """).scalar
        #expect(strays == "0")
        let wrongSystem = try c.execute("""
            SELECT count(*) FROM public.people_golden g WHERE g.system = 'A' AND EXISTS
                (SELECT 1 FROM etl.entities e JOIN public.records r ON r.record_id = e.record_key
                 WHERE e.entity_id = g.entity_id AND r.system = 'B')
            """).scalar
        #expect(wrongSystem == "0", "system B's value comes first by the order rule")
        // The report's dedup section has the entity.
        let report = try String(contentsOf: file.deletingLastPathComponent().appendingPathComponent("out/run-2.json"), encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let linkage = try #require(((json["dedup"] as? [String: Any])?["linkage"] as? [[String: Any]])?.first)
        #expect(linkage["records"] as? Int == 400)
        #expect(linkage["entities_kept"] as? Int == linkage["entities"] as? Int)
        #expect(!((linkage["examples"] as? [Any]) ?? []).isEmpty)
    }

    @Test func aNightsNewRecordsGiveTheClustersOfLinkingEverythingAtOnce() throws {
        let db = try TestDatabase.create("linknights")
        #expect(try run(try pipeline("night1", lines: 250), db).status == 0)
        let c = try PGConnection(conninfo: db)
        let night1 = try entities(c)
        let night2File = try pipeline("night2")
        #expect(try run(night2File, db).status == 0)
        let incremental = try entities(c)

        let scratch = try TestDatabase.create("linkscratch")
        #expect(try run(try pipeline("scratch"), scratch).status == 0)
        let fromScratch = try entities(try PGConnection(conninfo: scratch))
        #expect(partition(incremental) == partition(fromScratch))
        // Night 1's entities keep their ids when their records are still together.
        let kept = night1.filter { key, id in incremental[key] == id }.count
        #expect(Double(kept) / Double(night1.count) > 0.95, "\(kept) of \(night1.count)")
    }

    @Test func reviewersDecisionsAreAppliedOnEveryLaterRun() throws {
        let file = try pipeline("linkreview")
        let db = try TestDatabase.create("linkreview")
        #expect(try run(file, db).status == 0)
        let c = try PGConnection(conninfo: db)
        // A pair the model matched is declared not a match; a pair in review is declared a match.
        let matched = try #require(try c.execute("""
            SELECT m.key_a, m.key_b FROM etl.matches m
            WHERE (SELECT count(*) FROM etl.entities e JOIN etl.entities f ON f.entity_id = e.entity_id AND f.entity = e.entity
                   WHERE e.entity = 'people' AND e.record_key = m.key_a) = 2
            ORDER BY m.key_a LIMIT 1
            """).rows.first)
        let review = try #require(try c.execute("SELECT key_a, key_b FROM etl.review ORDER BY key_a LIMIT 1").rows.first)
        let before = try entities(c)
        #expect(before[review[0]!] != before[review[1]!])
        try c.execute("""
            INSERT INTO etl.review_decisions (entity, key_a, key_b, decision, decided_by) VALUES
            ('people', $1, $2, 'not_match', 'test'), ('people', $3, $4, 'match', 'test')
            """, [matched[0], matched[1], review[0], review[1]])
        for _ in 0..<2 {
            let r = try run(file, db)
            #expect(r.status == 0, "\(r.stderr)")
            let after = try entities(c)
            #expect(after[matched[0]!] != after[matched[1]!], "not a match, by decision")
            #expect(after[review[0]!] == after[review[1]!], "a match, by decision")
            #expect(try c.execute("SELECT count(*) FROM etl.review WHERE key_a = $1 AND key_b = $2", [review[0], review[1]]).scalar == "0")
        }
        let decided = try c.execute("SELECT decision FROM etl.matches WHERE run_id = 3 AND decision IS NOT NULL").rows
        #expect(decided == [["match"]])
    }

    @Test func aKillAfterLinkingLeavesTheDatabaseAsItWas() throws {
        let file = try pipeline("linkkill")
        let db = try TestDatabase.create("linkkill")
        #expect(try run(file, db).status == 0)
        let c = try PGConnection(conninfo: db)
        let before = try entities(c)
        let killed = try run(file, db, environment: ["MOTCUA_FAULT": "after_linkage"])
        #expect(killed.signaled && killed.status == SIGKILL)
        #expect(try entities(c) == before)
        #expect(try c.execute("SELECT count(*) FROM etl.linkage_models").scalar == "1")
    }
}
