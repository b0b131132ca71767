import Foundation

/// The process's peak resident memory so far, from `/proc/self/status` (`VmHWM`): this
/// program's own, not counting whatever the launching process had before `exec` (which
/// `getrusage` folds in).
enum PeakMemory {
    /// Peak resident set in MiB, or `nil` where `/proc` is not available.
    static func mebibytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst("VmHWM:".count).filter(\.isNumber)
            return Double(String(digits)).map { $0 / 1024 }
        }
        return nil
    }
}
