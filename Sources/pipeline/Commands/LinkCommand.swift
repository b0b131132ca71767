import ArgumentParser
import Cleanse
import Core
import Extract
import Foundation

/// `pipeline link FILE --entity NAME`: reads and cleanses the entity's table's sources as a run
/// would, links the records by the pipeline file's `dedupe` entry, and writes the entities and
/// the scored pairs as CSV; no database.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link records by a 'dedupe' entity of the pipeline file, without a database; write entities and pairs.",
        discussion: """
            Every source of the entity's table is read and cleansed; records refused by cleansing \
            are left out. The records are blocked, compared, the model's m and u probabilities \
            estimated from the data (u from random pairs, m by expectation-maximisation), pairs \
            scored, and those at or above match_probability clustered into entities. Writes \
            OUT/<entity>-entities.csv (record key, entity: the key of the entity's first record) \
            and OUT/<entity>-pairs.csv (every pair at or above review_probability with its match \
            weight per comparison), and prints the figures.
            Exit status: 0 success, 64 invalid pipeline file or unknown entity, 1 unreadable data.
            """)

    @Argument(help: "The pipeline file (YAML).")
    var file: String

    @Option(name: .long, help: "The 'dedupe' entry to link (default: the only one).")
    var entity: String?

    @Option(name: .long, help: "Directory for the CSV files (default: report.dir).")
    var out: String?

    @Flag(name: .long, help: "Print the figures as JSON on stdout.")
    var json = false

    struct Figures: Codable {
        var entity: String
        var records: Int
        var pairsCompared: Int
        var pairsByRule: [Int]
        var skippedBlocks: Int
        var skippedRecords: Int
        var iterations: Int
        var prior: Double
        var matches: Int
        var review: Int
        var entities: Int
        var readSeconds: Double
        var linkSeconds: Double
        var writeSeconds: Double
        var peakMemoryMiB: Double?
        var m: [[Double]]
        var u: [[Double]]

        enum CodingKeys: String, CodingKey {
            case entity, records, pairsCompared = "pairs_compared", pairsByRule = "pairs_by_rule"
            case skippedBlocks = "skipped_blocks", skippedRecords = "skipped_records", iterations, prior, matches, review
            case entities, readSeconds = "read_seconds", linkSeconds = "link_seconds", writeSeconds = "write_seconds", peakMemoryMiB = "peak_memory_mib", m, u
        }
    }

    func run() throws {
        let (spec, plan) = try PipelineValidator.loadOrFail(path: file, consequence: "nothing was linked")
        guard let linkage = entity.map({ e in spec.dedupe.first { $0.name == e } }) ?? (spec.dedupe.count == 1 ? spec.dedupe.first : nil),
              let table = spec.load.tables.first(where: { $0.name == linkage.table })
        else {
            let names = spec.dedupe.map(\.name).joined(separator: ", ")
            Console.error("error: \(entity.map { "no 'dedupe' entity '\($0)'" } ?? "name the entity with --entity")"
                          + (names.isEmpty ? "; the pipeline file has no 'dedupe' section" : "; entities are: \(names)"))
            throw ExitCodes.badPipelineFile
        }
        let clock = ContinuousClock()
        let start = clock.now
        var linker = RecordLinker(spec: linkage)
        let columns = linker.fields.map { f in table.columns.firstIndex { $0.name == f }! }
        let keyColumns = table.key.compactMap { k in table.columns.firstIndex { $0.name == k } }
        do throws(ExtractError) {
            for source in spec.sources where source.target == table.name {
                var extractor = try spec.offlineReader(for: source)
                var cleanser = RecordCleanser(plan: plan, source: source, table: table)
                while let batch = try extractor.nextBatch() {
                    let clean = cleanser.cleanse(batch)
                    for row in clean.rows {
                        let key = keyColumns.map { row[$0] ?? "" }.joined(separator: "|")
                        linker.add(key: key, values: columns.map { row[$0] })
                    }
                }
            }
        } catch {
            Console.error("\(error)")
            throw ExitCodes.failure
        }
        let read = clock.now
        let result = linker.link(threads: ProcessInfo.processInfo.activeProcessorCount)
        let linked = clock.now
        let keys = linker.records.keys
        let dir = out ?? spec.report.dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var entities: [UInt8] = Array("key,entity\n".utf8)
        entities.reserveCapacity(keys.count * 24)
        for (i, label) in result.labels.enumerated() {
            Self.appendCSV(keys[i], to: &entities)
            entities.append(UInt8(ascii: ","))
            Self.appendCSV(keys[label], to: &entities)
            entities.append(UInt8(ascii: "\n"))
        }
        try Data(entities).write(to: URL(fileURLWithPath: "\(dir)/\(linkage.name)-entities.csv"))
        var pairs: [UInt8] = Array(("key_a,key_b,probability,match_weight,"
            + linker.comparisons.map { "w_\($0.field)" }.joined(separator: ",") + "\n").utf8)
        var weightsByPattern: [PairWeightsKey: [UInt8]] = [:]
        for p in result.pairs {
            Self.appendCSV(keys[Int(p.a)], to: &pairs)
            pairs.append(UInt8(ascii: ","))
            Self.appendCSV(keys[Int(p.b)], to: &pairs)
            pairs.append(UInt8(ascii: ","))
            Number.appendFixed(p.probability, 6, to: &pairs)
            let cacheKey = PairWeightsKey(pattern: p.pattern, adjustment: p.adjustment.bitPattern)
            if let cached = weightsByPattern[cacheKey] {
                pairs.append(contentsOf: cached)
            } else {
                // The weights depend on the pattern and the term-frequency weight only: formatted once per pair of them.
                let (weights, total) = result.weights(of: p)
                var text: [UInt8] = [UInt8(ascii: ",")]
                Number.appendFixed(total, 3, to: &text)
                for w in weights {
                    text.append(UInt8(ascii: ","))
                    if let w { Number.appendFixed(w, 3, to: &text) }
                }
                text.append(UInt8(ascii: "\n"))
                weightsByPattern[cacheKey] = text
                pairs.append(contentsOf: text)
            }
        }
        try Data(pairs).write(to: URL(fileURLWithPath: "\(dir)/\(linkage.name)-pairs.csv"))
        let written = clock.now
        let figures = Figures(
            entity: linkage.name, records: keys.count, pairsCompared: result.pairsCompared, pairsByRule: result.pairsByRule,
            skippedBlocks: result.skippedBlocks, skippedRecords: result.skippedRecords, iterations: result.iterations,
            prior: result.model.prior, matches: result.pairs.filter { $0.probability >= linkage.matchProbability }.count,
            review: result.pairs.filter { $0.probability < linkage.matchProbability }.count,
            entities: Set(result.labels).count, readSeconds: (read - start).inSeconds, linkSeconds: (linked - read).inSeconds,
            writeSeconds: (written - linked).inSeconds,
            peakMemoryMiB: PeakMemory.mebibytes(), m: result.model.m, u: result.model.u)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            Console.out(String(decoding: try encoder.encode(figures), as: UTF8.self))
        } else {
            Console.out("link \(linkage.name): \(figures.records) records -> \(figures.entities) entities | "
                        + "\(figures.pairsCompared) pairs compared (by rule: \(figures.pairsByRule.map(String.init).joined(separator: ", "))), "
                        + "\(figures.matches) matched, \(figures.review) to review | EM \(figures.iterations) iterations, "
                        + "prior \(String(format: "%.4f", figures.prior)) | read \(String(format: "%.1f", figures.readSeconds)) s, "
                        + "link \(String(format: "%.1f", figures.linkSeconds)) s, write \(String(format: "%.1f", figures.writeSeconds)) s")
            if figures.skippedBlocks > 0 {
                Console.out("  \(figures.skippedBlocks) blocks over max_block_size (\(figures.skippedRecords) records) were not expanded")
            }
            for (k, c) in linker.comparisons.enumerated() {
                let levels = result.model.m[k].indices.map { l in
                    String(format: "%.3f/%.4f", result.model.m[k][l], result.model.u[k][l])
                }
                Console.out("  \(c.field) m/u per level: \(levels.joined(separator: "  "))")
            }
        }
    }

    /// Appends `s` as one CSV field (quoted when it holds a comma, a quote or a line break).
    static func appendCSV(_ s: String, to out: inout [UInt8]) {
        let needsQuotes = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: s.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}
