import Foundation

/// The cleansing report of one run: what came in, what was fixed, merged and rejected.
///
/// Written as `report.dir/run-N.json` and `run-N.html`, stored in `etl.runs.summary`, and read
/// back by `pipeline report`. The schema is `motcua.report/1` (README.md, "The cleansing
/// report"); arrays are in a fixed order, so two runs over the same input give the same JSON
/// apart from the fields ``comparable()`` blanks (times, durations, memory, database label).
/// Personal values are masked when the report is built, unless `--unmasked` asks otherwise.
struct CleansingReport: Codable, Equatable {
    static let schemaName = "motcua.report/1"

    var schema = CleansingReport.schemaName
    var manifest: Manifest
    var reconciliation: Reconciliation
    var fields: [FieldReport]
    var quarantine: Quarantine
    var flags: Flags
    var dedup: Dedup?
    var units: [UnitsReport]
    /// Register sources (paper result registers), when the pipeline has any.
    var registers: [RegisterReport]?
    /// The same key figures over the last runs of this pipeline, oldest first, this run last.
    var trends: [TrendPoint]
    /// Whether personal values in this report are masked (the default).
    var masked: Bool

    struct Manifest: Codable, Equatable {
        var runId: Int64
        var pipeline: String
        var pipelineFile: String
        var pipelineSHA256: String
        var toolVersion: String
        /// The database, with any password replaced.
        var database: String
        var startedAt: String
        var finishedAt: String
        var seconds: Double
        /// `succeeded`, or `failed` for a run that committed nothing.
        var status: String
        var exitStatus: Int32
        /// Why a failed run failed.
        var failure: String?
        var peakMemoryMiB: Double?
        var inputs: [Input]

        enum CodingKeys: String, CodingKey {
            case runId = "run_id", pipeline, pipelineFile = "pipeline_file", pipelineSHA256 = "pipeline_sha256"
            case toolVersion = "tool_version", database, startedAt = "started_at", finishedAt = "finished_at", seconds
            case status, exitStatus = "exit_status", failure, peakMemoryMiB = "peak_memory_mib", inputs
        }
    }

    /// One input file as the run read it.
    struct Input: Codable, Equatable {
        var source: String
        /// As the pipeline file names it, relative to the file's directory where it lies below.
        var file: String
        var size: Int64
        /// SHA-256 of the file on disk (of the archive, for a zip member).
        var sha256: String?
        var encoding: String?
        var encodingConfidence: Double?
        var records: Int
        var rejected: Int

        enum CodingKeys: String, CodingKey {
            case source, file, size, sha256, encoding, encodingConfidence = "encoding_confidence", records, rejected
        }
    }

    struct Reconciliation: Codable, Equatable {
        var read: Int
        var loaded: Int
        var merged: Int
        var quarantined: Int
        /// `read == loaded + merged + quarantined`, over the run and for every source.
        var balanced: Bool
        var sources: [SourceLine]
        var tables: [TableLine]
    }

    struct SourceLine: Codable, Equatable {
        var source: String
        var table: String
        var read: Int
        var loaded: Int
        var merged: Int
        var quarantined: Int
        var balanced: Bool
    }

    struct TableLine: Codable, Equatable {
        var table: String
        var inserted: Int
        var updated: Int
        var unchanged: Int
    }

    /// One field of one source, before and after cleansing.
    struct FieldReport: Codable, Equatable {
        var source: String
        var field: String
        var records: Int
        var filledBefore: Int
        var filledAfter: Int
        /// Values present as read that every rule passed unchanged.
        var validBefore: Int
        /// Values kept after cleansing that no rule flagged.
        var validAfter: Int
        var flagged: Int
        var rejected: Int
        var rules: [RuleLine]
        /// Shapes of the values rules flagged or refused (digits as 9, letters as a/A), most
        /// frequent first.
        var invalidPatterns: [Count]

