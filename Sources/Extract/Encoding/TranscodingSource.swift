import Core

/// STUB (to be replaced): decodes `inner`'s bytes from `encoding` to UTF-8.
final class TranscodingSource: ByteSource {
    private let inner: any ByteSource
    let encoding: TextEncoding
    private(set) var position: Int64 = 0

    init(_ inner: any ByteSource, encoding: TextEncoding) {
        self.inner = inner
        self.encoding = encoding
    }

    var name: String { inner.name }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        let n = try inner.read(into: buffer)
        position += Int64(n)
        return n
    }
}
