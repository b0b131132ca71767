public import Core

/// The ISO 8601 reading (`ISODateTime.parse`) of a record's values, parsed once per value and
/// shared by the record-level steps that read dates (`units` dates, `checks`, the column type
/// check), which would otherwise parse the same text again each.
///
/// A reading stays until `forget(_:)` says the column was written; the cleanser calls it for
/// every value a step writes after the fields' rules. One per cleansing of a batch, reused from
/// record to record (`reset`): its slots are plain memory, so that knowing or forgetting a
/// reading costs no uniqueness check of an array.
final class RecordDates {
    let width: Int
    /// Per column: 0 not read yet, 1 read and not ISO 8601, 2 read, in `parsed`.
    private let state: UnsafeMutablePointer<UInt8>
    private let parsed: UnsafeMutablePointer<ISODateTime>

    init(width: Int) {
        self.width = width
        state = .allocate(capacity: max(1, width))
        state.initialize(repeating: 0, count: max(1, width))
        parsed = .allocate(capacity: max(1, width))
        parsed.initialize(repeating: ISODateTime(), count: max(1, width))
    }

    deinit {
        state.deallocate()
        parsed.deinitialize(count: max(1, width))
        parsed.deallocate()
    }

    /// Forgets every reading, for the next record.
    @inline(__always)
    func reset() {
        state.update(repeating: 0, count: width)
    }

    /// Forgets the reading of column `c`, whose value changed.
    @inline(__always)
    func forget(_ c: Int) {
        precondition(c >= 0 && c < width)
        state[c] = 0
    }

    /// Takes `date` as the reading of column `c`'s value (which a `date` rule gave with it).
    @inline(__always)
    func know(_ c: Int, _ date: ISODateTime) {
        precondition(c >= 0 && c < width)
        state[c] = 2
        parsed[c] = date
    }

    /// `ISODateTime.parse` of `values[c]` (`nil` when it is `nil` or not ISO 8601).
    /// - Complexity: O(n) the first time per column and record, then O(1).
    @inline(__always)
    func date(_ c: Int, in values: ContiguousArray<String?>) -> ISODateTime? {
        precondition(c >= 0 && c < width)
        switch state[c] {
        case 1: return nil
        case 2: return parsed[c]
        default:
            guard let text = values[c], let p = RuleBytes.withUTF8(text, { ISODateTime.parse($0) }) else {
                state[c] = 1
                return nil
            }
            state[c] = 2
            parsed[c] = p
            return p
        }
    }
}
