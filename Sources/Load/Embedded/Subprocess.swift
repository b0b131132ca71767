import Foundation
import Glibc
internal import CSpawn

/// Runs a program to completion and captures its output, with `posix_spawn` and `waitpid`.
///
/// Output goes to unlinked temporary files rather than pipes, and the child gets no descriptor
/// beyond 0, 1 and 2: `pg_ctl start` leaves a server running, and a server that inherited a
/// pipe would keep whoever reads it (or waits on it) waiting forever.
public enum Subprocess {
    public struct Output: Sendable {
        /// The exit status, or the signal number when `signaled`.
        public var status: Int32
        public var signaled: Bool
        public var stdout: String
        public var stderr: String

        /// Both streams, for error messages.
        public var combined: String { stdout + stderr }
    }

    /// Runs `argv` (the program's full path first).
    /// - Parameters:
    ///   - directory: The working directory, or the caller's.
    ///   - environment: The complete environment, or the caller's.
    ///   - asUser: As root, run the program as this user through `runuser` (PostgreSQL refuses
    ///     to run as root).
    public static func run(_ argv: [String], directory: String? = nil, environment: [String: String]? = nil,
                           asUser: String? = nil) throws(LoadError) -> Output {
        let argv = asUser.map { ["/usr/sbin/runuser", "-u", $0, "--"] + argv } ?? argv
        let out = try temporaryFile()
        defer { close(out) }
        let err = try temporaryFile()
        defer { close(err) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out, 1)
        posix_spawn_file_actions_adddup2(&actions, err, 2)
        cspawn_addclosefrom(&actions, 3)
        if let directory { cspawn_addchdir(&actions, directory) }

        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        let cEnv: [UnsafeMutablePointer<CChar>?]? = environment.map { env in
            env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for p in cEnv ?? [] { free(p) } }
        var pid: pid_t = 0
        let rc = cEnv.map { env in posix_spawn(&pid, argv[0], &actions, nil, cArgs, env) }
            ?? posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else {
            throw LoadError(.embeddedCluster, "cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw LoadError(.embeddedCluster, "lost track of \(argv[0])") }
        }
        let signaled = (status & 0x7F) != 0
        return Output(status: signaled ? status & 0x7F : (status >> 8) & 0xFF, signaled: signaled,
                      stdout: readAll(out), stderr: readAll(err))
    }

    private static func temporaryFile() throws(LoadError) -> Int32 {
        var template = Array("/tmp/motcua-cmd-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { cspawn_mkostemp_cloexec($0.baseAddress!) }
        guard fd >= 0 else { throw LoadError(.embeddedCluster, "cannot create a temporary file for a command's output") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    private static func readAll(_ fd: Int32) -> String {
        lseek(fd, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The full path of `name`: from PATH, else from the newest `/usr/lib/postgresql/*/bin`.
    public static func locate(_ name: String) -> String? {
        let fm = FileManager.default
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        let base = "/usr/lib/postgresql"
        let versions = ((try? fm.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted(by: >)
        for v in versions where fm.isExecutableFile(atPath: "\(base)/\(v)/bin/\(name)") {
            return "\(base)/\(v)/bin/\(name)"
        }
        return nil
    }
}
