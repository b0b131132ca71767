/// One word of an address: where its two keys are, their hashes, and what kind of word it is.
/// 32 bytes, so that the 32 words a scan keeps fit the stack (see `AddressScan.wordCapacity`).
struct ScanToken {
    var hashA: UInt64 = 0, hashB: UInt64 = 0
    /// The word's first byte in the input (for the text reported as unrecognised).
    var srcStart: Int32 = 0
    /// The word's marked key (`AddressLetters`) in `AddressScan.marked`.
    var aStart: UInt16 = 0, aEnd: UInt16 = 0
    /// The word's folded key (ASCII) in `AddressScan.folded`.
    var bStart: UInt16 = 0, bEnd: UInt16 = 0
    var word: UnitWord = .none
    var flags: UInt8 = 0
    /// The field the word came from: 0 free text, else `AddressLevel.rawValue + 1`.
    var tag: UInt8 = 0
    /// The value of a Roman numeral word (i ... xxxix), else 0.
    var roman: UInt8 = 0

    /// Digits only (leading zeros dropped from its keys).
    static let numeric: UInt8 = 1
    /// Starts with a digit ("12", "3A", "12B").
    static let digitLead: UInt8 = 2
    /// Has a diacritic: its marked key differs from its folded key.
    static let marks: UInt8 = 4
    /// A hard separator (`,` `;` `(` `)` `[` `]` `|` line break), or the start of a field,
    /// comes before it: no name or unit prefix spans that boundary.
    static let hardBefore: UInt8 = 8
    /// A dash (`-`, `–`, `—`) comes before it: names may span it ("Bà Rịa - Vũng Tàu"), but a
    /// type prefix or a hamlet word before it does not reach the word ("Thôn 3 - Quảng Phú").
    static let breakBefore: UInt8 = 16
    /// `hardBefore` or `breakBefore`.
    static let boundary: UInt8 = hardBefore | breakBefore

    var aLength: Int { Int(aEnd) &- Int(aStart) }
    var bLength: Int { Int(bEnd) &- Int(bStart) }
    @inline(__always) func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}
