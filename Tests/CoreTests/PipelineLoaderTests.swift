import Core
import Foundation
import Testing

/// The fixtures' directory, found from this file's path.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

@Suite struct PipelineLoaderTests {
    /// Every file in `Fixtures/pipelines/bad` starts with `# expect LINE:COLUMN message-fragment`.
    static let badFiles: [String] = {
        let dir = fixtures.appendingPathComponent("pipelines/bad").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
    }()

    @Test func thereAreAtLeastTenMalformedFixtures() {
        #expect(Self.badFiles.count >= 10)
    }

    @Test(arguments: badFiles)
    func malformedFileIsReportedAtItsPosition(_ name: String) throws {
        let path = fixtures.appendingPathComponent("pipelines/bad/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let header = try #require(text.split(separator: "\n").first)
        let parts = header.dropFirst("# expect ".count).split(separator: " ", maxSplits: 1)
        let position = parts[0].split(separator: ":").map { Int($0)! }
        let fragment = String(parts[1])
        let (_, log) = PipelineLoader(environment: [:]).load(path: path)
        let hit = log.diagnostics.first { $0.message.contains(fragment) }
        #expect(hit != nil, "no diagnostic containing \"\(fragment)\"; got: \(log.diagnostics.map(\.description))")
        #expect(hit?.location.line == position[0], "\(hit?.description ?? "")")
        #expect(hit?.location.column == position[1], "\(hit?.description ?? "")")
        #expect(hit?.location.file == path)
    }

    @Test func goodFileLoadsWithItsDefaults() throws {
        let path = fixtures.appendingPathComponent("pipelines/good/minimal.yml").path
        let (spec, log) = PipelineLoader(environment: [:]).load(path: path)
        #expect(log.diagnostics.isEmpty, "\(log.diagnostics)")
        let s = try #require(spec)
        #expect(s.name == "minimal")
        #expect(s.sources.map(\.name) == ["people"])
        #expect(s.sources[0].target == "people")
        #expect(s.sources[0].batchSize == 4096)
        #expect(s.sources[0].onError == .quarantine)
        #expect(s.cleanse.defaultRules.map(\.name) == ["nfc", "trim"])
        #expect(s.load.schema == "test")
        #expect(s.load.tables[0].key == ["id"])
        #expect(s.load.tables[0].columns.map(\.type) == [.text, .text])
        #expect(s.report.dir == "reports")
        #expect(s.sha256.count == 64)
        #expect(s.directory.hasSuffix("Fixtures/pipelines/good"))
    }

    @Test func variablesAreExpandedWithDefaultsAndEscapes() throws {
        let yaml = """
            version: 1
            name: ${NAME}
            description: costs $$5 in ${PLACE:-Huế}
            sources:
              - { name: s, path: a.csv, format: csv, fields: { id: id } }
            load:
              database: ${DB_URL}
              tables: { t: { key: id, columns: { id: text } } }
            """
        let env = ["NAME": "nightly", "DB_URL": "postgresql://u:secret@db/x"]
        let (spec, log) = PipelineLoader(environment: env).parse(text: yaml, file: "p.yml", directory: ".")
        #expect(log.diagnostics.isEmpty, "\(log.diagnostics)")
        #expect(spec?.name == "nightly")
        #expect(spec?.description == "costs $5 in Huế")
        #expect(spec?.load.database == "postgresql://u:secret@db/x")
    }

    @Test func everyProblemIsReportedNotOnlyTheFirst() {
        let yaml = """
            version: 1
            name: x
            sources:
              - { name: s, path: a.csv, format: tsv, fields: { id: id }, colour: red }
            load:
              tables: { t: { key: nope, columns: { id: uuid } } }
            """
        let (_, log) = PipelineLoader(environment: [:]).parse(text: yaml, file: "p.yml", directory: ".")
        let messages = log.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("unknown format 'tsv'") })
        #expect(messages.contains { $0.contains("unknown key 'colour'") })
        #expect(messages.contains { $0.contains("key field 'nope'") })
        #expect(messages.contains { $0.contains("unknown column type 'uuid'") })
    }

    @Test func renderedDiagnosticPointsAtTheColumn() throws {
        let yaml = "version: 1\nname: x\nsources: []\nload:\n  tables: { t: { key: id, columns: { id: txt } } }\n"
        let (_, log) = PipelineLoader(environment: [:]).parse(text: yaml, file: "p.yml", directory: ".")
        let d = try #require(log.diagnostics.first { $0.message.contains("txt") })
        #expect(d.rendered == """
            p.yml:5:42: error: unknown column type 'txt'; expected one of: text, integer, bigint, numeric, boolean, date, timestamptz, timestamp, jsonb
              tables: { t: { key: id, columns: { id: txt } } }
                                                     ^
            """)
    }

    @Test func registerSourcesShareTheirLayoutThroughAnAlias() throws {
        let path = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("pipelines/registers.yml").path
        let (spec, log) = PipelineLoader(environment: [:]).load(path: path)
        #expect(log.diagnostics.isEmpty, "\(log.diagnostics)")
        let s = try #require(spec)
        #expect(s.sources.count == 6)
        for source in s.sources {
            let register = try #require(source.register)
            guard case .scan = source.format else {
                Issue.record("\(source.name) is not read as scans")
                continue
            }
            #expect(register.columns.map(\.kind) == [.sequence, .entryNumber, .personName, .date, .address, .vocabulary, .date])
            #expect(register.columns[5].values.count == 13)
            #expect(register.columns.map(\.isNumeric) == [true, true, false, true, false, false, true])
            #expect(register.columns[6].nonDecreasing && !register.columns[3].nonDecreasing)
            #expect(register.minConfidence == 80 && register.manualKeyingShare == 0.3)
            #expect(source.fields.count == 17)
            #expect(source.neededColumns == register.columns.map(\.name))
        }
        #expect(s.sources.map { $0.register?.context.year } == [2008, 2012, 2018, 2015, 2015, 2019])
        #expect(s.sources[2].register?.context.commune == "xã Yết Kiêu")
        // The alias stands for the anchored node: its positions are the anchor's.
        #expect(s.sources[5].register?.columns[0].location == s.sources[0].register?.columns[0].location)
    }

    @Test func typedRegisterReadsItsColumnsUnderTheirHeaders() throws {
        let yaml = """
            version: 1
            name: x
            sources:
              - name: book
                path: book.csv
                format: csv
                register:
                  columns:
                    - { name: stt, type: sequence, header: STT }
                    - { name: issued_on, type: date, header: "Ngày cấp", carry_down: true, non_decreasing: true }
                  context: { commune: xã Cát Trinh, year: 2019, book: "02" }
                  min_confidence: 90
                  manual_keying_share: 0.25
                  threads: 2
                fields: { id: register.ref, stt: stt, issued_on: issued_on, book: register.book }
            load:
              tables: { t: { key: id, columns: { id: text, stt: integer, issued_on: date, book: text } } }
            """
        let (spec, log) = PipelineLoader(environment: [:]).parse(text: yaml, file: "p.yml", directory: ".")
        #expect(log.diagnostics.isEmpty, "\(log.diagnostics)")
        let register = try #require(spec?.sources.first?.register)
        #expect(spec?.sources.first?.neededColumns == ["STT", "Ngày cấp"])
        #expect(register.columns[1].carryDown && register.columns[1].nonDecreasing && !register.columns[0].carryDown)
        #expect(register.context == .init(commune: "xã Cát Trinh", year: 2019, book: "02"))
        #expect(register.minConfidence == 90 && register.manualKeyingShare == 0.25 && register.threads == 2)
    }
}
