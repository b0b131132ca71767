import Core
import Glibc

/// Quarantined records, encoded as binary COPY tuples into an unlinked temporary file until the
/// run copies them into `etl.quarantine`: a broken export cannot fill memory.
final class RejectSpool {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var count = 0

    init() throws(LoadError) {
        var template = Array("/tmp/motcua-quarantine-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw LoadError(.copy, "cannot create a temporary file for quarantined records") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
        buffer.reserveCapacity(1 << 20)
    }

    deinit { close(fd) }

    func append(_ r: Reject, runId: Int64) throws(LoadError) {
        BinaryCopyEncoder.beginTuple(10, &buffer)
        BinaryCopyEncoder.appendBigint(runId, &buffer)
        BinaryCopyEncoder.appendText(r.source, &buffer)
        BinaryCopyEncoder.appendText(r.file, &buffer)
        BinaryCopyEncoder.appendBigint(Int64(r.origin.line), &buffer)
        BinaryCopyEncoder.appendBigint(r.origin.byteOffset, &buffer)
        BinaryCopyEncoder.appendBigint(Int64(r.origin.record), &buffer)
        BinaryCopyEncoder.appendText(r.reason.rawValue, &buffer)
        BinaryCopyEncoder.appendText(r.field, &buffer)
        BinaryCopyEncoder.appendText(r.detail, &buffer)
        BinaryCopyEncoder.appendJSONB(r.original, &buffer)
        count += 1
        if buffer.count >= 1 << 20 { try spill() }
    }

    private func spill() throws(LoadError) {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            guard n > 0 else { throw LoadError(.copy, "cannot write the quarantine spool file") }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Sends every spooled tuple to `stream`.
    func replay(into stream: CopyStream) throws(LoadError) {
        try spill()
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw LoadError(.copy, "cannot rewind the quarantine spool file") }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            guard n >= 0 else { throw LoadError(.copy, "cannot read the quarantine spool file") }
            if n == 0 { break }
            try stream.write { $0.append(contentsOf: chunk[0..<n]) }
        }
    }
}
