/// Where record linkage keeps what it decided, in the run's transaction: which entity each record
/// belongs to (`etl.entities`), the pairs matched with their weights (`etl.matches`), the pairs
/// waiting for a reviewer (`etl.review`), the reviewers' decisions (`etl.review_decisions`,
/// written by people and applied on every run), each run's model (`etl.linkage_models`) and the
/// pairs the last run kept (`etl.linkage_pairs`), which the next run's incremental linking
/// starts from.
public struct LinkageStore {
    /// A scored pair as stored.
    public struct Pair: Sendable, Hashable {
        public var keyA: String
        public var keyB: String
        public var probability: Double
        public var matchWeight: Double
        /// Per comparison field, its weight (JSON object text).
        public var weights: String
        /// `match` or `not_match` when a reviewer decided the pair.
        public var decision: String?

        public init(keyA: String, keyB: String, probability: Double, matchWeight: Double, weights: String, decision: String? = nil) {
            self.keyA = keyA
            self.keyB = keyB
            self.probability = probability
            self.matchWeight = matchWeight
            self.weights = weights
            self.decision = decision
        }
    }

    /// A record's entity as stored.
    public struct Membership: Sendable, Hashable {
        public var entityId: String
        /// The run that first gave the entity this id.
        public var firstRun: Int64

        public init(entityId: String, firstRun: Int64) {
            self.entityId = entityId
            self.firstRun = firstRun
        }
    }

    static let ddl = """
        CREATE TABLE IF NOT EXISTS etl.entities (
            entity text NOT NULL,
            record_key text NOT NULL,
            entity_id text NOT NULL,
            first_run bigint NOT NULL,
            PRIMARY KEY (entity, record_key)
        );
        CREATE INDEX IF NOT EXISTS entities_id ON etl.entities (entity, entity_id);
        CREATE TABLE IF NOT EXISTS etl.matches (
            run_id bigint NOT NULL,
            entity text NOT NULL,
            key_a text NOT NULL,
            key_b text NOT NULL,
            probability double precision NOT NULL,
            match_weight double precision NOT NULL,
            weights jsonb NOT NULL,
            decision text
        );
        CREATE INDEX IF NOT EXISTS matches_run ON etl.matches (run_id, entity);
        CREATE TABLE IF NOT EXISTS etl.review (
            entity text NOT NULL,
            key_a text NOT NULL,
            key_b text NOT NULL,
            probability double precision NOT NULL,
            match_weight double precision NOT NULL,
            weights jsonb NOT NULL,
            run_id bigint NOT NULL,
            PRIMARY KEY (entity, key_a, key_b)
        );
        CREATE TABLE IF NOT EXISTS etl.review_decisions (
            entity text NOT NULL,
            key_a text NOT NULL,
            key_b text NOT NULL,
            decision text NOT NULL CHECK (decision IN ('match', 'not_match')),
            decided_by text,
            decided_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (entity, key_a, key_b)
        );
        CREATE TABLE IF NOT EXISTS etl.linkage_pairs (
            entity text NOT NULL,
            key_a text NOT NULL,
            key_b text NOT NULL,
            pattern integer NOT NULL,
            probability double precision NOT NULL,
            PRIMARY KEY (entity, key_a, key_b)
        );
        CREATE TABLE IF NOT EXISTS etl.linkage_models (
            run_id bigint NOT NULL,
            entity text NOT NULL,
            model jsonb NOT NULL,
            PRIMARY KEY (run_id, entity)
        );
        """

    private let connection: PGConnection

    public init(connection: PGConnection) { self.connection = connection }

    /// Streams the rows of `table`: its key (columns joined by `|`) and `fields`, ordered by key.
    /// - Important: `schema`, `table` and the column names are quoted as identifiers.
    public func readRecords(schema: String, table: String, key: [String], fields: [String],
                            _ body: (String, [String?]) -> Void) throws {
        try read(schema: schema, table: table, key: key, fields: fields, changedIn: nil) { key, values, _ in body(key, values) }
    }

