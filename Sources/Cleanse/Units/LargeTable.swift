#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for a large table read at random places (the tail memo's 16 MiB): aligned to 2 MiB
/// and, on Linux, advised to be backed by transparent huge pages. With 4 KiB pages nearly
/// every look-up in such a table also misses the TLB (the table spans thousands of pages, more
/// than the TLB maps); with 2 MiB pages it spans a handful. Where the advice is not taken
/// (huge pages off, or another system), the memory is ordinary.
enum LargeTable {
    /// The alignment, and the huge page size on x86-64 and most arm64 Linux systems.
    static let alignment = 2 << 20

    /// Uninitialized memory for `count` values of `T`; give it back with `deallocate`.
    static func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count * MemoryLayout<T>.stride)
        guard bytes >= alignment else { return .allocate(capacity: count) }
        var raw: UnsafeMutableRawPointer?
        // Out of memory, as `allocate` would be.
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else { fatalError("out of memory for \(bytes) bytes") }
        #if os(Linux)
        // Advice only: a kernel with huge pages off (or `never`) refuses it, and that is fine.
        _ = madvise(raw, bytes, MADV_HUGEPAGE)
        #endif
        return raw.bindMemory(to: T.self, capacity: count)
    }

    /// Gives back memory from `allocate` (`count` as given there).
    static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>, count: Int) {
        if max(1, count * MemoryLayout<T>.stride) >= alignment {
            free(pointer)
        } else {
            pointer.deallocate()
        }
    }
}
