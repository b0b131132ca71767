import Core

/// The SQL of one target table: DDL, staging, merge and lineage statements.
///
/// - Important: Every identifier from the pipeline file goes through ``SQL/identifier(_:)``;
///   values are parameters (`$1` is the run id).
struct TableSQL {
    let schema: String
    let table: TableSpec

    var target: String { SQL.qualified(schema, table.name) }
    var staging: String { SQL.identifier("_stage_" + table.name) }

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
        }
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

    var createStaging: String {
        let cols = table.columns.map { "\(SQL.identifier($0.name)) text" }
        return """
            CREATE TEMP TABLE \(staging) (\(cols.joined(separator: ", ")), _hash bigint, _winner boolean, \
            _file integer, _line bigint, _offset bigint, _skey text) ON COMMIT DROP
            """
    }

    var copyStaging: String {
        let cols = table.columns.map { SQL.identifier($0.name) }
        return "COPY \(staging) (\(cols.joined(separator: ", ")), _hash, _winner, _file, _line, _offset, _skey) FROM STDIN (FORMAT binary)"
    }

    private func cast(_ c: ColumnSpec, _ alias: String) -> String {
        c.type == .text ? "\(alias).\(SQL.identifier(c.name))" : "\(alias).\(SQL.identifier(c.name))::\(Self.formatType(c.type))"
    }

    private func keyMatch(_ t: String, _ s: String) -> String {
        table.key.compactMap { k in table.column(k) }
            .map { "\(t).\(SQL.identifier($0.name)) = \(cast($0, s))" }
            .joined(separator: " AND ")
    }

    /// Rewrites changed rows only: an unchanged row keeps its tuple, its `_run_id` and its bytes.
    var update: String {
        let sets = table.columns.filter { !table.key.contains($0.name) }
            .map { "\(SQL.identifier($0.name)) = \(cast($0, "s"))" }
            + ["\"_row_hash\" = s._hash", "\"_run_id\" = $1::bigint"]
        return """
            UPDATE \(target) AS t SET \(sets.joined(separator: ", ")) FROM \(staging) AS s \
            WHERE s._winner AND \(keyMatch("t", "s")) AND t."_row_hash" <> s._hash
            """
    }

    var insert: String {
        let cols = table.columns.map { SQL.identifier($0.name) } + ["\"_row_hash\"", "\"_run_id\""]
        let vals = table.columns.map { cast($0, "s") } + ["s._hash", "$1::bigint"]
        return """
            INSERT INTO \(target) (\(cols.joined(separator: ", "))) SELECT \(vals.joined(separator: ", ")) \
            FROM \(staging) AS s WHERE s._winner AND NOT EXISTS (SELECT 1 FROM \(target) AS t WHERE \(keyMatch("t", "s")))
            """
    }

    /// The target key as lineage stores it: the value, or a JSON array for a composite key.
    private var targetKeyText: String {
        let keys = table.key.map { "s.\(SQL.identifier($0))" }
        return keys.count == 1 ? keys[0] : "jsonb_build_array(\(keys.joined(separator: ", ")))::text"
    }

    /// The table's name as lineage stores it: `schema.table`.
    var qualifiedName: String { schema + "." + table.name }

    /// For every row this run inserted or updated, every staged record that went into it.
    /// Parameters: `$1` the run id, `$2` ``qualifiedName``.
    var lineage: String {
        """
        INSERT INTO etl.lineage (run_id, target_table, target_key, source, source_key, file, line, byte_offset, role)
        SELECT $1::bigint, $2::text, \(targetKeyText), f.source, s._skey, f.name,
               s._line, s._offset, CASE WHEN s._winner THEN 'loaded' ELSE 'merged' END
        FROM \(staging) AS s JOIN etl.run_files AS f ON f.run_id = $1::bigint AND f.file_id = s._file
        WHERE EXISTS (SELECT 1 FROM \(target) AS t WHERE \(keyMatch("t", "s")) AND t."_run_id" = $1::bigint)
        """
    }
}
