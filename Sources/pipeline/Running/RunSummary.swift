import Cleanse
import Core
import Foundation

/// What a run did, as the driver counted it: the facts the cleansing report is built from.
struct RunSummary {
    struct SourceCounts {
        var table = ""
        var read = 0
        var loaded = 0
        var merged = 0
        var quarantined = 0
        var files: [FileCounts] = []
        /// What cleansing did to each field (see Cleanse's `CleanseStats`).
        var cleanse = CleanseStats(fields: [])
    }

    struct FileCounts {
        var name: String
        /// The file on disk (the archive, for a zip member).
        var path: String
        var size: Int64
        var records: Int
        var rejected: Int
        /// The character encoding read, declared or detected.
        var encoding: String?
        /// For a detected encoding, how sure the detection was.
        var encodingConfidence: Double?
    }

    struct TableCounts {
        var inserted: Int
        var updated: Int
        var unchanged: Int
        var merged: Int
        /// Entities that absorbed merged records: size -> how many.
        var clusterSizes: [Int: Int]
    }

    var runId: Int64
    var pipeline: String
    var pipelineFile: String
    var pipelineSHA256: String
    var toolVersion: String
    var database: String
    var startedAt: String
    var finishedAt = ""
    var seconds: Double = 0
    var read: Int
    var loaded: Int
    var merged: Int
    var quarantined: Int
    /// In the order the pipeline file lists them.
    var sources: [(name: String, counts: SourceCounts)]
    var tables: [String: TableCounts] = [:]
    /// Quarantined records by reason, then by source.
    var quarantineReasons: [String: [String: Int]]
    /// Flagged values by reason, then by field.
    var flags: [String: [String: Int]]
    /// The first few quarantined records of each reason, by source, file and record number.
    var examples: [Reject]
    /// What each register source gave, in the order the pipeline file lists them.
    var registers: [RegisterCounts] = []
    /// What record linkage gave, per `dedupe` entity.
    var linkage: [EntityLinking.Outcome] = []
    /// SHA-256 of each input file on disk, by path.
    var fileHashes: [String: String] = [:]
    /// The process's peak resident memory in MiB, when known.
    var peakMemoryMiB: Double?

    /// One register source's pages, entries and doubt.
    struct RegisterCounts {
        var source: String
        var pages = 0
        var manualKeying = 0
        var entries = 0
        var fields = 0
        var review: [String: Int] = [:]
        var corrected: [String: Int] = [:]
        var reviewed = 0
        var linked = 0
        var ambiguous = 0
    }

    /// The current time in ISO 8601 with milliseconds, as the ledger's `started_at` takes it.
    static func iso8601Now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
