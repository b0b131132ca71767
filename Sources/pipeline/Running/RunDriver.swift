import Cleanse
import Core
import Extract
import Foundation
import Load

/// One run: reads every source, cleanses, stages and merges in one transaction, and returns the
/// summary. Nothing is committed unless every record is accounted for.
struct RunDriver {
    let spec: PipelineSpec
    let plan: CleansePlan
    let conninfo: String
    let databaseLabel: String
    /// Called after each scanned register page: pages done, total, the page's file.
    var progress: (@Sendable (Int, Int, String) -> Void)? = nil

    /// Runs the pipeline and commits it with its report in the ledger.
    /// - Returns: What the run counted, and its report (masked unless `unmasked`).
    func run(unmasked: Bool = false) throws -> (summary: RunSummary, report: CleansingReport) {
        let clock = ContinuousClock()
        let start = clock.now
        let startedAt = RunSummary.iso8601Now()
        let connection = try PGConnection(conninfo: conninfo)
        let session = try RunSession(connection: connection, plan: .init(
            pipeline: spec.name, pipelineSHA256: spec.sha256, schema: spec.load.schema,
            tables: spec.load.tables, toolVersion: Pipeline.version))
        do throws(any Error) {
            try session.begin()
            var sources: [String: RunSummary.SourceCounts] = [:]
            var flagCounts: [String: [String: Int]] = [:]
            var sourceReasons: [String: [String: Int]] = [:]
            var samples = QuarantineSamples()
            var hashers: [FileHasher] = []
            var registerCounts: [RunSummary.RegisterCounts] = []
            var registerHashes: [String: String] = [:]
            for table in spec.load.tables {
                let feeding = spec.sources.filter { $0.target == table.name }
                var extractors: [any BatchSource] = []
                var fileIds: [[String: Int32]] = []
                // Registers are read and checked whole before loading: their pages are few, and the
                // reviewers' corrections must be known first. The scanned pages of all of the
                // table's registers are read together, in parallel.
                var registers: [RegisterExtractor] = []
                for source in feeding {
                    if let register = source.register {
                        registers.append(try RegisterExtractor(source: source, register: register, baseDirectory: spec.directory))
                    }
                }
                let readings = try RegisterExtractor.readScans(registers, progress: progress)
                for (i, register) in registers.enumerated() {
                    let store = RegisterStore(connection: connection)
                    try register.prepare(corrections: try store.corrections(files: register.hashes),
                                         targetTable: "\(spec.load.schema).\(table.name)",
                                         dossiers: try register.register.dossiers.map { try dossierMatcher($0, connection: connection) },
                                         readings: readings[i])
                }
                for source in feeding {
                    let extractor: any BatchSource
                    if let register = registers.first(where: { $0.source.name == source.name }) {
                        extractor = register
                    } else {
                        extractor = try SourceExtractor(source: source, baseDirectory: spec.directory)
                    }
                    var ids: [String: Int32] = [:]
                    for f in extractor.files {
                        ids[f.name] = session.addFile(source: source.name, name: f.name, size: f.size)
                    }
                    extractors.append(extractor)
                    fileIds.append(ids)
                }
                // The files, hashed for the report while the run reads them (registers hashed theirs).
                hashers.append(FileHasher(paths: extractors.filter { !($0 is RegisterExtractor) }.flatMap { $0.files.map(\.path) }))
                for r in registers {
                    for (f, h) in zip(r.files, r.hashes) { registerHashes[f.path] = h }
                }
                var counts = [RunSummary.SourceCounts](repeating: .init(table: "\(spec.load.schema).\(table.name)"),
                                                       count: feeding.count)
                var fileStats: [[FileStats]] = []
                var perFileCounts: [String: (records: Int, rejected: Int)] = [:]
                let reader = ReaderThread()
                let cleansers = feeding.map { RecordCleanser(plan: plan, source: $0, table: table) }
                do {
                    var first = true
                    try session.write(table: table.name) { writer in
                        reader.start(extractors: extractors, cleansers: cleansers, fileIds: fileIds, encoder: writer.encoder,
                                     table: "\(spec.load.schema).\(table.name)")
                        loop: while true {
                            switch reader.take() {
                            case .end(let stats, let cleanseStats):
                                fileStats = stats
                                for (s, c) in cleanseStats.enumerated() { counts[s].cleanse = c }
                                break loop
                            case .failed(let error):
                                throw error
                            case .batch(let item):
                                if first { FaultPoint.hit("mid_copy"); first = false }
                                let s = item.source
                                perFileCounts[item.file, default: (0, 0)].records += item.recordCount
                                perFileCounts[item.file, default: (0, 0)].rejected += item.rejects.count
                                counts[s].read += item.recordCount
                                try writer.append(item.rows) { _, d in
                                    if d == .merged { counts[s].merged += 1 } else { counts[s].loaded += 1 }
                                }
                                for flag in item.flags {
                                    try session.flag(flag)
                                    flagCounts[flag.reason, default: [:]][flag.field, default: 0] += 1
                                }
                                for reject in item.rejects {
                                    try session.quarantine(reject)
                                    sourceReasons[feeding[s].name, default: [:]][reject.reason.rawValue, default: 0] += 1
                                    samples.offer(reject)
                                }
                                counts[s].quarantined += item.rejects.count
                            }
                        }
                    }
                } catch {
                    reader.cancel()
                    throw error
                }
                for register in registers {
                    try RegisterStore(connection: connection).replaceReview(files: register.hashes, runId: session.runId,
                                                                            items: register.review)
                    registerCounts.append(register.counts)
                }
                for (s, source) in feeding.enumerated() {
                    let stats = s < fileStats.count ? fileStats[s] : []
                    for f in extractors[s].files {
                        // Rejects counted per file include those of cleansing, not only the reader's.
                        let st = stats.first { $0.file == f.name }
                        let c = perFileCounts[f.name] ?? (0, 0)
                        if let id = fileIds[s][f.name] {
                            session.setFileCounts(id, records: c.records, rejected: c.rejected,
                                                  encoding: source.format.isImage ? nil : st?.encoding.rawValue, encodingConfidence: st?.encodingConfidence)
                        }
                        counts[s].files.append(.init(
                            name: f.name, path: f.path, size: f.size, records: c.records, rejected: c.rejected,
                            encoding: source.format.isImage ? nil : st?.encoding.rawValue, encodingConfidence: st?.encodingConfidence))
                    }
                    sources[source.name] = counts[s]
                }
            }
            let read = sources.values.reduce(0) { $0 + $1.read }
            let loaded = sources.values.reduce(0) { $0 + $1.loaded }
            let merged = sources.values.reduce(0) { $0 + $1.merged }
            let quarantined = sources.values.reduce(0) { $0 + $1.quarantined }
            var allReasons: [String: [String: Int]] = [:]
            for (source, reasons) in sourceReasons {
                for (reason, n) in reasons { allReasons[reason, default: [:]][source] = n }
            }
            var summary = RunSummary(
                runId: session.runId, pipeline: spec.name, pipelineFile: spec.file, pipelineSHA256: spec.sha256,
                toolVersion: Pipeline.version, database: databaseLabel, startedAt: startedAt, read: read, loaded: loaded,
                merged: merged, quarantined: quarantined,
                sources: spec.sources.compactMap { s in sources[s.name].map { (s.name, $0) } },
                quarantineReasons: allReasons, flags: flagCounts, examples: samples.all)
            summary.fileHashes = registerHashes
            for h in hashers { summary.fileHashes.merge(h.wait()) { a, _ in a } }
            summary.registers = spec.sources.compactMap { s in registerCounts.first { $0.source == s.name } }
            do throws(BudgetExceeded) {
                try checkBudgets(sources: sources, reasons: sourceReasons, read: read, quarantined: quarantined,
                                 allReasons: allReasons.mapValues { $0.values.reduce(0, +) })
            } catch {
                var failed = error
                summary.finishedAt = RunSummary.iso8601Now()
                summary.seconds = seconds(since: start, clock)
                failed.summary = summary
                throw failed
            }
            // Record linkage over each entity's table as it now stands, this run's rows included.
            let store = LinkageStore(connection: connection)
            for linkage in spec.dedupe {
                summary.linkage.append(try EntityLinking(spec: spec, linkage: linkage, store: store, runId: session.runId).run())
            }
            FaultPoint.hit("after_linkage")
            let history = try RunLedger(connection: connection)
                .history(pipeline: spec.name, upTo: session.runId - 1, limit: CleansingReport.trendRuns - 1)
            let schema = spec.load.schema
            func completed(_ outcomes: [RunSession.TableOutcome]) -> RunSummary {
                var s = summary
                for o in outcomes {
                    s.tables["\(schema).\(o.table)"] = .init(inserted: o.inserted, updated: o.updated, unchanged: o.unchanged,
                                                             merged: o.merged, clusterSizes: o.clusterSizes)
                }
                s.finishedAt = RunSummary.iso8601Now()
                s.seconds = seconds(since: start, clock)
                s.peakMemoryMiB = PeakMemory.mebibytes().map { ($0 * 10).rounded() / 10 }
                return s
            }
            // The ledger keeps the masked report: personal values stay in the data tables only.
            var masked: CleansingReport?
            _ = try session.commit(ledger: .init(
                startedAt: startedAt, recordsRead: read, quarantined: quarantined,
                summaryJSON: { outcomes in
                    summary = completed(outcomes)
                    let report = ReportBuilder(spec: spec, masked: true).build(summary, history: history)
                    masked = report
                    return report.json(pretty: false)
                }))
            if unmasked { return (summary, ReportBuilder(spec: spec, masked: false).build(summary, history: history)) }
            return (summary, masked ?? ReportBuilder(spec: spec, masked: true).build(summary, history: history))
        } catch {
            session.rollback()
            throw error
        }
    }

