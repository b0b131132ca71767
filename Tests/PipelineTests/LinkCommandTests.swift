import Foundation
import Load
import TestSupport
import Testing

/// `pipeline link` on people of two systems with known truth.
@Suite struct LinkCommandTests {
    let fixture = PipelineProcess.packageRoot.appendingPathComponent("Tests/Fixtures/linkage/people.yml")

    func rows(_ file: URL) throws -> [[String]] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func linksThePeopleOfTwoSystemsAsTheTruthSays() throws {
        let work = try PipelineProcess.temporaryDirectory("link")
        let r = try PipelineProcess.run(["link", fixture.path, "--out", work.path, "--json"], in: work)
        #expect(r.status == 0, "\(r.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(figures["records"] as? Int == 400)
        // The truth: person_id of each record.
        let truth = Dictionary(uniqueKeysWithValues: try rows(fixture.deletingLastPathComponent().appendingPathComponent("people.csv"))
            .dropFirst().map { ($0[0], $0[1]) })
        let entities = try rows(work.appendingPathComponent("people-entities.csv"))
        #expect(entities.first == ["key", "entity"])
        let entity = Dictionary(uniqueKeysWithValues: entities.dropFirst().map { ($0[0], $0[1]) })
        #expect(entity.count == 400)
        var together = 0, correct = 0, truePairs = 0
        let keys = truth.keys.sorted()
        for (i, a) in keys.enumerated() {
            for b in keys[(i + 1)...] {
                let same = truth[a] == truth[b]
                if same { truePairs += 1 }
                if entity[a] == entity[b] {
                    together += 1
                    if same { correct += 1 }
                }
            }
        }
        let precision = Double(correct) / Double(together), recall = Double(correct) / Double(truePairs)
        #expect(precision > 0.97 && recall > 0.95, "precision \(precision), recall \(recall)")
        // Every pair is explained: its probability, total weight and one weight per comparison.
        let pairs = try rows(work.appendingPathComponent("people-pairs.csv"))
        #expect(pairs.first == ["key_a", "key_b", "probability", "match_weight", "w_name", "w_birth_date", "w_id_number", "w_phone"])
        #expect(pairs.count > 100)
        for p in pairs.dropFirst() { #expect((Double(p[2]) ?? 0) >= 0.5, "\(p)") }
        // The same input gives the same files.
        let again = try PipelineProcess.temporaryDirectory("link2")
        #expect(try PipelineProcess.run(["link", fixture.path, "--out", again.path], in: again).status == 0)
        for file in ["people-entities.csv", "people-pairs.csv"] {
            #expect(try Data(contentsOf: work.appendingPathComponent(file)) == Data(contentsOf: again.appendingPathComponent(file)))
        }
    }

    @Test func anUnknownEntityIsAnError() throws {
        let work = try PipelineProcess.temporaryDirectory("linkbad")
        let r = try PipelineProcess.run(["link", fixture.path, "--entity", "dossiers", "--out", work.path], in: work)
        #expect(r.status == 64)
        #expect(r.stderr.contains("no 'dedupe' entity 'dossiers'; entities are: people"), "\(r.stderr)")
    }
}
