import Core
import Foundation

/// Hashes the run's input files (SHA-256) on a thread of its own while the run reads them, for
/// the report's manifest.
final class FileHasher: @unchecked Sendable {
    private let condition = NSCondition()
    private var hashes: [String: String] = [:]
    private var done = false

    /// Starts hashing `paths` (each once).
    init(paths: [String]) {
        let unique = Array(Set(paths)).sorted()
        let thread = Thread { [self] in
            var result: [String: String] = [:]
            for path in unique {
                if let h = Self.sha256(path: path) { result[path] = h }
            }
            condition.lock()
            hashes = result
            done = true
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// Waits for the hashes: path -> hex digest (a file that could not be read is left out).
    func wait() -> [String: String] {
        condition.lock()
        defer { condition.unlock() }
        while !done { condition.wait() }
        return hashes
    }

    /// The SHA-256 of a file, read in 1 MiB chunks.
    static func sha256(path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hash = SHA256()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = read(fd, chunk.baseAddress, chunk.count)
            if n < 0 { return nil }
            if n == 0 { break }
            hash.update(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
        return hash.finalizeHex()
    }
}
