import Foundation

/// `pg_dump` of one schema, data and DDL, for byte-for-byte comparisons.
public enum PgDump {
    public static func schema(_ schema: String, conninfo: String) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-dump-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // A fixed restrict key: newer pg_dump releases write a random one otherwise.
        var args = ["pg_dump", "--no-owner", "-n", schema, "-f", out.path, "-d", conninfo]
        if supportsRestrictKey { args.insert("--restrict-key=motcua", at: 1) }
        process.arguments = args
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DumpError(message: "pg_dump exited with \(process.terminationStatus)")
        }
        return try String(contentsOf: out, encoding: .utf8)
    }

    struct DumpError: Error { var message: String }

    private static let supportsRestrictKey: Bool = {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-help-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pg_dump", "--help"]
        process.standardOutput = try? FileHandle(forWritingTo: out)
        try? process.run()
        process.waitUntilExit()
        return ((try? String(contentsOf: out, encoding: .utf8)) ?? "").contains("--restrict-key")
    }()
}
