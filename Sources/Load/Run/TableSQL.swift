import Core

/// The SQL of one target table: DDL, the COPY statements and the update of changed rows.
///
/// - Important: Every identifier from the pipeline file goes through ``SQL/identifier(_:)``;
///   values are COPY data or parameters.
struct TableSQL {
    let schema: String
    let table: TableSpec

    var target: String { SQL.qualified(schema, table.name) }
    var stage: String { SQL.identifier("_stage_" + table.name) }
    /// The table's name as lineage stores it: `schema.table`.
    var qualifiedName: String { schema + "." + table.name }

    /// The target's columns as PostgreSQL names them (`format_type`), bookkeeping columns last.
    var targetColumns: [(name: String, type: String)] {
        table.columns.map { ($0.name, Self.formatType($0.type)) }
            + [("_row_hash", "bigint"), ("_run_id", "bigint")]
    }

    static func formatType(_ t: ColumnType) -> String {
        switch t {
        case .text: return "text"
        case .integer: return "integer"
        case .bigint: return "bigint"
        case .numeric: return "numeric"
        case .boolean: return "boolean"
        case .date: return "date"
        case .timestamptz: return "timestamp with time zone"
        case .timestamp: return "timestamp without time zone"
        case .jsonb: return "jsonb"
        }
    }

    private var columnList: String {
        (table.columns.map { SQL.identifier($0.name) } + ["\"_row_hash\"", "\"_run_id\""]).joined(separator: ", ")
    }

    var createTarget: String {
        let cols = table.columns.map { c -> String in
            let notNull = table.key.contains(c.name) ? " NOT NULL" : ""
            return "\(SQL.identifier(c.name)) \(Self.formatType(c.type))\(notNull)"
        }
        return """
            CREATE TABLE \(target) (\(cols.joined(separator: ", ")), "_row_hash" bigint NOT NULL, "_run_id" bigint NOT NULL, \
            PRIMARY KEY (\(table.key.map(SQL.identifier).joined(separator: ", "))))
            """
    }

    /// Other writers wait until the run commits; readers do not.
    var lock: String { "LOCK TABLE \(target) IN EXCLUSIVE MODE" }

    /// Every stored key (its columns as text) with the row's content hash.
    var storedKeys: String {
        let keys = table.key.map { "\(SQL.identifier($0))::text" }.joined(separator: ", ")
        return "COPY (SELECT \(keys), \"_row_hash\" FROM \(target)) TO STDOUT (FORMAT binary)"
    }

    var copyTarget: String { "COPY \(target) (\(columnList)) FROM STDIN (FORMAT binary)" }

    var createStage: String { "CREATE TEMP TABLE \(stage) (LIKE \(target)) ON COMMIT DROP" }

    var copyStage: String { "COPY \(stage) (\(columnList)) FROM STDIN (FORMAT binary)" }

    /// Records merged into an earlier record of their key, checked against the table.
    var merged: String { SQL.identifier("_merged_" + table.name) }

    var createMerged: String { "CREATE TEMP TABLE \(merged) (LIKE \(target)) ON COMMIT DROP" }

    var copyMerged: String { "COPY \(merged) (\(columnList)) FROM STDIN (FORMAT binary)" }

    /// How many merged records have a key the table does not hold (must be 0).
    var mergedWithoutKey: String {
        let match = table.key.map { "t.\(SQL.identifier($0)) = m.\(SQL.identifier($0))" }.joined(separator: " AND ")
        return "SELECT count(*) FROM \(merged) AS m WHERE NOT EXISTS (SELECT 1 FROM \(target) AS t WHERE \(match))"
    }

    /// Entities that absorbed merged records, by size (the kept record plus those merged into
    /// it): rows of (size, entities), smallest size first.
    var mergedClusterSizes: String {
        let key = table.key.map { SQL.identifier($0) }.joined(separator: ", ")
        return "SELECT n + 1, count(*) FROM (SELECT count(*) AS n FROM \(merged) GROUP BY \(key)) AS c GROUP BY n ORDER BY n"
    }

    /// Rewrites the changed rows, whose new values are in the stage.
    var update: String {
        let sets = (table.columns.filter { !table.key.contains($0.name) }.map(\.name) + ["_row_hash", "_run_id"])
            .map { "\(SQL.identifier($0)) = s.\(SQL.identifier($0))" }
        let match = table.key.map { "t.\(SQL.identifier($0)) = s.\(SQL.identifier($0))" }.joined(separator: " AND ")
        return "UPDATE \(target) AS t SET \(sets.joined(separator: ", ")) FROM \(stage) AS s WHERE \(match)"
    }
}
