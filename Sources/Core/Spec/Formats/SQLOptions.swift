/// `options` of a `sql` source: a `mysqldump` or `pg_dump` plain-text dump read without a
/// database. Fields are the table's column names.
public struct SQLOptions: Sendable, Hashable {
    /// `table` (string, required): the table whose rows are read; matched without schema
    /// qualification and quotes unless it contains a dot (`public.hoso`).
    public var table: String = ""
    /// `dialect` (`auto` | `mysql` | `postgres`, default `auto`): string escaping and quoting.
    public var dialect: SQLDialect = .auto
    /// `max_record_bytes` (int, default 1 MiB): the largest one statement's row may be.
    public var maxRecordBytes: Int = 1 << 20

    public init() {}
}

public enum SQLDialect: String, Sendable, Hashable, CaseIterable {
    case auto, mysql, postgres
}
