internal import Core

/// What a register column holds, and so how ``RegisterAssembler`` checks it.
public enum RegisterColumnKind: Sendable, Hashable {
    /// STT: an integer, consecutive down the page.
    case sequence
    /// Số vào sổ: `N/YYYY` (or `N` with the context year); N consecutive down the page, YYYY the
    /// context year when one is given. Output as `N/YYYY`.
    case entryNumber
    /// A person's full name: the surname is checked against ``VietnameseSurnames`` and every
    /// syllable must be a possible Vietnamese syllable.
    case personName
    /// A date in any written form; output as `dd/MM/yyyy`, zero padded.
    case date
    /// An address: its unit parts (xã, huyện, ...) are compared with the register's own units.
    case address
    /// Free text: whitespace and stray edge characters cleaned, nothing else.
    case text
    /// A closed list of values (NFC): close readings are snapped to it.
    case vocabulary([String])
}

/// One column of a register's layout.
public struct RegisterColumn: Sendable {
    /// The column's name, as corrections refer to it.
    public var name: String
    public var kind: RegisterColumnKind
    /// Typed registers: an empty cell (a merged cell) takes the value above.
    public var carryDown: Bool
    /// Dates: the values never go back down the page (issue dates).
    public var nonDecreasing: Bool
    /// The column's heading where the book names it otherwise (a typed file's header, such as
    /// "Họ, chữ đệm, tên"): a row repeating the headings is not an entry.
    public var heading: String?

    public init(name: String, kind: RegisterColumnKind, carryDown: Bool = false, nonDecreasing: Bool = false,
                heading: String? = nil) {
        self.name = name
        self.kind = kind
        self.carryDown = carryDown
        self.nonDecreasing = nonDecreasing
        self.heading = heading
    }
}
