import Core

/// The keys of one target table, with the content hash each row has in the database and what
/// this run did to it. Loaded once at the start of a run, so unchanged rows never reach the
/// server and new rows go straight into the table.
struct TargetIndex {
    enum State: UInt8 {
        /// In the table, not seen in this run.
        case stored
        /// Seen in this run; the winner's row was inserted.
        case inserted
        /// Seen in this run; the winner's row was updated.
        case updated
        /// Seen in this run; the winner's row was already as it is.
        case unchanged
    }

    private var keys: KeyIndex
    private var storedHashes: [Int64] = []
    private var states: [State] = []

    init(expected: Int) {
        keys = KeyIndex(expected: max(expected, 1 << 12))
        storedHashes.reserveCapacity(expected)
        states.reserveCapacity(expected)
    }

    /// Records a row that is in the table.
    mutating func addStored(_ key: UnsafeBufferPointer<UInt8>, hash: Int64) {
        let (id, inserted) = keys.insert(key)
        precondition(inserted, "the table's primary key makes stored keys unique")
        precondition(id == storedHashes.count)
        storedHashes.append(hash)
        states.append(.stored)
    }

    /// What happens to a record with `key` and content `hash`: the first record of a key decides
    /// (insert, update or nothing); later ones are merged into it.
    /// - Returns: The new state, or `nil` when the record is merged into an earlier one; then
    ///   `winner` is what happened to the earlier record's row.
    mutating func admit(_ key: UnsafeBufferPointer<UInt8>, hash: Int64) -> (state: State?, winner: State) {
        let (id, isNew) = keys.insert(key)
        if isNew {
            storedHashes.append(0)
            states.append(.inserted)
            return (.inserted, .inserted)
        }
        switch states[id] {
        case .stored:
            let s: State = storedHashes[id] == hash ? .unchanged : .updated
            states[id] = s
            return (s, s)
        case let winner:
            return (nil, winner)
        }
    }
}
