/// Vietnamese letters as the address scanner folds them: every precomposed letter (both cases)
/// as its base ASCII letter, its vowel modifier and its tone, looked up by scalar value.
///
/// Two keys come out of a word (see `AddressScan`): the *marked* key keeps the vowel letters
/// ă â ê ô ơ ư and đ (as bytes 0x81–0x87) and the word's tones (0x91–0x95, appended at the
/// word's end, so "Hoà" and "Hòa" give the same key), the *folded* key is plain ASCII
/// (đ → d, no marks). Both are lower case.
enum AddressLetters {
    /// Marked-key bytes of the modified letters.
    static let aBreve: UInt8 = 0x81, aCircumflex: UInt8 = 0x82, eCircumflex: UInt8 = 0x83
    static let oCircumflex: UInt8 = 0x84, oHorn: UInt8 = 0x85, uHorn: UInt8 = 0x86, dStroke: UInt8 = 0x87
    /// Marked-key byte of tone `t` (1 grave, 2 acute, 3 hook above, 4 tilde, 5 dot below).
    static let toneBase: UInt8 = 0x90

    /// Scalars U+00C0–U+01BF (entries 0 ..< 256) and U+1EA0–U+1EFF (256 ..< 352): each packs
    /// the marked-key byte (bits 0–7), the folded ASCII byte (8–15) and the tone (16–23); 0
    /// for a scalar that is not a Vietnamese letter. Look up with `entry(_:in:)`.
    static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 352)
        // Each row: the marked-key byte, the folded byte, and the letter with no tone, grave,
        // acute, hook above, tilde and dot below.
        let rows: [(UInt8, UInt8, String)] = [
            (0x61, 0x61, "aàáảãạ"), (aBreve, 0x61, "ăằắẳẵặ"), (aCircumflex, 0x61, "âầấẩẫậ"),
            (0x65, 0x65, "eèéẻẽẹ"), (eCircumflex, 0x65, "êềếểễệ"),
            (0x69, 0x69, "iìíỉĩị"),
            (0x6F, 0x6F, "oòóỏõọ"), (oCircumflex, 0x6F, "ôồốổỗộ"), (oHorn, 0x6F, "ơờớởỡợ"),
            (0x75, 0x75, "uùúủũụ"), (uHorn, 0x75, "ưừứửữự"),
            (0x79, 0x79, "yỳýỷỹỵ"),
            // đ, and Ð (U+00D0, Icelandic eth), which legacy conversions put for Đ.
            (dStroke, 0x64, "đ"), (dStroke, 0x64, "Đ"), (dStroke, 0x64, "Ð"),
        ]
        for (marked, folded, letters) in rows {
            for form in [letters, letters.uppercased()] {
                for (tone, scalar) in form.unicodeScalars.enumerated() where scalar.value >= 0x80 {
                    let v = scalar.value
                    let i = v >= 0xC0 && v < 0x1C0 ? Int(v - 0xC0) : Int(v - 0x1EA0) + 256
                    table[i] = UInt32(marked) | UInt32(folded) << 8 | UInt32(tone) << 16
                }
            }
        }
        return table
    }()

    /// The packed entry of scalar `v` in `table`, or 0 when it is not a Vietnamese letter.
    @inline(__always)
    static func entry(_ v: UInt32, in table: UnsafeBufferPointer<UInt32>) -> UInt32 {
        if v >= 0xC0 && v < 0x1C0 { return table[Int(v &- 0xC0)] }
        if v >= 0x1EA0 && v < 0x1F00 { return table[Int(v &- 0x1EA0) &+ 256] }
        return 0
    }

    /// The tone (1–5) of combining mark `v`, or 0. U+0340/U+0341 are the deprecated tone-mark
    /// duplicates of U+0300/U+0301.
    @inline(__always)
    static func combiningTone(_ v: UInt32) -> UInt8 {
        switch v {
        case 0x300, 0x340: return 1
        case 0x301, 0x341: return 2
        case 0x309: return 3
        case 0x303: return 4
        case 0x323: return 5
        default: return 0
        }
    }

    /// The marked-key byte of `letter` (a marked-key byte) under combining mark `v` (breve,
    /// circumflex or horn), or `letter` itself when they do not combine.
    @inline(__always)
    static func modified(_ letter: UInt8, by v: UInt32) -> UInt8 {
        switch (v, letter) {
        case (0x306, 0x61): return aBreve
        case (0x302, 0x61): return aCircumflex
        case (0x302, 0x65): return eCircumflex
        case (0x302, 0x6F): return oCircumflex
        case (0x31B, 0x6F): return oHorn
        case (0x31B, 0x75): return uHorn
        default: return letter
        }
    }
}
