/// A failure talking to PostgreSQL or preparing the database.
///
/// `description` never holds connection strings or row values; `debugDescription` adds the
/// server's detail.
public struct LoadError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Code: String, Sendable {
        case connection
        case query
        case copy
        case schemaMismatch = "schema_mismatch"
        case embeddedCluster = "embedded_cluster"
        case accounting
    }

    public var code: Code
    public var message: String
    /// The server's SQLSTATE, when the server answered with an error.
    public var sqlState: String?
    /// Extra detail from the server (may quote values).
    public var detail: String?

    public init(_ code: Code, _ message: String, sqlState: String? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
    }

    public var description: String {
        var s = "error: \(message)"
        if let sqlState { s += " (SQLSTATE \(sqlState))" }
        return s
    }

    public var debugDescription: String {
        description + (detail.map { "\n\($0)" } ?? "")
    }
}
