import Foundation
import Glibc

/// A private PostgreSQL cluster under a directory of the user's: created with `initdb` on first
/// use, started with `pg_ctl`, listening only on a Unix socket in that directory, and reused by
/// later runs.
///
/// Run as root, the server runs as the `postgres` system user (PostgreSQL refuses root), and the
/// directory is handed to that user.
public struct EmbeddedCluster: Sendable {
    /// The cluster's directory: `data/`, `socket/` and `server.log` live here.
    public let root: String
    /// The database the pipeline uses inside the cluster.
    public let database: String
    /// The superuser `initdb` creates; connections are trusted on the private socket only.
    public let user = "motcua"

    public init(root: String, database: String = "motcua") {
        self.root = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        self.database = database
    }

    public var dataDirectory: String { root + "/data" }
    public var socketDirectory: String { root + "/socket" }
    public var logFile: String { root + "/server.log" }

    /// The libpq connection string for `database`.
    public func conninfo(database: String? = nil) -> String {
        "host=\(socketDirectory) port=5432 user=\(user) dbname=\(database ?? self.database)"
    }

    /// How to reach the cluster with psql.
    public var psqlCommand: String { "psql -h \(socketDirectory) -U \(user) \(database)" }

    public enum Outcome: String, Sendable {
        case created, started, reused
    }

    /// Creates the cluster if it does not exist, starts it if it is not running, and creates the
    /// database.
    /// - Throws: ``LoadError`` `.embeddedCluster` with the tool's output.
    @discardableResult
    public func ensureRunning() throws(LoadError) -> Outcome {
        let fm = FileManager.default
        let socketPath = socketDirectory + "/.s.PGSQL.5432"
        guard socketPath.utf8.count < 108 else {
            throw LoadError(.embeddedCluster,
                            "the embedded cluster's socket path is too long (\(socketPath.utf8.count) bytes, the limit is 107): run from a shorter directory or set --embedded-dir")
        }
        guard let initdb = Subprocess.locate("initdb"), let pgCtl = Subprocess.locate("pg_ctl") else {
            throw LoadError(.embeddedCluster,
                            "initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql: install the PostgreSQL server (apt-get install postgresql)")
        }
        let runAs: String? = geteuid() == 0 ? "postgres" : nil
        var outcome = Outcome.reused
        if !fm.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            do {
                // Parents stay traversable for the server's user; the cluster itself is private.
                try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
                try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: root)
                try fm.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true,
                                       attributes: [.posixPermissions: 0o700])
            } catch {
                throw LoadError(.embeddedCluster, "cannot create \(root): \(error.localizedDescription)")
            }
            try handOver(runAs)
            let r = try Subprocess.run([initdb, "-D", dataDirectory, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                asUser: runAs)
            guard r.status == 0 else {
                throw LoadError(.embeddedCluster, "initdb failed in \(dataDirectory)", detail: r.combined)
            }
            outcome = .created
        } else {
            try handOver(runAs)
        }
        let status = try Subprocess.run([pgCtl, "status", "-D", dataDirectory], asUser: runAs)
        if status.status != 0 {
            let options = [
                "-c listen_addresses=''", "-k \(socketDirectory)", "-c unix_socket_permissions=0700",
                "-c shared_buffers=256MB", "-c max_wal_size=4GB", "-c checkpoint_timeout=30min",
                "-c temp_buffers=64MB",
            ].joined(separator: " ")
            let r = try Subprocess.run([pgCtl, "start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "120", "-o", options], asUser: runAs)
            guard r.status == 0 else {
                let log = (try? String(contentsOfFile: logFile, encoding: .utf8))?.split(separator: "\n").suffix(10)
                    .joined(separator: "\n") ?? ""
                throw LoadError(.embeddedCluster, "pg_ctl could not start the embedded cluster (log: \(logFile))",
                                detail: r.combined + "\n" + log)
            }
            if outcome != .created { outcome = .started }
        }
        try createDatabase()
        return outcome
    }

    /// Stops the cluster (fast shutdown); a cluster that is not running is left alone.
    public func stop() throws(LoadError) {
        guard let pgCtl = Subprocess.locate("pg_ctl"),
              FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") else { return }
        let runAs: String? = geteuid() == 0 ? "postgres" : nil
        let r = try Subprocess.run([pgCtl, "stop", "-D", dataDirectory, "-m", "fast", "-w"], asUser: runAs)
        guard r.status == 0 else {
            throw LoadError(.embeddedCluster, "pg_ctl could not stop the embedded cluster", detail: r.combined)
        }
    }

    /// Creates `name` in the cluster if it does not exist.
    public func createDatabase(_ name: String? = nil) throws(LoadError) {
        let name = name ?? database
        let admin = try PGConnection(conninfo: conninfo(database: "postgres"))
        let exists = try admin.execute("SELECT 1 FROM pg_database WHERE datname = $1", [name])
        if exists.rows.isEmpty {
            try admin.execute("CREATE DATABASE \(SQL.identifier(name))")
        }
    }

    /// As root, gives the cluster directory to the `postgres` user.
    private func handOver(_ runAs: String?) throws(LoadError) {
        guard let runAs else { return }
        guard let pw = getpwnam(runAs) else {
            throw LoadError(.embeddedCluster,
                            "running as root needs the '\(runAs)' system user to own the cluster; none exists (apt-get install postgresql creates it)")
        }
        let uid = pw.pointee.pw_uid, gid = pw.pointee.pw_gid
        var st = stat()
        if stat(root, &st) == 0 && st.st_uid == uid { return }
        let r = try Subprocess.run(["/bin/chown", "-R", "\(uid):\(gid)", root], asUser: nil)
        guard r.status == 0 else {
            throw LoadError(.embeddedCluster, "cannot give \(root) to the '\(runAs)' user", detail: r.combined)
        }
    }
}
