internal import Glibc

/// The decoded bytes a parser reads from: a growable buffer with a reader index, fed in chunks.
///
/// Parsers leave the bytes of a record they have not finished in the window and consume them
/// once the record is complete, as NIO's `ByteBuffer` in a `SingleStepByteToMessageDecoder`.
/// `streamOffset` is the decoded-stream offset of the first readable byte.
///
/// - Important: Copies share one storage; keep one owner.
struct ByteWindow {
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            self.base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    private var readerIndex = 0
    private var writerIndex = 0
    /// The decoded-stream offset of the first readable byte.
    private(set) var streamOffset: Int64 = 0

    init(capacity: Int = 1 << 16) {
        storage = Storage(capacity: capacity)
    }

    /// The number of bytes not yet consumed.
    var readableCount: Int { writerIndex - readerIndex }

    /// The bytes not yet consumed. Valid until the window is next mutated.
    var readable: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage.base + readerIndex, count: writerIndex - readerIndex)
    }

    /// Marks the first `count` readable bytes as consumed.
    mutating func consume(_ count: Int) {
        precondition(count >= 0 && count <= readableCount, "consume past the end of the window")
        readerIndex += count
        streamOffset += Int64(count)
        if readerIndex == writerIndex {
            readerIndex = 0
            writerIndex = 0
        }
    }

    /// Space for at least `minimum` more bytes after the readable ones, compacting or growing.
    /// Call ``didWrite(_:)`` with the number of bytes written into it.
    mutating func writableSpace(minimum: Int) -> UnsafeMutableRawBufferPointer {
        if storage.capacity - writerIndex < minimum {
            let live = writerIndex - readerIndex
            if readerIndex > 0 && storage.capacity - live >= minimum {
                memmove(storage.base, storage.base + readerIndex, live)
            } else {
                var newCapacity = storage.capacity * 2
                while newCapacity - live < minimum { newCapacity *= 2 }
                let grown = Storage(capacity: newCapacity)
                grown.base.update(from: storage.base + readerIndex, count: live)
                storage = grown
            }
            readerIndex = 0
            writerIndex = live
        }
        return UnsafeMutableRawBufferPointer(start: storage.base + writerIndex, count: storage.capacity - writerIndex)
    }

    /// Commits `count` bytes written into the space ``writableSpace(minimum:)`` returned.
    mutating func didWrite(_ count: Int) {
        precondition(count >= 0 && writerIndex + count <= storage.capacity, "write past the window's capacity")
        writerIndex += count
    }

    /// Appends bytes (tests and small inputs).
    mutating func append(contentsOf bytes: some Collection<UInt8>) {
        let space = writableSpace(minimum: bytes.count)
        var i = 0
        for b in bytes {
            space[i] = b
            i += 1
        }
        didWrite(i)
    }
}
