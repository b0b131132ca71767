import Foundation

/// Test hook: `MOTCUA_FAULT=<point>` kills the process with SIGKILL when the run reaches
/// `<point>`, so tests can show that a kill at any point leaves the database as it was.
///
/// Points: `after_begin`, `mid_copy`, `after_copy`, `after_merge`, `after_linkage`, `before_commit`.
public enum FaultPoint {
    private static let armed = ProcessInfo.processInfo.environment["MOTCUA_FAULT"]

    public static func hit(_ point: String) {
        if armed == point { kill(getpid(), SIGKILL) }
    }
}

/// Test hooks read from the environment; unset in production.
enum TestHooks {
    /// `MOTCUA_FINGERPRINT_BITS=<n>` shortens key fingerprints to n bits (at least 9), so
    /// tests can show that fingerprint collisions are caught before anything is committed.
    static let fingerprintBits: Int = ProcessInfo.processInfo.environment["MOTCUA_FINGERPRINT_BITS"].flatMap(Int.init) ?? 61
}
