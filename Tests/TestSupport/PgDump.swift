import Foundation
import Load

/// `pg_dump` of one schema, data and DDL, for byte-for-byte comparisons.
public enum PgDump {
    public static func schema(_ schema: String, conninfo: String) throws -> String {
        guard let pgDump = Subprocess.locate("pg_dump") else { throw DumpError(message: "pg_dump not found") }
        var args = [pgDump, "--no-owner", "-n", schema, "-d", conninfo]
        // A fixed restrict key: newer pg_dump releases write a random one otherwise.
        if takesRestrictKey { args.insert("--restrict-key=motcua", at: 1) }
        let r = try Subprocess.run(args)
        guard r.status == 0, !r.signaled else {
            throw DumpError(message: "pg_dump exited with \(r.status): \(r.stderr)")
        }
        return r.stdout
    }

    struct DumpError: Error { var message: String }

    /// Whether this pg_dump knows `--restrict-key`; asked once per test process.
    private static let takesRestrictKey: Bool = {
        guard let pgDump = Subprocess.locate("pg_dump") else { return false }
        return (try? Subprocess.run([pgDump, "--help"]).stdout.contains("--restrict-key")) ?? false
    }()
}
