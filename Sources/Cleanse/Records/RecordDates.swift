public import Core

/// The ISO 8601 reading (`ISODateTime.parse`) of a record's values, parsed once per value and
/// shared by the record-level steps that read dates (`units` dates, `checks`, the column type
/// check), which would otherwise parse the same text again each.
///
/// A reading stays until `forget(_:)` says the column was written; the cleanser calls it for
/// every value a step writes after the fields' rules.
struct RecordDates {
    /// Per column: 0 not read yet, 1 read and not ISO 8601, 2 read, in `parsed`.
    private var state: ContiguousArray<UInt8>
    private var parsed: ContiguousArray<ISODateTime>

    init(width: Int) {
        state = ContiguousArray(repeating: 0, count: width)
        parsed = ContiguousArray(repeating: ISODateTime(), count: width)
    }

    /// Forgets every reading, for the next record.
    @inline(__always)
    mutating func reset() {
        state.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Forgets the reading of column `c`, whose value changed.
    @inline(__always)
    mutating func forget(_ c: Int) {
        state[c] = 0
    }

    /// Takes `date` as the reading of column `c`'s value (which a `date` rule gave with it).
    @inline(__always)
    mutating func know(_ c: Int, _ date: ISODateTime) {
        state[c] = 2
        parsed[c] = date
    }

    /// `ISODateTime.parse` of `values[c]` (`nil` when it is `nil` or not ISO 8601).
    /// - Complexity: O(n) the first time per column and record, then O(1).
    @inline(__always)
    mutating func date(_ c: Int, in values: ContiguousArray<String?>) -> ISODateTime? {
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
