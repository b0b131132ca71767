import Core

/// The records of one linkage, stored compactly: per compared field one byte arena holding each
/// record's value as stored, folded and as digits; per blocking rule one 64-bit key per record.
/// About 3 bytes per byte of value plus 16 per field and 8 per rule, per record; no object per
/// value, so a million records take tens of megabytes.
public struct LinkageRecords: Sendable {
    /// Each record's identity (for example its table key), in the order added.
    public private(set) var keys: [String] = []
    /// Per comparison: the bytes of every record's three forms.
    var arenas: [[UInt8]]
    /// Per comparison: for each record, the start of its raw, folded and digit forms and their
    /// end (4 offsets); a missing value has all four equal to -1.
    var bounds: [[Int32]]
    /// Per blocking rule: each record's key hash, 0 when a part of the rule is missing.
    var blockKeys: [[UInt64]]
    let comparisonFields: [Int]
    let blocking: [[(field: Int, transform: BlockingPart.Transform)]]

    /// The number of records.
    public var count: Int { keys.count }

    /// - Parameters:
    ///   - fields: The field names values are given in (see ``append(key:values:)``).
    ///   - comparisons: The compared fields, as indexes into `fields`.
    ///   - blocking: Each rule's parts, with fields as indexes into `fields`.
    init(comparisonFields: [Int], blocking: [[(field: Int, transform: BlockingPart.Transform)]]) {
        self.comparisonFields = comparisonFields
        self.blocking = blocking
        arenas = comparisonFields.map { _ in [] }
        bounds = comparisonFields.map { _ in [] }
        blockKeys = blocking.map { _ in [] }
    }

    /// Adds one record.
    /// - Parameter values: The record's values in the linker's field order.
    /// - Complexity: O(total length of the values).
    mutating func append(key: String, values: [String?]) {
        keys.append(key)
        var foldedCache: [Int: [UInt8]] = [:]
        func folded(_ f: Int) -> [UInt8]? {
            if let hit = foldedCache[f] { return hit }
            guard let v = values[f], !v.isEmpty else { return nil }
            let x = PreparedValue.folded(v)
            foldedCache[f] = x
            return x
        }
        for (k, f) in comparisonFields.enumerated() {
            guard let v = values[f], !v.isEmpty, let fv = folded(f) else {
                bounds[k].append(contentsOf: [-1, -1, -1, -1])
                continue
            }
            let start = Int32(arenas[k].count)
            arenas[k].append(contentsOf: v.utf8)
            let foldedStart = Int32(arenas[k].count)
            arenas[k].append(contentsOf: fv)
            let digitsStart = Int32(arenas[k].count)
            for b in v.utf8 where b >= 0x30 && b <= 0x39 { arenas[k].append(b) }
            bounds[k].append(contentsOf: [start, foldedStart, digitsStart, Int32(arenas[k].count)])
        }
        for (r, rule) in blocking.enumerated() {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var complete = true
            for (field, transform) in rule {
                guard let v = values[field], !v.isEmpty else { complete = false; break }
                let part: [UInt8]
                switch transform {
                case .value: part = Array(v.utf8)
                case .folded: part = folded(field) ?? []
                case .first(let n): part = Array((folded(field) ?? []).prefix(n))
                case .last(let n): part = Array((folded(field) ?? []).suffix(n))
                case .year: part = Array(v.utf8.prefix(4))
                case .digits: part = v.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }
                }
                if part.isEmpty { complete = false; break }
                for b in part { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
                hash = (hash ^ 0xff) &* 0x100_0000_01b3
            }
            blockKeys[r].append(complete ? Self.mix(hash) | 1 : 0)
        }
    }

    /// A final mix (splitmix64's), so that keys spread over all 64 bits.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
