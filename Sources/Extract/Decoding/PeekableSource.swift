internal import Glibc
import Core

/// A ``ByteSource`` whose first bytes can be looked at before they are read: magic numbers,
/// byte-order marks, the sample an encoding is detected from.
final class PeekableSource: ByteSource {
    private let inner: any ByteSource
    private var buffered: [UInt8] = []
    private var bufferedIndex = 0
    private var innerEnded = false
    private(set) var position: Int64 = 0

    init(_ inner: any ByteSource) throws(ExtractError) {
        self.inner = inner
    }

    var name: String { inner.name }

    /// Up to `count` first unread bytes (fewer at the end), without consuming them.
    func peek(_ count: Int) throws(ExtractError) -> [UInt8] {
        while buffered.count - bufferedIndex < count && !innerEnded {
            let want = max(count - (buffered.count - bufferedIndex), 1 << 16)
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: want, alignment: 1)
            defer { chunk.deallocate() }
            let n = try inner.read(into: chunk)
            if n == 0 {
                innerEnded = true
            } else {
                buffered.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<n]))
            }
        }
        let end = min(buffered.count, bufferedIndex + count)
        return Array(buffered[bufferedIndex..<end])
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if bufferedIndex < buffered.count {
            let n = min(buffer.count, buffered.count - bufferedIndex)
            buffered.withUnsafeBytes { src in
                _ = memcpy(base, src.baseAddress! + bufferedIndex, n)
            }
            bufferedIndex += n
            if bufferedIndex == buffered.count {
                buffered = []
                bufferedIndex = 0
            }
            position += Int64(n)
            return n
        }
        if innerEnded { return 0 }
        let n = try inner.read(into: buffer)
        position += Int64(n)
        return n
    }
}
