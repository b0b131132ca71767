internal import Glibc
import Core

/// Runs a ``ByteSource`` one step ahead on a thread of its own: decompression (gzip, a zip
/// member's deflate stream) fills the next chunks while the caller parses the current one,
/// so on two cores reading a compressed file costs the slower of the two, not their sum.
///
/// Memory: `depth` chunks of `chunkSize` bytes. An error of the inner source is delivered to
/// the reader after the bytes read before it, exactly as without prefetching.
/// - Important: One reader thread; the inner source is used by the prefetching thread only
///   until the end of input (or an error) has been delivered.
final class PrefetchingSource: ByteSource {
    private let worker: Prefetcher
    let name: String

    /// - Parameters:
    ///   - inner: The source to read ahead; the caller must not read it any more.
    ///   - chunkSize: Bytes per read of the inner source.
    ///   - depth: Chunks read ahead at most.
    init(_ inner: any ByteSource, chunkSize: Int = 1 << 20, depth: Int = 4) {
        name = inner.name
        worker = Prefetcher(inner, chunkSize: chunkSize, depth: depth)
    }

    /// Stops and joins the prefetching thread when the reader lets go before the end.
    deinit { worker.close() }

    var position: Int64 { worker.position }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        try worker.read(into: buffer)
    }
}

/// The thread and chunks behind a ``PrefetchingSource``; the thread keeps it alive until it
/// exits, the handle closes it.
private final class Prefetcher: @unchecked Sendable {
    private struct Chunk {
        var bytes: UnsafeMutableRawBufferPointer
        var count = 0
    }

    private let inner: any ByteSource
    private(set) var position: Int64 = 0
    /// The end of input or the error has been delivered to the reader.
    private var finished = false
    private var finalError: ExtractError?

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var thread: pthread_t?
    // Guarded by `mutex`.
    private var free: [Int] = []
    private var filled: [Int] = []
    private var ended = false
    private var failure: ExtractError?
    private var cancelled = false
    // Reader side.
    private var chunks: [Chunk]
    private var current: Int?
    private var currentOffset = 0

    init(_ inner: any ByteSource, chunkSize: Int, depth: Int) {
        self.inner = inner
        chunks = (0..<max(depth, 2)).map { _ in
            Chunk(bytes: .allocate(byteCount: chunkSize, alignment: 64))
        }
        free = Array(chunks.indices)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            let source = Unmanaged<Prefetcher>.fromOpaque(raw!).takeRetainedValue()
            source.produce()
            return nil
        }, context)
        if rc == 0 {
            thread = handle
        } else {
            // No thread: read inline (the reader finds nothing filled and reads itself).
            Unmanaged<Prefetcher>.fromOpaque(context).release()
            thread = nil
        }
    }

    deinit {
        for chunk in chunks { chunk.bytes.deallocate() }
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Stops the prefetching thread and waits for it.
    func close() {
        guard let thread else { return }
        pthread_mutex_lock(mutex)
        cancelled = true
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        pthread_join(thread, nil)
        self.thread = nil
    }

    private func produce() {
        while true {
            pthread_mutex_lock(mutex)
            while free.isEmpty && !cancelled { pthread_cond_wait(condition, mutex) }
            if cancelled {
                pthread_mutex_unlock(mutex)
                return
            }
            let index = free.removeFirst()
            pthread_mutex_unlock(mutex)
            let result: Result<Int, ExtractError>
            do throws(ExtractError) {
                result = .success(try inner.read(into: chunks[index].bytes))
            } catch {
                result = .failure(error)
            }
            pthread_mutex_lock(mutex)
            switch result {
            case .success(let n) where n > 0:
                chunks[index].count = n
                filled.append(index)
            case .success:
                free.append(index)
                ended = true
            case .failure(let error):
                free.append(index)
                failure = error
                ended = true
            }
            pthread_cond_broadcast(condition)
            let done = ended
            pthread_mutex_unlock(mutex)
            if done { return }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if finished {
            if let finalError { throw finalError }
            return 0
        }
        if thread == nil && current == nil && filled.isEmpty {
            // The thread could not be started: read inline.
            let n = try inner.read(into: buffer)
            position += Int64(n)
            return n
        }
        while true {
            if let index = current {
                let available = chunks[index].count - currentOffset
                if available > 0 {
                    let n = min(available, buffer.count)
                    memcpy(out, chunks[index].bytes.baseAddress! + currentOffset, n)
                    currentOffset += n
                    position += Int64(n)
                    return n
                }
                pthread_mutex_lock(mutex)
                free.append(index)
                pthread_cond_broadcast(condition)
                pthread_mutex_unlock(mutex)
                current = nil
            }
            pthread_mutex_lock(mutex)
            while filled.isEmpty && !ended { pthread_cond_wait(condition, mutex) }
            if filled.isEmpty {
                let error = failure
                failure = nil
                pthread_mutex_unlock(mutex)
                if let thread {
                    pthread_join(thread, nil)
                    self.thread = nil
                }
                finished = true
                finalError = error
                if let error { throw error }
                return 0
            }
            current = filled.removeFirst()
            currentOffset = 0
            pthread_mutex_unlock(mutex)
        }
    }
}
