public import Foundation

/// Runs the built `pipeline` executable, as a user would.
public enum PipelineProcess {
    public struct Result: Sendable {
        public var status: Int32
        /// Whether the process was killed by a signal (status is then the signal number).
        public var signaled: Bool
        public var stdout: String
        public var stderr: String
    }

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

    /// Runs `pipeline arguments...` in `directory` with `environment` added to the process's own.
    /// Output goes through files, not pipes, so a server the command starts cannot hold them open.
    public static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for key in ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER", "MOTCUA_FAULT", "MOTCUA_EMBEDDED_DIR"] {
            env[key] = nil
        }
        env.merge(environment) { $1 }
        process.environment = env
        let tmp = FileManager.default.temporaryDirectory
        let outURL = tmp.appendingPathComponent("motcua-out-\(UUID().uuidString)")
        let errURL = tmp.appendingPathComponent("motcua-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
