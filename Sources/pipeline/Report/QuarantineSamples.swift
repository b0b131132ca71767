import Core

/// Keeps the first few quarantined records of each reason, ordered by source, file and record
/// number (the order `RunLedger.quarantined` reads them back in), whatever order they come in.
struct QuarantineSamples {
    let perReason: Int
    private var kept: [String: [Reject]] = [:]

    init(perReason: Int = 3) { self.perReason = perReason }

    /// Offers a quarantined record.
    /// - Complexity: O(perReason).
    mutating func offer(_ reject: Reject) {
        var list = kept[reject.reason.rawValue, default: []]
        if list.count == perReason, let last = list.last, !Self.precedes(reject, last) { return }
        let at = list.firstIndex { Self.precedes(reject, $0) } ?? list.endIndex
        list.insert(reject, at: at)
        if list.count > perReason { list.removeLast() }
        kept[reject.reason.rawValue] = list
    }

    /// The kept records, by reason name, then in order.
    var all: [Reject] {
        kept.keys.sorted().flatMap { kept[$0] ?? [] }
    }

    private static func precedes(_ a: Reject, _ b: Reject) -> Bool {
        if a.source != b.source { return a.source.unicodeScalars.lexicographicallyPrecedes(b.source.unicodeScalars) }
        if a.file != b.file { return a.file.unicodeScalars.lexicographicallyPrecedes(b.file.unicodeScalars) }
        return a.origin.record < b.origin.record
    }
}
