import Foundation
public import Load

/// A throw-away PostgreSQL cluster for the tests: started once per test process with initdb and
/// pg_ctl on a private socket, stopped and removed when the process exits. Each test gets a
/// database of its own. `PIPELINE_TEST_DATABASE_URL` points the tests at an existing server
/// instead.
public enum TestDatabase {
    private static let server: Result<Server, LoadError> = {
        if let url = ProcessInfo.processInfo.environment["PIPELINE_TEST_DATABASE_URL"], !url.isEmpty {
            return .success(.external(url))
        }
        let root = "/tmp/motcua-tests-\(getpid())"
        let cluster = EmbeddedCluster(root: root + "/pg", database: "postgres")
        do throws(LoadError) {
            try cluster.ensureRunning()
        } catch {
            return .failure(error)
        }
        startedCluster = cluster
        atexit {
            try? TestDatabase.startedCluster?.stop()
            if let root = TestDatabase.startedCluster?.root {
                try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent)
            }
        }
        return .success(.embedded(cluster))
    }()

    nonisolated(unsafe) private static var startedCluster: EmbeddedCluster?
    private static let counter = Counter()

    enum Server {
        case embedded(EmbeddedCluster)
        case external(String)
    }

    /// The embedded cluster the tests started, if they started one.
    public static var cluster: EmbeddedCluster? {
        if case .success(.embedded(let c)) = server { return c }
        return nil
    }

    /// Creates an empty database and returns its libpq connection string.
    public static func create(_ label: String) throws -> String {
        let name = "t_\(label.lowercased().filter { $0.isLetter || $0.isNumber })_\(getpid())_\(counter.next())"
        switch try server.get() {
        case .embedded(let cluster):
            try cluster.createDatabase(name)
            return cluster.conninfo(database: name)
        case .external(let url):
            let admin = try PGConnection(conninfo: url)
            try admin.execute("CREATE DATABASE \(SQL.identifier(name))")
            let dbname = try admin.execute("SELECT current_database()").scalar ?? ""
            return url.replacingOccurrences(of: "/\(dbname)", with: "/\(name)")
        }
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
