import Cleanse
import Core
import Extract
import Foundation
import Load

/// Reads, cleanses and encodes a table's sources on a thread of its own, so that this work on
/// the next batches overlaps with sending the current one. Values are encoded to bytes on this
/// thread, so strings are made and freed on one thread only; a bounded queue keeps memory to a
/// few batches.
final class ReaderThread: @unchecked Sendable {
    /// One batch of one source, ready for the writer.
    struct Item {
        /// Index into the sources the thread reads.
        var source: Int
        var file: String
        /// The records read, rows and rejects together.
        var recordCount: Int
        var rows: EncodedRows
        var rejects: [Reject]
        /// Values of kept records that a rule flagged.
        var flags: [RunSession.Flag]
    }

    enum Message {
        case batch(Item)
        /// Reading failed; nothing more follows.
        case failed(any Error)
        /// Every source was read: each source's files with what they gave, and what cleansing
        /// did to each source's fields.
        case end([[FileStats]], [CleanseStats])
    }

    private let condition = NSCondition()
    private var messages: [Message] = []
    private let capacity: Int
    private var cancelled = false

    init(capacity: Int = 4) { self.capacity = capacity }

    /// Starts reading `extractors` in order, cleansing each batch with the matching cleanser and
    /// encoding its rows with `encoder`; `fileIds[s]` maps source `s`'s file names to their ids.
    /// - Parameter table: The target table's qualified name, for flags.
    func start(extractors: [any BatchSource], cleansers: [RecordCleanser], fileIds: [[String: Int32]],
               encoder: RowEncoder, table: String) {
        nonisolated(unsafe) var extractors = extractors
        nonisolated(unsafe) var cleansers = cleansers
        let thread = Thread { [self] in
            do {
                for s in extractors.indices {
                    while let batch = try extractors[s].nextBatch() {
                        let clean = cleansers[s].cleanse(batch)
                        let fileId = fileIds[s][clean.file] ?? 0
                        var rows = EncodedRows()
                        var next = 0
                        for (i, values) in clean.rows.enumerated() {
                            let changed = clean.changedColumns[i]
                            let count = changed.nonzeroBitCount
                            try encoder.encode(values, file: fileId, origin: clean.origins[i], sourceKey: clean.sourceKeys[i],
                                               changed: changed, originals: clean.originalValues[next..<(next + count)],
                                               into: &rows)
                            next += count
                        }
                        let flags = clean.flags.map { f in
                            RunSession.Flag(targetTable: table, targetKey: encoder.keyText(clean.rows[f.row]),
                                            source: clean.source, file: clean.file, origin: clean.origins[f.row],
                                            field: f.field, reason: f.reason.rawValue, detail: f.detail)
                        }
                        let item = Item(source: s, file: clean.file, recordCount: batch.recordCount, rows: rows,
                                        rejects: clean.rejects, flags: flags)
                        guard put(.batch(item)) else { return }
                    }
                }
                _ = put(.end(extractors.map(\.fileStats), cleansers.map(\.stats)))
            } catch {
                _ = put(.failed(error))
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next message; blocks until there is one.
    func take() -> Message {
        condition.lock()
        defer { condition.unlock() }
        while messages.isEmpty { condition.wait() }
        let message = messages.removeFirst()
        condition.broadcast()
        return message
    }

    /// Makes the thread stop at its next batch (after a failure on the writing side).
    func cancel() {
        condition.lock()
        cancelled = true
        messages.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Queues `message`, waiting for room; `false` once cancelled.
    private func put(_ message: Message) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while messages.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        messages.append(message)
        condition.broadcast()
        return true
    }
}
