import Foundation
import Load

/// Where a run's database is: the first of `--database`, the pipeline file's `load.database`,
/// the `PG*` environment variables, and the embedded cluster.
enum ConnectionTarget {
    case conninfo(String, origin: String)
    case embedded(EmbeddedCluster)

    /// The variables that name a server for libpq; any one of them set means "use libpq's defaults".
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER"]

    static func resolve(flag: String?, file: String?, embeddedDirectory: String?,
                        environment: [String: String] = ProcessInfo.processInfo.environment) -> ConnectionTarget {
        if let flag, !flag.isEmpty { return .conninfo(flag, origin: "--database") }
        if let file, !file.isEmpty { return .conninfo(file, origin: "load.database") }
        if libpqVariables.contains(where: { environment[$0] != nil }) { return .conninfo("", origin: "PG* environment") }
        return .embedded(embeddedCluster(directory: embeddedDirectory, environment: environment))
    }

    /// The embedded cluster in `directory`, else in `MOTCUA_EMBEDDED_DIR`, else in `.motcua/pg`.
    static func embeddedCluster(directory: String?,
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> EmbeddedCluster {
        EmbeddedCluster(root: directory ?? environment["MOTCUA_EMBEDDED_DIR"] ?? ".motcua/pg")
    }

    /// The connection string to use; the embedded cluster is created or started first (and
    /// a note printed when it was created).
    /// - Throws: ``LoadError`` when the embedded cluster cannot be started.
    func conninfo() throws(LoadError) -> String {
        switch self {
        case .conninfo(let s, _):
            return s
        case .embedded(let cluster):
            if try cluster.ensureRunning() == .created {
                Console.error("note: created an embedded PostgreSQL cluster at \(cluster.root)")
            }
            return cluster.conninfo()
        }
    }

    /// A description safe to print: passwords removed.
    var redacted: String {
        switch self {
        case .conninfo(let s, let origin):
            return s.isEmpty ? "libpq defaults (\(origin))" : "\(Redaction.conninfo(s)) (\(origin))"
        case .embedded(let cluster):
            return "embedded cluster at \(cluster.root)"
        }
    }
}

/// Removes secrets from connection strings before they are shown anywhere.
enum Redaction {
    /// `postgresql://user:secret@host/db` -> `postgresql://user:***@host/db`;
    /// `password=secret` -> `password=***`.
    static func conninfo(_ s: String) -> String {
        if s.hasPrefix("postgres://") || s.hasPrefix("postgresql://") {
            guard let schemeEnd = s.range(of: "://") else { return s }
            var out = String(s[..<schemeEnd.upperBound])
            var rest = String(s[schemeEnd.upperBound...])
            if let at = rest.firstIndex(of: "@") {
                let userinfo = rest[..<at]
                if let colon = userinfo.firstIndex(of: ":") {
                    out += rest[..<colon] + ":***"
                    rest = String(rest[at...])
                }
            }
            out += rest
            return redactQuery(out)
        }
        var parts: [String] = []
        for token in s.split(separator: " ", omittingEmptySubsequences: true) {
            if token.lowercased().hasPrefix("password=") {
                parts.append("password=***")
            } else {
                parts.append(String(token))
            }
        }
        return parts.joined(separator: " ")
    }

    private static func redactQuery(_ url: String) -> String {
        guard let q = url.firstIndex(of: "?") else { return url }
        let items = url[url.index(after: q)...].split(separator: "&").map { item -> String in
            item.lowercased().hasPrefix("password=") ? "password=***" : String(item)
        }
        return String(url[...q]) + items.joined(separator: "&")
    }
}