    /// The dossiers a register's entries may close, read from their table as it stands in this
    /// run's transaction; none when the table does not exist yet.
    private func dossierMatcher(_ link: DossierLink, connection: PGConnection) throws -> DossierMatcher {
        var dossiers: [DossierMatcher.Dossier] = []
        let fields = [link.name.dossier, link.content.dossier, link.issued.dossier] + (link.birthDate.map { [$0.dossier] } ?? [])
        guard try RegisterStore(connection: connection).tableExists(schema: link.schema, table: link.table) else {
            return DossierMatcher(dossiers: [])
        }
        try LinkageStore(connection: connection).readRecords(schema: link.schema, table: link.table, key: [link.key],
                                                              fields: fields) { key, values in
            guard let name = values[0], let content = values[1], let received = values[2] else { return }
            dossiers.append(.init(key: key, name: name, birthDate: values.count > 3 ? values[3] : nil, content: content,
                                  received: received))
        }
        return DossierMatcher(dossiers: dossiers)
    }

    /// Fails the run, before anything is committed, when a source or the run quarantined more
    /// than its `budget` allows, naming the reasons that used it up.
    private func checkBudgets(sources: [String: RunSummary.SourceCounts], reasons: [String: [String: Int]], read: Int,
                              quarantined: Int, allReasons: [String: Int]) throws(BudgetExceeded) {
        var problems: [String] = []
        func top(_ r: [String: Int]) -> String {
            r.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        for source in spec.sources {
            guard let budget = source.budget, let c = sources[source.name] else { continue }
            if budget.isExceeded(quarantined: c.quarantined, read: c.read) {
                problems.append("source '\(source.name)' quarantined \(c.quarantined) of \(c.read) records, over its budget of "
                                + "\(budget.description) (\(budget.location)); by reason: \(top(reasons[source.name] ?? [:]))")
            }
        }
        if let budget = spec.budget, budget.isExceeded(quarantined: quarantined, read: read) {
            problems.append("the run quarantined \(quarantined) of \(read) records, over its budget of \(budget.description) "
                            + "(\(budget.location)); by reason: \(top(allReasons))")
        }
        if !problems.isEmpty { throw BudgetExceeded(problems: problems) }
    }

    private func seconds(since start: ContinuousClock.Instant, _ clock: ContinuousClock) -> Double {
        (clock.now - start).inSeconds
    }
}

/// A source or the run quarantined more than its `budget` allows; nothing was committed.
struct BudgetExceeded: Error, CustomStringConvertible {
    var problems: [String]
    /// What the run counted before it stopped, for its report.
    var summary: RunSummary?

    var description: String {
        problems.map { "error: \($0)" }.joined(separator: "\n")
    }
}