    /// Streams the rows of `table` as ``readRecords(schema:table:key:fields:_:)`` does, each with
    /// whether run `runId` inserted or updated it (its `_run_id`).
    /// - Important: `schema`, `table` and the column names are quoted as identifiers.
    public func readRecords(schema: String, table: String, key: [String], fields: [String], changedIn runId: Int64,
                            _ body: (String, [String?], Bool) -> Void) throws {
        try read(schema: schema, table: table, key: key, fields: fields, changedIn: runId, body)
    }

    /// Binary COPY out of key, (with a run: whether the run wrote the row,) and `fields`.
    private func read(schema: String, table: String, key: [String], fields: [String], changedIn runId: Int64?,
                      _ body: (String, [String?], Bool) -> Void) throws {
        let keyExpr = key.map { "\(SQL.identifier($0))::text" }.joined(separator: " || '|' || ")
        let changed = runId.map { ["(\"_run_id\" = \($0))::text"] } ?? []
        let columns = (changed + fields.map { "\(SQL.identifier($0))::text" }).map { ", " + $0 }.joined()
        let order = key.map { "\(SQL.identifier($0))" }.joined(separator: ", ")
        let sql = "COPY (SELECT \(keyExpr)\(columns) FROM \(SQL.qualified(schema, table)) "
            + "ORDER BY \(order)) TO STDOUT (FORMAT binary)"
        var first = true
        var values: [String?] = []
        try connection.copyOut(sql) { message in
            var reader = BinaryTupleReader(message)
            if first {
                try reader.skipHeader()
                first = false
            }
            guard let count = try reader.fieldCount(), count == fields.count + changed.count + 1 else { return }
            var key = ""
            try reader.field { key = String(decoding: $0, as: UTF8.self) }
            var wasChanged = false
            if runId != nil { try reader.field { wasChanged = $0.first == UInt8(ascii: "t") } }
            values.removeAll(keepingCapacity: true)
            for _ in fields {
                try reader.field { bytes in values.append(bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)) }
            }
            body(key, values, wasChanged)
        }
    }

    /// The latest stored model of `entity`: its run and its JSON text.
    public func latestModel(entity: String) throws(LoadError) -> (runId: Int64, json: String)? {
        let rows = try connection.execute(
            "SELECT run_id, model::text FROM etl.linkage_models WHERE entity = $1 ORDER BY run_id DESC LIMIT 1", [entity]).rows
        guard let row = rows.first, let run = row[0].flatMap({ Int64($0) }), let json = row[1] else { return nil }
        return (run, json)
    }

    /// The pairs `entity`'s last run kept (`etl.linkage_pairs`): every pair at or above the
    /// review probability and every decided pair, with its comparison pattern code.
    public func storedPairs(entity: String, _ body: (String, String, Int) -> Void) throws {
        var first = true
        try connection.copyOut("COPY (SELECT key_a, key_b, pattern::text FROM etl.linkage_pairs WHERE entity = "
                               + Self.literal(entity) + ") TO STDOUT (FORMAT binary)") { message in
            var reader = BinaryTupleReader(message)
            if first {
                try reader.skipHeader()
                first = false
            }
            guard let count = try reader.fieldCount(), count == 3 else { return }
            var a = "", b = "", pattern = -1
            try reader.field { a = String(decoding: $0, as: UTF8.self) }
            try reader.field { b = String(decoding: $0, as: UTF8.self) }
            try reader.field { pattern = Int(String(decoding: $0, as: UTF8.self)) ?? -1 }
            body(a, b, pattern)
        }
    }

    /// `text` as an SQL string literal (quotes doubled; with `standard_conforming_strings`).
    static func literal(_ text: String) -> String {
        var out = "'"
        for c in text.unicodeScalars {
            if c == "'" { out += "''" } else { out.unicodeScalars.append(c) }
        }
        return out + "'"
    }

    /// Rewrites the golden table `schema.table`: one row per entity with `fields` as text, how
    /// many records it has, and per field the key of the record its value came from
    /// (`_provenance`). The table is made (again, if its columns changed) as needed.
    /// - Important: `schema`, `table` and the field names are quoted as identifiers.
    public func writeGolden(schema: String, table: String, fields: [String], runId: Int64,
                            rows: [(entityId: String, records: Int, values: [String?], provenance: String)]) throws {
        let name = SQL.qualified(schema, table)
        let expected = ["entity_id"] + fields + ["_records", "_provenance", "_run_id"]
        let existing = try connection.execute(
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
            [schema, table]).rows.compactMap { $0[0] }
        if existing != expected {
            try connection.execute("DROP TABLE IF EXISTS \(name)")
            let columns = fields.map { "\(SQL.identifier($0)) text" }.joined(separator: ", ")
            try connection.execute("CREATE TABLE \(name) (entity_id text PRIMARY KEY, \(columns), _records integer NOT NULL, "
                                   + "_provenance jsonb NOT NULL, _run_id bigint NOT NULL)")
        } else {
            try connection.execute("DELETE FROM \(name)")
        }
        let list = expected.map { SQL.identifier($0) }.joined(separator: ", ")
        try copy("\(name) (\(list))", rows) { row, out in
            BinaryCopyEncoder.beginTuple(expected.count, &out)
            BinaryCopyEncoder.appendText(row.entityId, &out)
            for v in row.values { BinaryCopyEncoder.appendText(v, &out) }
            BinaryCopyEncoder.appendInt(Int32(row.records), &out)
            BinaryCopyEncoder.appendJSONB(row.provenance, &out)
            BinaryCopyEncoder.appendBigint(runId, &out)
        }
    }

    /// Every record's stored entity, for `entity`.
    public func memberships(entity: String) throws(LoadError) -> [String: Membership] {
        let rows = try connection.execute("SELECT record_key, entity_id, first_run FROM etl.entities WHERE entity = $1", [entity]).rows
        var out: [String: Membership] = [:]
        out.reserveCapacity(rows.count)
        for row in rows {
            guard let key = row[0], let id = row[1] else { continue }
            out[key] = Membership(entityId: id, firstRun: row[2].flatMap { Int64($0) } ?? 0)
        }
        return out
    }

    /// The reviewers' decisions for `entity`: (key a, key b, is a match).
    public func decisions(entity: String) throws(LoadError) -> [(keyA: String, keyB: String, match: Bool)] {
        try connection.execute(
            "SELECT key_a, key_b, decision FROM etl.review_decisions WHERE entity = $1 ORDER BY key_a, key_b", [entity]
        ).rows.compactMap { row in
            guard let a = row[0], let b = row[1], let d = row[2] else { return nil }
            return (a, b, d == "match")
        }
    }

    /// A pair kept for the next run: keys, comparison pattern code and probability.
    public struct KeptPair: Sendable, Hashable {
        public var keyA: String
        public var keyB: String
        public var pattern: Int
        public var probability: Double

        public init(keyA: String, keyB: String, pattern: Int, probability: Double) {
            self.keyA = keyA
            self.keyB = keyB
            self.pattern = pattern
            self.probability = probability
        }
    }

    /// Replaces `entity`'s memberships, review queue and kept pairs, and adds this run's
    /// matches and model.
    /// - Parameters:
    ///   - memberships: Every record's membership; or, with `removedKeys`, only those that are
    ///     new or changed.
    ///   - removedKeys: When given, the memberships are a change: these records' rows go (the
    ///     records gone, and those whose membership changed), the others stay.
    ///   - kept: Every pair kept; or, with `removedPairs`, only those new or changed.
    ///   - removedPairs: When given, the kept pairs are a change, as for memberships.
    public func write(entity: String, runId: Int64, memberships: [(key: String, membership: Membership)],
                      removedKeys: [String]? = nil, matches: [Pair], review: [Pair], kept: [KeptPair],
                      removedPairs: [(keyA: String, keyB: String)]? = nil, modelJSON: String) throws {
        if let removedKeys {
            try deleteRows("etl.entities", entity: entity, keys: removedKeys.map { ($0, nil) })
        } else {
            try connection.execute("DELETE FROM etl.entities WHERE entity = $1", [entity])
        }
        if let removedPairs {
            try deleteRows("etl.linkage_pairs", entity: entity, keys: removedPairs.map { ($0.keyA, $0.keyB) })
        } else {
            try connection.execute("DELETE FROM etl.linkage_pairs WHERE entity = $1", [entity])
        }
        try connection.execute("DELETE FROM etl.review WHERE entity = $1", [entity])
        try copy("etl.linkage_pairs (entity, key_a, key_b, pattern, probability)", kept) { p, out in
            BinaryCopyEncoder.beginTuple(5, &out)
            BinaryCopyEncoder.appendText(entity, &out)
            BinaryCopyEncoder.appendText(p.keyA, &out)
            BinaryCopyEncoder.appendText(p.keyB, &out)
            BinaryCopyEncoder.appendInt(Int32(truncatingIfNeeded: p.pattern), &out)
            BinaryCopyEncoder.appendFloat8(p.probability, &out)
        }
        try copy("etl.entities (entity, record_key, entity_id, first_run)", memberships) { row, out in
            BinaryCopyEncoder.beginTuple(4, &out)
            BinaryCopyEncoder.appendText(entity, &out)
            BinaryCopyEncoder.appendText(row.key, &out)
            BinaryCopyEncoder.appendText(row.membership.entityId, &out)
            BinaryCopyEncoder.appendBigint(row.membership.firstRun, &out)
        }
        try copy("etl.matches (run_id, entity, key_a, key_b, probability, match_weight, weights, decision)", matches) { p, out in
            BinaryCopyEncoder.beginTuple(8, &out)
            BinaryCopyEncoder.appendBigint(runId, &out)
            Self.appendPair(entity, p, &out)
            BinaryCopyEncoder.appendText(p.decision, &out)
        }
        try copy("etl.review (run_id, entity, key_a, key_b, probability, match_weight, weights)", review) { p, out in
            BinaryCopyEncoder.beginTuple(7, &out)
            BinaryCopyEncoder.appendBigint(runId, &out)
            Self.appendPair(entity, p, &out)
        }
        try connection.execute("INSERT INTO etl.linkage_models (run_id, entity, model) VALUES ($1, $2, $3::jsonb)",
                               [String(runId), entity, modelJSON])
    }

    /// Deletes `entity`'s rows of `table` with these record keys (`key_b` nil) or pairs, through
    /// a temporary table.
    /// - Important: `table` is interpolated into SQL: `etl.entities` or `etl.linkage_pairs`.
    private func deleteRows(_ table: String, entity: String, keys: [(String, String?)]) throws {
        guard !keys.isEmpty else { return }
        try connection.executeScript("""
            CREATE TEMP TABLE IF NOT EXISTS linkage_gone (key_a text NOT NULL, key_b text) ON COMMIT DROP;
            TRUNCATE linkage_gone;
            """)
        try copy("linkage_gone (key_a, key_b)", keys) { k, out in
            BinaryCopyEncoder.beginTuple(2, &out)
            BinaryCopyEncoder.appendText(k.0, &out)
            BinaryCopyEncoder.appendText(k.1, &out)
        }
        let match = table == "etl.entities" ? "t.record_key = g.key_a" : "t.key_a = g.key_a AND t.key_b = g.key_b"
        try connection.execute("DELETE FROM \(table) t USING linkage_gone g WHERE t.entity = $1 AND \(match)", [entity])
    }

    /// The columns a match and a review row share: entity, keys, probability, weight, weights.
    private static func appendPair(_ entity: String, _ p: Pair, _ out: inout [UInt8]) {
        BinaryCopyEncoder.appendText(entity, &out)
        BinaryCopyEncoder.appendText(p.keyA, &out)
        BinaryCopyEncoder.appendText(p.keyB, &out)
        BinaryCopyEncoder.appendFloat8(p.probability, &out)
        BinaryCopyEncoder.appendFloat8(p.matchWeight, &out)
        BinaryCopyEncoder.appendJSONB(p.weights, &out)
    }

    /// Binary COPY of `rows` into `target` (a table and its column list), one tuple a row.
    /// - Important: `target` is interpolated into SQL; callers pass constants or quoted identifiers.
    private func copy<Row>(_ target: String, _ rows: [Row], _ encode: (Row, inout [UInt8]) -> Void) throws {
        guard !rows.isEmpty else { return }
        _ = try connection.copy("COPY \(target) FROM STDIN (FORMAT binary)") { stream in
            try stream.write { $0.append(contentsOf: BinaryCopyEncoder.header) }
            for row in rows { try stream.write { encode(row, &$0) } }
            try stream.write { $0.append(contentsOf: BinaryCopyEncoder.trailer) }
        }
    }
}
