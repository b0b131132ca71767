import Foundation

/// Test hook: `MOTCUA_FAULT=<point>` kills the process with SIGKILL when the run reaches
/// `<point>`, so tests can show that a kill at any point leaves the database as it was.
///
/// Points: `after_begin`, `mid_copy`, `after_copy`, `after_merge`, `before_commit`.
public enum FaultPoint {
    private static let armed = ProcessInfo.processInfo.environment["MOTCUA_FAULT"]

    public static func hit(_ point: String) {
        if armed == point { kill(getpid(), SIGKILL) }
    }
}
