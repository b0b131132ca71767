#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How often each value of a compared field occurs among the records, by the hash of its folded
/// form. Two records agreeing on a rare value ("Quách Bích Lụa") is stronger evidence than two
/// agreeing on a common one ("Nguyễn Văn Hùng"): a comparison with `term_frequencies` weighs an
/// `exact` or `folded` agreement by the value's share instead of the average agreement's.
///
/// A model keeps the table it was estimated with, so that an incremental run scores exactly as
/// a full link with the same model would; a value the table has not seen counts once.
public struct TermFrequencies: Sendable, Hashable {
    /// Occurrences by ``hash(_:)`` of the folded value.
    public private(set) var counts: [UInt64: UInt32]
    /// The values counted (records with a value).
    public private(set) var total: Int

    public init(counts: [UInt64: UInt32], total: Int) {
        self.counts = counts
        self.total = total
    }

    /// Counts values by their ``hash(_:)`` (`nil`: a record without a value).
    /// - Complexity: O(n).
    init(counting hashes: [UInt64?]) {
        var counts: [UInt64: UInt32] = [:]
        var total = 0
        for case let h? in hashes {
            counts[h, default: 0] += 1
            total += 1
        }
        self.init(counts: counts, total: total)
    }

    /// log2 of the value's share among the values counted (a value not seen counts once).
    public func logShare(_ hash: UInt64) -> Double {
        log2(Double(max(counts[hash] ?? 1, 1)) / Double(max(total, 1)))
    }

    /// A folded value's key in ``counts`` (FNV-1a, mixed).
    public static func hash(_ folded: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in folded { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return LinkageRecords.mix(h)
    }
}