        enum CodingKeys: String, CodingKey {
            case source, field, records, filledBefore = "filled_before", filledAfter = "filled_after"
            case validBefore = "valid_before", validAfter = "valid_after", flagged, rejected, rules
            case invalidPatterns = "invalid_patterns"
        }
    }

    struct RuleLine: Codable, Equatable {
        var rule: String
        var seen: Int
        var changed: Int
        var flagged: Int
        var rejected: Int
    }

    /// A named count (a reason, a pattern, a unit).
    struct Count: Codable, Equatable {
        var key: String
        var count: Int
    }

    struct Quarantine: Codable, Equatable {
        var total: Int
        var byReason: [ReasonLine]
        /// A few records per reason, personal values masked.
        var examples: [Example]
        /// How to fetch every quarantined record of this run.
        var query: String

        enum CodingKeys: String, CodingKey {
            case total, byReason = "by_reason", examples, query
        }
    }

    struct ReasonLine: Codable, Equatable {
        var reason: String
        var count: Int
        /// Per source, sorted by source name.
        var sources: [Count]
    }

    struct Example: Codable, Equatable {
        var reason: String
        var source: String
        var file: String
        var line: Int64
        var field: String?
        var detail: String
        /// The original record as JSON text.
        var record: String
    }

    struct Flags: Codable, Equatable {
        var total: Int
        /// Per reason, with the fields flagged.
        var byReason: [ReasonLine]
        var query: String

        enum CodingKeys: String, CodingKey {
            case total, byReason = "by_reason", query
        }
    }

    /// De-duplication: exact merges by each table's key, and record linkage per entity.
    struct Dedup: Codable, Equatable {
        var tables: [DedupTable]
        /// One per `dedupe` entity, when the pipeline links any.
        var linkage: [LinkedEntity]?
    }

    /// One `dedupe` entity after linking.
    struct LinkedEntity: Codable, Equatable {
        var entity: String
        var table: String
        var records: Int
        var entities: Int
        var pairsCompared: Int
        /// Pairs joined (scored at or above the match probability, or decided by a reviewer).
        var matches: Int
        var reviewQueue: Int
        var decisionsApplied: Int
        /// Entities that kept the id an earlier run gave them.
        var entitiesKept: Int
        var clusterSizes: [SizeCount]
        /// The closest calls among the matches, with each comparison's weight.
        var examples: [ExplainedMatch]
        var matchesQuery: String
        var reviewQuery: String
        /// `full` (every record linked, the model estimated) or `incremental` (only the new and
        /// changed records compared, with a stored model).
        var mode: String?
        /// Why a run that could have linked incrementally linked everything.
        var relinkReason: String?
        /// Incremental: records compared as new or changed, and records gone from the table.
        var changedRecords: Int?
        var removedRecords: Int?
        /// The run that estimated the model used.
        var modelRun: Int64?
        /// Reading the records, linking and storing what it gave.
        var seconds: Double?

        enum CodingKeys: String, CodingKey {
            case entity, table, records, entities, pairsCompared = "pairs_compared", matches, reviewQueue = "review_queue"
            case decisionsApplied = "decisions_applied", entitiesKept = "entities_kept", clusterSizes = "cluster_sizes"
            case examples, matchesQuery = "matches_query", reviewQuery = "review_query"
            case mode, relinkReason = "relink_reason", changedRecords = "changed_records", removedRecords = "removed_records"
            case modelRun = "model_run", seconds
        }
    }

    struct ExplainedMatch: Codable, Equatable {
        var keyA: String
        var keyB: String
        var probability: Double
        var matchWeight: Double
        /// Per compared field, its weight (`nil`: no evidence).
        var weights: [FieldWeight]

        enum CodingKeys: String, CodingKey {
            case keyA = "key_a", keyB = "key_b", probability, matchWeight = "match_weight", weights
        }
    }

