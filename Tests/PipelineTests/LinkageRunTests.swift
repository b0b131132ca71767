import Cleanse
import Core
import Foundation
import Load
@testable import pipeline
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

    /// Rewrites a file of the pipeline's directory.
    func edit(_ file: URL, _ name: String, _ change: (String) -> String) throws {
        let url = file.deletingLastPathComponent().appendingPathComponent(name)
        try change(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    /// The report's linkage entry of run `run`.
    func linkage(_ file: URL, run: Int) throws -> [String: Any] {
        let report = try String(contentsOf: file.deletingLastPathComponent().appendingPathComponent("out/run-\(run).json"), encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        return try #require(((json["dedup"] as? [String: Any])?["linkage"] as? [[String: Any]])?.first)
    }

    /// The partition linking every record of the table from scratch with the last stored model
    /// (the reviewers' decisions applied) gives.
    func fullLinkWithStoredModel(_ file: URL, _ c: PGConnection) throws -> Set<Set<String>> {
        let (loaded, log) = PipelineLoader().load(path: file.path)
        let spec = try #require(loaded, "\(log.diagnostics)")
        let linkage = try #require(spec.dedupe.first)
        let store = LinkageStore(connection: c)
        var linker = RecordLinker(spec: linkage)
        try store.readRecords(schema: "public", table: "records", key: ["record_id"], fields: linker.fields) { key, values in
            linker.add(key: key, values: values)
        }
        let json = try #require(try store.latestModel(entity: "people")).json
        let model = try #require(try JSONDecoder().decode(EntityLinking.StoredModel.self, from: Data(json.utf8)).model(linker.comparisons))
        let keys = linker.records.keys
        let decisions = try store.decisions(entity: "people").compactMap { d -> (a: Int, b: Int, match: Bool)? in
            guard let a = keys.firstIndex(of: d.keyA), let b = keys.firstIndex(of: d.keyB) else { return nil }
            return (a, b, d.match)
        }
        let result = linker.link(threads: 2, decisions: decisions, model: model)
        var groups: [Int: Set<String>] = [:]
        for (i, l) in result.labels.enumerated() { groups[l, default: []].insert(keys[i]) }
        // The kept pairs stored (as a change against the last run) are those of the full link.
        let stored = Set(try c.execute("SELECT key_a || ' ' || key_b || ' ' || pattern FROM etl.linkage_pairs WHERE entity = 'people'")
            .rows.map { $0[0]! })
        #expect(stored == Set(result.pairs.map { "\(keys[Int($0.a)]) \(keys[Int($0.b)]) \($0.pattern)" }))
        return Set(groups.values)
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
        // A strict threshold, so that some pairs between two entities wait in review.
        try edit(file, "people.yml") { $0.replacingOccurrences(of: "match_probability: 0.95", with: "match_probability: 0.9999") }
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
        // (Of two entities: other pairs may have joined a review pair's records.)
        let review = try #require(try c.execute("""
            SELECT r.key_a, r.key_b FROM etl.review r
            JOIN etl.entities a ON a.entity = 'people' AND a.record_key = r.key_a
            JOIN etl.entities b ON b.entity = 'people' AND b.record_key = r.key_b
            WHERE a.entity_id <> b.entity_id ORDER BY r.key_a LIMIT 1
            """).rows.first)
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

    @Test func aSmallNightLinksIncrementallyAsLinkingEverythingWithTheSameModelWould() throws {
        let db = try TestDatabase.create("linkincr")
        let first = try pipeline("incr1", lines: 385)
        #expect(try run(first, db).status == 0)
        let night1 = try linkage(first, run: 1)
        #expect(night1["mode"] as? String == "full" && night1["relink_reason"] == nil)
        let c = try PGConnection(conninfo: db)
        let before = try entities(c)
        let second = try pipeline("incr2")
        let r = try run(second, db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(incremental: 15 new or changed"), "\(r.stdout)")
        let night2 = try linkage(second, run: 2)
        #expect(night2["mode"] as? String == "incremental")
        #expect(night2["changed_records"] as? Int == 15 && night2["removed_records"] as? Int == 0)
        #expect(night2["model_run"] as? Int == 1)
        let compared = try #require(night2["pairs_compared"] as? Int), full = try #require(night1["pairs_compared"] as? Int)
        #expect(compared > 0 && compared * 5 < full, "\(compared) pairs compared against \(full) on night 1")
        let after = try entities(c)
        #expect(after.count == 400)
        #expect(partition(after) == (try fullLinkWithStoredModel(second, c)))
        let kept = before.filter { key, id in after[key] == id }.count
        #expect(Double(kept) / Double(before.count) > 0.95, "\(kept) of \(before.count)")
        // The model stored for night 2 is night 1's, marked as reused.
        let model = try c.execute("SELECT model->>'mode', model->>'estimated_run', model->'fields' = "
                                  + "(SELECT model->'fields' FROM etl.linkage_models WHERE run_id = 1) FROM etl.linkage_models WHERE run_id = 2").rows
        #expect(model == [["incremental", "1", "t"]])
        // Every night stores the whole current set of matches.
        let matches = try c.execute("SELECT count(*) FROM etl.matches WHERE run_id = 2").scalar
        #expect(matches == (try c.execute("SELECT count(*) FROM etl.linkage_pairs WHERE probability >= 0.95").scalar))
    }

    @Test func aRecordChangedSoThatItNoLongerMatchesLeavesItsEntity() throws {
        let file = try pipeline("linkchange")
        let db = try TestDatabase.create("linkchange")
        #expect(try run(file, db).status == 0)
        let c = try PGConnection(conninfo: db)
        let before = try entities(c)
        // A record of an entity of three or more, rewritten as somebody else entirely.
        let sizes = Dictionary(before.values.map { ($0, 1) }, uniquingKeysWith: +)
        let key = try #require(before.keys.sorted().first { sizes[before[$0]!]! >= 3 })
        try edit(file, "people.csv") { csv in
            csv.split(separator: "\n").map { line in
                line.hasPrefix(key + ",") ? "\(key),999,A,Hứa Thị Xuyến,03/03/1933,,0299111222" : String(line)
            }.joined(separator: "\n") + "\n"
        }
        let r = try run(file, db)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try linkage(file, run: 2)
        #expect(report["mode"] as? String == "incremental" && report["changed_records"] as? Int == 1)
        let after = try entities(c)
        let others = before.filter { $0.value == before[key] && $0.key != key }.map(\.key)
        #expect(after.values.filter { $0 == after[key] }.count == 1, "the changed record is an entity of its own")
        #expect(others.allSatisfy { after[$0] != after[key] }, "the changed record left its entity")
        #expect(after[key] != before[key] && others.contains { after[$0] == before[key] }, "the id stays with the records that stay")
        #expect(partition(after) == (try fullLinkWithStoredModel(file, c)))
    }

    @Test func aNotMatchDecisionSplitsAnEntityInIncrementalMode() throws {
        let file = try pipeline("linksplit")
        let db = try TestDatabase.create("linksplit")
        #expect(try run(file, db).status == 0)
        let c = try PGConnection(conninfo: db)
        // The only matched pair of a two-record entity.
        let pair = try #require(try c.execute("""
            SELECT m.key_a, m.key_b FROM etl.matches m JOIN etl.entities e ON e.entity = m.entity AND e.record_key = m.key_a
            WHERE (SELECT count(*) FROM etl.entities f WHERE f.entity = e.entity AND f.entity_id = e.entity_id) = 2
            ORDER BY m.key_a LIMIT 1
            """).rows.first)
        #expect(try entities(c)[pair[0]!] == entities(c)[pair[1]!])
        try c.execute("INSERT INTO etl.review_decisions (entity, key_a, key_b, decision) VALUES ('people', $1, $2, 'not_match')",
                      [pair[0], pair[1]])
        #expect(try run(file, db).status == 0)
        #expect(try linkage(file, run: 2)["mode"] as? String == "incremental")
        let after = try entities(c)
        #expect(after[pair[0]!] != after[pair[1]!], "un-merged by the decision")
        #expect(partition(after) == (try fullLinkWithStoredModel(file, c)))
        // Withdrawn, the pair joins again, under the id it had.
        let id = try #require(after[pair[0]!])
        try c.execute("DELETE FROM etl.review_decisions")
        #expect(try run(file, db).status == 0)
        let rejoined = try entities(c)
        #expect(rejoined[pair[0]!] == rejoined[pair[1]!] && rejoined[pair[0]!] == id)
    }

    @Test func aChangedDedupeSpecOrRelinkAlwaysLinksEverything() throws {
        let file = try pipeline("linkspec")
        let db = try TestDatabase.create("linkspec")
        #expect(try run(file, db).status == 0)
        try edit(file, "people.yml") { $0.replacingOccurrences(of: "match_probability: 0.95", with: "match_probability: 0.9") }
        #expect(try run(file, db).status == 0)
        let changed = try linkage(file, run: 2)
        #expect(changed["mode"] as? String == "full")
        #expect(changed["relink_reason"] as? String == "the linkage settings changed")
        #expect(try run(file, db).status == 0)
        #expect(try linkage(file, run: 3)["mode"] as? String == "incremental")
        try edit(file, "people.yml") { $0.replacingOccurrences(of: "review_probability: 0.5", with: "review_probability: 0.5\n    relink: always") }
        #expect(try run(file, db).status == 0)
        let always = try linkage(file, run: 4)
        #expect(always["mode"] as? String == "full" && always["relink_reason"] as? String == "relink: always")
        let c = try PGConnection(conninfo: db)
        #expect(try c.execute("SELECT string_agg(model->>'mode', ',' ORDER BY run_id) FROM etl.linkage_models").scalar
                == "full,full,incremental,full")
    }
}
