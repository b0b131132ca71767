public import Foundation
public import Load

/// Runs the built `pipeline` executable, as a user would.
public enum PipelineProcess {
    /// The `pipeline` binary next to the test bundle (SwiftPM builds it for the test target).
    public static var executable: URL {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [here, here.deletingLastPathComponent(), Bundle.main.bundleURL.deletingLastPathComponent()]
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("pipeline").path) {
            return dir.appendingPathComponent("pipeline")
        }
        return here.appendingPathComponent("pipeline")
    }

    /// The repository's root, found from this file's path.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `pipeline arguments...` in `directory` with `environment` added to the process's own
    /// (less the variables that would steer it elsewhere).
    public static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Subprocess.Output {
        var env = ProcessInfo.processInfo.environment
        for key in ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER", "MOTCUA_FAULT", "MOTCUA_EMBEDDED_DIR"] {
            env[key] = nil
        }
        env.merge(environment) { $1 }
        return try Subprocess.run([executable.path] + arguments, directory: directory.path, environment: env)
    }

    /// A fresh temporary directory, removed when the test process exits.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let dir = scratch.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// One directory per test process for every temporary directory, removed at exit.
    private static let scratch: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-scratch-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        atexit {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-scratch-\(getpid())")
            try? FileManager.default.removeItem(at: dir)
        }
        return dir
    }()
}
