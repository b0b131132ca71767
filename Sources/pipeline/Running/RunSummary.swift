import Cleanse
import Foundation

/// What a run did, as stored in `etl.runs.summary`, written to the report directory, and shown
/// as the one summary line.
struct RunSummary: Codable {
    struct SourceCounts: Codable {
        var read = 0
        var loaded = 0
        var merged = 0
        var quarantined = 0
        var files: [FileCounts] = []
        /// Per field: what its rules did (see Cleanse's `CleanseStats`).
        var fields: [CleanseStats.Field] = []
    }

    struct FileCounts: Codable {
        var name: String
        var size: Int64
        var records: Int
        var rejected: Int
        /// The character encoding read, declared or detected.
        var encoding: String?
        /// For a detected encoding, how sure the detection was.
        var encodingConfidence: Double?

        enum CodingKeys: String, CodingKey {
            case name, size, records, rejected, encoding, encodingConfidence = "encoding_confidence"
        }
    }

    struct TableCounts: Codable {
        var inserted: Int
        var updated: Int
        var unchanged: Int
    }

    var runId: Int64
    var pipeline: String
    var pipelineSHA256: String
    var toolVersion: String
    var database: String
    var startedAt: String
    var seconds: Double
    var read: Int
    var loaded: Int
    var merged: Int
    var quarantined: Int
    var sources: [String: SourceCounts]
    var tables: [String: TableCounts]
    var quarantineReasons: [String: Int]
    /// Flagged values by reason (records loaded with a doubtful value, see `etl.flags`).
    var flags: [String: Int]
    /// The process's peak resident memory in MiB, when known.
    var peakMemoryMiB: Double?

    enum CodingKeys: String, CodingKey {
        case runId = "run_id", pipeline, pipelineSHA256 = "pipeline_sha256", toolVersion = "tool_version"
        case database, startedAt = "started_at", seconds, read, loaded, merged, quarantined
        case sources, tables, quarantineReasons = "quarantine_reasons", flags, peakMemoryMiB = "peak_memory_mib"
    }

    /// The one line `pipeline run` prints.
    var line: String {
        let ins = tables.values.reduce(0) { $0 + $1.inserted }
        let upd = tables.values.reduce(0) { $0 + $1.updated }
        let unch = tables.values.reduce(0) { $0 + $1.unchanged }
        return "run \(runId) \(pipeline): read \(read) = loaded \(loaded) + merged \(merged) + quarantined \(quarantined)"
            + " | inserted \(ins), updated \(upd), unchanged \(unch)"
            + " | \(String(format: "%.1f", seconds)) s"
    }

    /// The stored JSON (keys sorted, so equal runs give equal text).
    func json(pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The current time in ISO 8601 with milliseconds, as the ledger's `started_at` takes it.
    static func iso8601Now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
