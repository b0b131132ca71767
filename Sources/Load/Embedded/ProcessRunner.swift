import Foundation
import Glibc

/// Runs a program to completion and captures its output.
///
/// Output goes to an unlinked temporary file rather than a pipe: `pg_ctl start` leaves a server
/// running, and a server that inherited a pipe's write end would keep a reader waiting forever.
enum ProcessRunner {
    struct Output {
        var status: Int32
        var output: String
    }

    /// Runs `executable` with `arguments`; as root, runs it as `asUser` through `runuser`, since
    /// PostgreSQL refuses to run as root.
    static func run(_ executable: String, _ arguments: [String], asUser: String?) throws(LoadError) -> Output {
        let argv = asUser.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] + arguments } ?? [executable] + arguments
        var template = Array("/tmp/motcua-cmd-XXXXXX".utf8CString)
        let out = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard out >= 0 else { throw LoadError(.embeddedCluster, "cannot create a temporary file for \(executable)'s output") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        defer { close(out) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out, 1)
        posix_spawn_file_actions_adddup2(&actions, out, 2)
        posix_spawn_file_actions_addclose(&actions, out)

        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard rc == 0 else {
            throw LoadError(.embeddedCluster, "cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw LoadError(.embeddedCluster, "lost track of \(argv[0])") }
        }
        lseek(out, 0, SEEK_SET)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(out, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        let exited = (status & 0x7F) == 0
        return Output(status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
                      output: String(decoding: bytes, as: UTF8.self))
    }

    /// The full path of `name`: from PATH, else from the newest `/usr/lib/postgresql/*/bin`.
    static func locate(_ name: String) -> String? {
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
