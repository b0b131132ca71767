import ArgumentParser
import Cleanse
import Core
import Extract
import Foundation

/// `pipeline scan FILE`: reads and cleanses every source as a run would, without a database,
/// and prints what each source gave and how fast.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read and cleanse the sources as a run would, without a database; print counts and speed.",
        discussion: """
            A dry run of extract and cleanse: every record is read, decoded, parsed, mapped and \
            checked, and counted as a row or by its quarantine reason. Nothing is written. \
            Useful before a first load and to measure reading speed.
            Exit status: 0 success, 64 invalid pipeline file or unknown source, 1 unreadable data.
            """)

    @Argument(help: "The pipeline file (YAML).")
    var file: String

    @Option(name: .long, help: "Only this source (its 'name').")
    var source: String?

    @Flag(name: .long, help: "Print the figures as JSON on stdout.")
    var json = false

    @Flag(name: .customLong("extract-only"), help: "Parse records but do not map or cleanse them.")
    var extractOnly = false

    @Flag(name: .customLong("decode-only"), help: "Only decompress and decode the text to UTF-8; do not parse it.")
    var decodeOnly = false

    func validate() throws {
        if extractOnly && decodeOnly { throw ValidationError("--extract-only and --decode-only exclude each other") }
    }

    struct SourceScan: Codable {
        var source: String
        var records = 0
        var rows = 0
        var quarantined = 0
        var reasons: [String: Int] = [:]
        var bytesRead: Int64 = 0
        var bytesDecoded: Int64 = 0
        var seconds = 0.0
        /// Of `seconds`, the time spent mapping and cleansing (on the reading thread).
        var cleanseSeconds = 0.0
        var files: [FileScan] = []
        /// On the last source: the process's peak resident memory in MiB.
        var peakMemoryMiB: Double?

        enum CodingKeys: String, CodingKey {
            case source, records, rows, quarantined, reasons, seconds, files, cleanseSeconds = "cleanse_seconds"
            case peakMemoryMiB = "peak_memory_mib"
            case bytesRead = "bytes_read", bytesDecoded = "bytes_decoded"
        }
    }

    struct FileScan: Codable {
        var name: String
        var records: Int
        /// `nil` for page images, which have no text encoding.
        var encoding: String?
        var encodingConfidence: Double?
        var gzip: Bool

        enum CodingKeys: String, CodingKey {
            case name, records, encoding, encodingConfidence = "encoding_confidence", gzip
        }
    }

    func run() throws {
        let (spec, plan) = try PipelineValidator.loadOrFail(path: file, consequence: "nothing was read")
        let sources = try source.map { [try PipelineValidator.source(named: $0, in: spec, file: file)] } ?? spec.sources
        var scans: [SourceScan] = []
        do throws(ExtractError) {
            for source in sources {
                guard let table = spec.table(for: source) else { continue }
                scans.append(try scan(source, table: table, spec: spec, plan: plan))
                if !json { print(scans.last!) }
            }
        } catch {
            Console.error("\(error)")
            throw ExitCodes.failure
        }
        if json {
            if let peak = PeakMemory.mebibytes(), !scans.isEmpty { scans[scans.count - 1].peakMemoryMiB = peak }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(scans), as: UTF8.self))
        }
    }

    private func scan(_ source: SourceSpec, table: TableSpec, spec: PipelineSpec, plan: CleansePlan) throws(ExtractError)
        -> SourceScan
    {
        let clock = ContinuousClock()
        let start = clock.now
        var extractor = try spec.offlineReader(for: source)
        var cleanser = RecordCleanser(plan: plan, source: source, table: table)
        var out = SourceScan(source: source.name)
        var allStats: [FileStats]
        if decodeOnly, let plain = extractor as? SourceExtractor {
            allStats = try plain.decodeOnly()
        } else {
            while let batch = try extractor.nextBatch() {
                out.records += batch.recordCount
                if extractOnly {
                    out.rows += batch.rows.count
                    out.quarantined += batch.rejects.count
                    for reject in batch.rejects { out.reasons[reject.reason.rawValue, default: 0] += 1 }
                    continue
                }
                let before = clock.now
                let clean = cleanser.cleanse(batch)
                let spent = clock.now - before
                out.cleanseSeconds += spent.inSeconds
                out.rows += clean.rows.count
                out.quarantined += clean.rejects.count
                for reject in clean.rejects { out.reasons[reject.reason.rawValue, default: 0] += 1 }
            }
            allStats = extractor.fileStats
        }
        let elapsed = clock.now - start
        out.seconds = elapsed.inSeconds
        for stats in allStats {
            out.bytesRead += stats.bytesRead
            out.bytesDecoded += stats.bytesDecoded
            out.files.append(FileScan(name: stats.file, records: stats.records,
                                      encoding: source.format.isImage ? nil : stats.encoding.rawValue,
                                      encodingConfidence: stats.encodingConfidence, gzip: stats.isGzip))
        }
        return out
    }

    private func print(_ s: SourceScan) {
        let mb = Double(s.bytesDecoded) / 1e6
        let rate = s.seconds > 0 ? mb / s.seconds : 0
        let counts = decodeOnly ? "decoded only" : "read \(s.records) = rows \(s.rows) + quarantined \(s.quarantined)"
        Console.out("source \(s.source): \(counts)"
                    + " | \(s.bytesRead) bytes read, \(s.bytesDecoded) decoded"
                    + " | \(String(format: "%.2f", s.seconds)) s, \(String(format: "%.1f", rate)) MB/s decoded"
                    + (s.cleanseSeconds > 0
                        ? " | cleansing \(String(format: "%.2f", s.cleanseSeconds)) s, \(Int(Double(s.records) / s.cleanseSeconds)) records/s"
                        : ""))
        for (reason, count) in s.reasons.sorted(by: { $0.key < $1.key }) {
            Console.out("  \(reason): \(count)")
        }
        for f in s.files {
            let how = f.encodingConfidence.map { " (detected, confidence \(String(format: "%.2f", $0)))" } ?? ""
            Console.out("  file \(f.name): \(f.records) records, \(f.gzip ? "gzip, " : "")"
                        + (f.encoding.map { "encoding \($0)\(how)" } ?? "page images"))
        }
    }
}