    struct FieldWeight: Codable, Equatable {
        var field: String
        var weight: Double?
    }

    struct DedupTable: Codable, Equatable {
        var table: String
        /// The rule records were merged by, e.g. `key dossier_code`.
        var rule: String
        var merged: Int
        /// Records per entity: how many entities have 1, 2, 3... records.
        var clusterSizes: [SizeCount]

        enum CodingKeys: String, CodingKey {
            case table, rule, merged, clusterSizes = "cluster_sizes"
        }
    }

    struct SizeCount: Codable, Equatable {
        var size: Int
        var clusters: Int
    }

    /// One `cleanse.units` step: where records landed among the new units.
    struct UnitsReport: Codable, Equatable {
        var source: String
        var address: String
        var mapped: Int
        var unknown: Int
        var ambiguous: Int
        var provinces: [UnitCount]
        /// The communes with the most records (at most ``UnitsReport/communeLimit``).
        var communes: [UnitCount]
        /// How many distinct new communes records were mapped to.
        var communesTotal: Int
        /// Old units that could not be mapped, with how many records named them.
        var unmapped: [Count]

        static let communeLimit = 40

        enum CodingKeys: String, CodingKey {
            case source, address, mapped, unknown, ambiguous, provinces, communes, communesTotal = "communes_total"
            case unmapped
        }
    }

    /// One register source: pages read, entries, and the doubt found.
    struct RegisterReport: Codable, Equatable {
        var source: String
        /// Page images (scans) or files (typed registers) read.
        var pages: Int
        /// Pages sent whole to manual keying (quarantined as `manual_keying`).
        var manualKeying: Int
        var entries: Int
        /// Non-empty fields of the entries.
        var fields: Int
        /// Fields waiting for a reviewer (`etl.register_review`), by reason.
        var review: [Count]
        /// Fields validation corrected with certainty, by reason.
        var corrected: [Count]
        /// Fields given a reviewer's correction.
        var reviewed: Int
        /// Entries linked to the dossier they close, and entries several dossiers fit.
        var linked: Int
        var ambiguous: Int
        var query: String

        enum CodingKeys: String, CodingKey {
            case source, pages, manualKeying = "manual_keying", entries, fields, review, corrected, reviewed, linked, ambiguous
            case query
        }
    }

    struct UnitCount: Codable, Equatable {
        var code: String
        var name: String
        var records: Int
    }

    /// One run's key figures.
    struct TrendPoint: Codable, Equatable {
        var runId: Int64
        var startedAt: String
        var read: Int
        var loaded: Int
        var merged: Int
        var quarantined: Int
        var flagged: Int
        var seconds: Double

        enum CodingKeys: String, CodingKey {
            case runId = "run_id", startedAt = "started_at", read, loaded, merged, quarantined, flagged, seconds
        }
    }

    enum CodingKeys: String, CodingKey {
        case schema, manifest, reconciliation, fields, quarantine, flags, dedup, units, registers, trends, masked
    }
}

extension CleansingReport {
    /// The report as JSON: keys sorted, arrays in their fixed order.
    func json(pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Decodes a stored report.
    /// - Throws: `DecodingError` when the text is not a `motcua.report/1` report.
    static func decode(_ text: String) throws -> CleansingReport {
        try JSONDecoder().decode(CleansingReport.self, from: Data(text.utf8))
    }

    /// The report with what differs between two runs of the same input blanked: times,
    /// durations, peak memory, and where the pipeline file and the database were (golden files
    /// compare this).
    func comparable() -> CleansingReport {
        var r = self
        r.manifest.pipelineFile = ""
        r.manifest.startedAt = ""
        r.manifest.finishedAt = ""
        r.manifest.seconds = 0
        r.manifest.peakMemoryMiB = nil
        r.manifest.database = ""
        r.trends = trends.map { var t = $0; t.startedAt = ""; t.seconds = 0; return t }
        return r
    }
}
