import Cleanse
import Core
import Extract
import Foundation

/// Reads and cleanses a table's sources on a thread of its own, so that parsing and cleansing
/// the next batches overlaps with encoding and sending the current one; a bounded queue keeps
/// memory to a few batches.
final class CleansedBatchQueue: @unchecked Sendable {
    enum Item {
        /// A cleansed batch of `sources[source]`, from `recordCount` records read.
        case batch(source: Int, CleansedBatch, recordCount: Int)
        /// Reading failed; nothing more follows.
        case failed(any Error)
        /// Every source was read.
        case end
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private let capacity: Int
    private var cancelled = false
    private var thread: Thread?

    init(capacity: Int = 4) { self.capacity = capacity }

    /// Starts reading `extractors` in order, cleansing each batch with `cleansers` (parallel).
    func start(extractors: [SourceExtractor], cleansers: [RecordCleanser]) {
        nonisolated(unsafe) var extractors = extractors
        nonisolated(unsafe) var cleansers = cleansers
        let thread = Thread { [self] in
            do {
                for s in extractors.indices {
                    while let batch = try extractors[s].nextBatch() {
                        let clean = cleansers[s].cleanse(batch)
                        guard put(.batch(source: s, clean, recordCount: batch.recordCount)) else { return }
                    }
                }
                _ = put(.end)
            } catch {
                _ = put(.failed(error))
            }
        }
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// The next item; blocks until there is one.
    func take() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Makes the reader stop at its next batch (after a failure on the consuming side).
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Queues `item`, waiting for room; `false` once cancelled.
    private func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }
}
