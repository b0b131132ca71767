import Glibc

/// Binary COPY tuples kept in an unlinked temporary file until the run sends them: quarantined
/// records, lineage and changed rows can outgrow memory, the spool cannot.
final class CopySpool {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var count = 0

    init() throws(LoadError) {
        var template = Array("/tmp/motcua-spool-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw LoadError(.copy, "cannot create a temporary spool file") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        self.fd = fd
        buffer.reserveCapacity(1 << 20)
    }

    deinit { close(fd) }

    /// Appends one tuple, written by `body`.
    func append(_ body: (inout [UInt8]) throws(LoadError) -> Void) throws(LoadError) {
        try body(&buffer)
        count += 1
        if buffer.count >= 1 << 20 { try spill() }
    }

    private func spill() throws(LoadError) {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            guard n > 0 else { throw LoadError(.copy, "cannot write a spool file (disk full?)") }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Sends the header, every spooled tuple and the trailer to `stream`.
    func replay(into stream: CopyStream) throws(LoadError) {
        try spill()
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw LoadError(.copy, "cannot rewind a spool file") }
        try stream.write { $0.append(contentsOf: BinaryCopyEncoder.header) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            guard n >= 0 else { throw LoadError(.copy, "cannot read a spool file") }
            if n == 0 { break }
            try stream.write { $0.append(contentsOf: chunk[0..<n]) }
        }
        try stream.write { $0.append(contentsOf: BinaryCopyEncoder.trailer) }
    }
}
