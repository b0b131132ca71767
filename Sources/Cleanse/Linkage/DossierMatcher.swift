/// Finds the dossier whose result a register entry records: the same person (folded name, and
/// birth date where both sides have one), the same procedure (folded content against the
/// dossier's procedure name), and an issue date on or after the dossier's receipt.
///
/// Of the dossiers that pass, the one received last before the issue is the one the entry
/// closes. Two that tie leave the entry unlinked (``Outcome/ambiguous(_:)``): a result is never
/// attached to a dossier by a guess.
public struct DossierMatcher: Sendable {
    /// A dossier as read from its table; dates as `yyyy-MM-dd` (a longer ISO date-time is cut to
    /// its date).
    public struct Dossier: Sendable, Hashable {
        public var key: String
        public var name: String
        public var birthDate: String?
        public var content: String
        public var received: String

        public init(key: String, name: String, birthDate: String?, content: String, received: String) {
            self.key = key
            self.name = name
            self.birthDate = birthDate
            self.content = content
            self.received = received
        }
    }

    /// A register entry's side of the comparison; dates as `dd/MM/yyyy` or `yyyy-MM-dd`.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var birthDate: String?
        public var content: String
        public var issued: String

        public init(name: String, birthDate: String?, content: String, issued: String) {
            self.name = name
            self.birthDate = birthDate
            self.content = content
            self.issued = issued
        }
    }

    public enum Outcome: Sendable, Hashable {
        /// The dossier's key, and what agreed (a JSON object: content similarity, days from
        /// receipt to issue, whether the birth date was compared).
        case matched(key: String, why: String)
        /// Several dossiers fit equally well: their keys.
        case ambiguous([String])
        /// No dossier fits.
        case none
    }

    /// How alike the contents must be (Jaro-Winkler of the folded texts, or the share of the
    /// entry's words found in the procedure's name).
    public static let contentThreshold = 0.9

    private struct Prepared: Sendable {
        var key: String
        var birthDate: String?
        var content: [UInt8]
        var contentWords: Set<String>
        var received: String
    }

    /// Folded name -> dossiers of that name.
    private let byName: [String: [Prepared]]

    /// - Complexity: O(n) in the dossiers.
    public init(dossiers: [Dossier]) {
        var index: [String: [Prepared]] = [:]
        for d in dossiers {
            guard let received = Self.isoDate(d.received) else { continue }
            let content = Self.folded(d.content)
            index[Self.folded(d.name), default: []].append(Prepared(
                key: d.key, birthDate: d.birthDate.flatMap(Self.isoDate), content: Array(content.utf8),
                contentWords: Set(content.split(separator: " ").map(String.init)), received: received))
        }
        byName = index
    }

    /// The dossier `entry` closes, if one does for certain.
    /// - Complexity: O(k · m) for k dossiers of the same name and contents of length m.
    public func match(_ entry: Entry) -> Outcome {
        guard let issued = Self.isoDate(entry.issued), let candidates = byName[Self.folded(entry.name)] else { return .none }
        let birth = entry.birthDate.flatMap(Self.isoDate)
        let content = Self.folded(entry.content)
        let contentBytes = Array(content.utf8)
        let words = content.split(separator: " ").map(String.init)
        var best: [(Prepared, Double)] = []
        for d in candidates where d.received <= issued {
            if let birth, let other = d.birthDate, birth != other { continue }
            let jw = JaroWinkler.similarity(contentBytes, d.content)
            let shared = words.isEmpty ? 0 : Double(words.filter { d.contentWords.contains($0) }.count) / Double(words.count)
            let similarity = max(jw, shared)
            guard similarity >= Self.contentThreshold else { continue }
            if let top = best.first {
                if d.received > top.0.received { best = [(d, similarity)] } else if d.received == top.0.received { best.append((d, similarity)) }
            } else {
                best = [(d, similarity)]
            }
        }
        guard let (d, similarity) = best.first else { return .none }
        if best.count > 1 { return .ambiguous(best.map(\.0.key).sorted()) }
        let days = Self.days(issued) - Self.days(d.received)
        let why = "{\"content_similarity\":\(Double(Int(similarity * 1000)) / 1000),\"days_to_issue\":\(days),"
            + "\"birth_date_compared\":\(birth != nil && d.birthDate != nil)}"
        return .matched(key: d.key, why: why)
    }

    /// Lower case, marks removed, white space collapsed.
    static func folded(_ s: String) -> String {
        FoldRule.fold(s).lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// `yyyy-MM-dd` from `dd/MM/yyyy` or an ISO date or date-time; `nil` for anything else.
    static func isoDate(_ s: String) -> String? {
        let b = Array(s.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.upperBound <= b.count && b[r].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        if b.count >= 10, digits(0..<4), b[4] == UInt8(ascii: "-"), digits(5..<7), b[7] == UInt8(ascii: "-"), digits(8..<10) {
            return String(decoding: b[0..<10], as: UTF8.self)
        }
        if b.count == 10, digits(0..<2), b[2] == UInt8(ascii: "/"), digits(3..<5), b[5] == UInt8(ascii: "/"), digits(6..<10) {
            return String(decoding: b[6..<10], as: UTF8.self) + "-" + String(decoding: b[3..<5], as: UTF8.self) + "-"
                + String(decoding: b[0..<2], as: UTF8.self)
        }
        return nil
    }

    /// Days since 1970-01-01 of a `yyyy-MM-dd` date (proleptic Gregorian).
    static func days(_ iso: String) -> Int {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return 0 }
        var y = parts[0]
        let m = parts[1], d = parts[2]
        y -= m <= 2 ? 1 : 0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
