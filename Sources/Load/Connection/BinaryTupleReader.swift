/// Reads PostgreSQL's binary COPY format from one COPY OUT data message.
struct BinaryTupleReader {
    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Skips the file header (signature, flags, header extension).
    mutating func skipHeader() throws(LoadError) {
        guard bytes.count >= 19, bytes.prefix(11).elementsEqual(BinaryCopyEncoder.header.prefix(11)) else {
            throw LoadError(.copy, "COPY OUT did not start with the binary header")
        }
        i = 15
        let extensionLength = try int32()
        i += Int(extensionLength)
    }

    /// The tuple's field count, or `nil` at the trailer.
    mutating func fieldCount() throws(LoadError) -> Int? {
        guard i + 2 <= bytes.count else { throw LoadError(.copy, "COPY OUT tuple is truncated") }
        let n = Int16(bitPattern: UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
        i += 2
        return n < 0 ? nil : Int(n)
    }

    /// Hands `body` the next field's bytes (empty for NULL).
    mutating func field(_ body: (UnsafeRawBufferPointer) -> Void) throws(LoadError) {
        let length = try int32()
        guard length >= 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard i + Int(length) <= bytes.count else { throw LoadError(.copy, "COPY OUT field is truncated") }
        body(UnsafeRawBufferPointer(rebasing: bytes[i..<(i + Int(length))]))
        i += Int(length)
    }

    private mutating func int32() throws(LoadError) -> Int32 {
        guard i + 4 <= bytes.count else { throw LoadError(.copy, "COPY OUT tuple is truncated") }
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 8 | UInt32(bytes[i + k]) }
        i += 4
        return Int32(bitPattern: v)
    }
}
