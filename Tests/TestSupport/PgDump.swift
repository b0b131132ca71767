import Foundation
import Load

/// `pg_dump` of one schema, data and DDL, for byte-for-byte comparisons.
public enum PgDump {
    public static func schema(_ schema: String, conninfo: String) throws -> String {
        guard let pgDump = Subprocess.locate("pg_dump") else { throw DumpError(message: "pg_dump not found") }
        // A fixed restrict key: newer pg_dump releases write a random one otherwise.
        let help = try Subprocess.run([pgDump, "--help"])
        var args = [pgDump, "--no-owner", "-n", schema, "-d", conninfo]
        if help.stdout.contains("--restrict-key") { args.insert("--restrict-key=motcua", at: 1) }
        let r = try Subprocess.run(args)
        guard r.status == 0, !r.signaled else {
            throw DumpError(message: "pg_dump exited with \(r.status): \(r.stderr)")
        }
        return r.stdout
    }

    struct DumpError: Error { var message: String }
}
