public import Core

/// How the values of one field compare between two records: the first of its levels whose test
/// passes, else the last level ("different"); or no evidence at all when a value is missing.
public struct FieldComparison: Sendable, Hashable {
    /// One level, from the strongest agreement down (the pipeline file's level).
    public typealias Level = ComparisonSpec.Level

    /// What a value needs for the comparison to count as evidence.
    public enum Kind: Sendable, Hashable {
        case text
        /// A citizen ID: a 12-digit CCCD and a 9-digit CMND are different kinds of number, so a
        /// pair with one of each is no evidence either way (neither agreement nor difference).
        case citizenID
    }

    public var field: String
    public var levels: [Level]
    public var kind: Kind
    /// Whether agreeing on a value weighs by how rare the value is (see ``TermFrequencies``).
    public var termFrequencies: Bool

    public init(field: String, levels: [Level], kind: Kind = .text, termFrequencies: Bool = false) {
        self.field = field
        self.levels = levels
        self.kind = kind
        self.termFrequencies = termFrequencies
    }

    /// Whether outcome `outcome` says the two folded values are equal (`exact` or `folded`):
    /// the outcomes a term-frequency adjustment applies to.
    public func agreesOnValue(_ outcome: Int) -> Bool {
        guard outcome < levels.count else { return false }
        return levels[outcome] == .exact || levels[outcome] == .folded
    }

    /// The number of outcomes with evidence: one per level plus "different".
    public var outcomeCount: Int { levels.count + 1 }

    /// The outcome for two prepared values: a level index, `levels.count` for "different", or
    /// `nil` when there is no evidence.
    public func compare(_ a: PreparedValue?, _ b: PreparedValue?) -> Int? {
        guard let a, let b else { return nil }
        return a.withView { va in b.withView { vb in compare(va, vb) } }
    }

    /// The outcome for two values seen in place (see ``ValueView``).
    /// - Complexity: O(n·m) for the string levels, O(n) otherwise.
    public func compare(_ a: ValueView, _ b: ValueView) -> Int? {
        if kind == .citizenID, a.raw.count != b.raw.count { return nil }
        // Several Jaro-Winkler levels need the similarity once.
        var similarity = -1.0
        for (i, level) in levels.enumerated() {
            switch level {
            case .exact:
                if a.raw.count == b.raw.count && JaroWinkler.memcmpEqual(a.raw, b.raw) { return i }
            case .folded:
                if a.folded.count == b.folded.count && JaroWinkler.memcmpEqual(a.folded, b.folded) { return i }
            case .jaroWinkler(let threshold):
                if similarity < 0 { similarity = JaroWinkler.similarity(a.folded, b.folded) }
                if similarity >= threshold { return i }
            case .levenshtein(let n):
                if Levenshtein.distance(a.folded, b.folded, limit: n) != nil { return i }
            case .datePartial:
                if Self.datePartial(a.raw, b.raw) { return i }
            case .sameYear:
                if a.raw.count >= 4, b.raw.count >= 4, a.raw[0] == b.raw[0], a.raw[1] == b.raw[1], a.raw[2] == b.raw[2],
                   a.raw[3] == b.raw[3] { return i }
            case .yearsApart(let n):
                if Self.yearsApart(a.raw, b.raw, atMost: n) { return i }
            case .firstLastWords:
                if Self.firstLastWordsEqual(a.folded, b.folded) { return i }
            case .lastDigits(let n):
                if a.digits.count >= n, b.digits.count >= n,
                   JaroWinkler.memcmpEqual(UnsafeBufferPointer(rebasing: a.digits[(a.digits.count - n)...]),
                                           UnsafeBufferPointer(rebasing: b.digits[(b.digits.count - n)...])) { return i }
            }
        }
        return levels.count
    }

    /// Whether two folded values (words separated by single spaces) have the same first word
    /// and the same last word.
    static func firstLastWordsEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let space = UInt8(ascii: " ")
        let aFirst = a.firstIndex(of: space) ?? a.count, bFirst = b.firstIndex(of: space) ?? b.count
        guard aFirst == bFirst, JaroWinkler.memcmpEqual(UnsafeBufferPointer(rebasing: a[..<aFirst]),
                                                        UnsafeBufferPointer(rebasing: b[..<bFirst])) else { return false }
        let aLast = a.lastIndex(of: space).map { $0 + 1 } ?? 0, bLast = b.lastIndex(of: space).map { $0 + 1 } ?? 0
        return a.count - aLast == b.count - bLast
            && JaroWinkler.memcmpEqual(UnsafeBufferPointer(rebasing: a[aLast...]), UnsafeBufferPointer(rebasing: b[bLast...]))
    }

    /// `yyyy-MM-dd` dates with the same month and day whose years are at most `n` apart.
    static func yearsApart(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, atMost n: Int) -> Bool {
        guard a.count == 10, b.count == 10, a[5] == b[5], a[6] == b[6], a[8] == b[8], a[9] == b[9],
              let x = year(a), let y = year(b) else { return false }
        return abs(x - y) <= n
    }

    /// The four-digit year a `yyyy-MM-dd` date starts with.
    private static func year(_ date: UnsafeBufferPointer<UInt8>) -> Int? {
        var y = 0
        for i in 0..<4 {
            guard date[i] >= 0x30, date[i] <= 0x39 else { return nil }
            y = y * 10 + Int(date[i] - 0x30)
        }
        return y
    }

    /// `yyyy-MM-dd` dates with the same year and month, or with day and month swapped.
    static func datePartial(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == 10, b.count == 10, a[0] == b[0], a[1] == b[1], a[2] == b[2], a[3] == b[3] else { return false }
        if a[5] == b[5] && a[6] == b[6] { return true }
        return a[5] == b[8] && a[6] == b[9] && a[8] == b[5] && a[9] == b[6]
    }
}

/// A value's three forms seen in place, in a record store or a ``PreparedValue``.
public struct ValueView {
    public var raw: UnsafeBufferPointer<UInt8>
    public var folded: UnsafeBufferPointer<UInt8>
    public var digits: UnsafeBufferPointer<UInt8>
}

/// A value prepared once per record for every comparison of it.
public struct PreparedValue: Sendable, Hashable {
    /// The value's UTF-8 bytes as stored.
    public var raw: [UInt8]
    /// Folded: diacritics removed, lower case, white space collapsed (ASCII for Vietnamese).
    public var folded: [UInt8]
    /// Its decimal digits, in order.
    public var digits: [UInt8]

    /// `nil` for a missing or empty value.
    public init?(_ value: String?) {
        guard let value, !value.isEmpty else { return nil }
        raw = Array(value.utf8)
        folded = Self.folded(value)
        digits = raw.filter { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Calls `body` with the value's forms in place.
    public func withView<R>(_ body: (ValueView) -> R) -> R {
        raw.withUnsafeBufferPointer { r in
            folded.withUnsafeBufferPointer { f in
                digits.withUnsafeBufferPointer { d in body(ValueView(raw: r, folded: f, digits: d)) }
            }
        }
    }

    /// `value` folded: diacritics removed (`đ` as `d`), lower case, white space collapsed.
    /// - Complexity: O(n).
    public static func folded(_ value: String) -> [UInt8] {
        Array(FoldRule.fold(value).utf8)
    }
}
