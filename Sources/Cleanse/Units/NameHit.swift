/// A name found in the address: the words `nameStart ..< end`, after a prefix from `start`.
struct NameHit {
    var start: Int
    var nameStart: Int
    var end: Int
    /// The posting list, in `marked` or `folded` table of the index searched.
    var list: Int32
    var marked: Bool
    var prefix: UnitPrefix
    /// Found as the number of a Roman numeral ("Phường IV").
    var roman = false
    /// Found by folded key while the words have diacritics: only names whose marks agree
    /// with those written are candidates.
    var checkMarks = false

    /// No hit (a placeholder with no list).
    static let none = NameHit(start: 0, nameStart: 0, end: 0, list: -1, marked: false, prefix: UnitPrefix())
}
