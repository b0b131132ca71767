/// How one segment of a decoding reads: the bytes between two ASCII separators (space, digits,
/// punctuation, tab, line ends), which every candidate decodes alike, so the k-th segment of
/// each decoding comes from the same source bytes.
enum SegmentStatus {
    /// ASCII letters only, or non-ASCII symbols without letters: no evidence.
    static let neutral: UInt8 = 0
    /// Its words with non-ASCII letters are all Vietnamese syllables.
    static let good: UInt8 = 1
    /// An invalid syllable, an undecodable byte, a foreign letter or combining mark, a control
    /// character, or a symbol between two letters.
    static let bad: UInt8 = 2

    /// Whether `byte` separates segments: printable ASCII that is not a letter, tab, LF, CR.
    @inline(__always)
    static func isSeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x0A, 0x0D, 0x20...0x40, 0x5B...0x60, 0x7B...0x7F: return true
        default: return false
        }
    }

    /// Per segment of `source`: whether it holds a byte candidates may decode differently
    /// (>= 0x80 or a C0 control).
    static func interestingSegments(_ source: [UInt8]) -> [Bool] {
        var out: [Bool] = []
        var interesting = false
        for b in source {
            if isSeparator(b) {
                out.append(interesting)
                interesting = false
            } else if b >= 0x80 || b < 0x20 {
                interesting = true
            }
        }
        out.append(interesting)
        return out
    }

    /// The status of every segment of the decoded `utf8` (neutral where `interesting` is false).
    static func statuses(_ utf8: [UInt8], interesting: [Bool]) -> [UInt8] {
        var out = [UInt8](repeating: neutral, count: interesting.count)
        var segment = 0
        var start = 0
        var word: [VietnameseSyllable.Letter] = []
        for i in 0...utf8.count where i == utf8.count || isSeparator(utf8[i]) {
            if segment < interesting.count && interesting[segment] && i > start {
                out[segment] = status(utf8, start, i, word: &word)
            }
            segment += 1
            start = i + 1
        }
        return out
    }

    /// Punctuation that may close a word (right after its last letter).
    private static func closes(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2019, 0x201D, 0x203A, 0xBB, 0x2026, 0x2122, 0xAE, 0xA9, 0xB0, 0xB2, 0xB3, 0xB9, 0x2030: return true
        default: return false
        }
    }

    /// Punctuation that may open a word (right before its first letter).
    private static func opens(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2018, 0x201C, 0x201A, 0x201E, 0x2039, 0xAB, 0xBF, 0xA1: return true
        default: return false
        }
    }

    /// A combining mark applied to the letter before it (decomposed text): the letter with the
    /// mark, or 0 when Vietnamese has no such letter.
    private static func combine(_ letter: VietnameseSyllable.Letter, _ mark: UInt32) -> VietnameseSyllable.Letter {
        typealias V = VietnameseSyllable
        let id = letter & 0x1F
        let rest = letter & ~0x1F
        let tone: UInt16 = switch mark {
        case 0x300: 1
        case 0x301: 2
        case 0x303: 3
        case 0x309: 4
        case 0x323: 5
        default: 0
        }
        if tone != 0 {
            return id <= V.lastVowel && letter >> 5 & 7 == 0 ? letter | tone << 5 : 0
        }
        switch (mark, id) {
        case (0x302, V.a): return rest | V.â
        case (0x302, V.e): return rest | V.ê
        case (0x302, V.o): return rest | V.ô
        case (0x306, V.a): return rest | V.ă
        case (0x31B, V.o): return rest | V.ơ
        case (0x31B, V.u): return rest | V.ư
        default: return 0
        }
    }

    private static func status(_ utf8: [UInt8], _ start: Int, _ end: Int, word: inout [VietnameseSyllable.Letter]) -> UInt8 {
        word.removeAll(keepingCapacity: true)
        var wordHasNonASCII = false
        var sawNonASCIILetters = false
        /// The scalar before: 0 = none or a space, 1 = a letter, else the symbol.
        var previous: UInt32 = 0
        func endWord() -> Bool {
            defer {
                word.removeAll(keepingCapacity: true)
                wordHasNonASCII = false
            }
            guard wordHasNonASCII else { return true }
            sawNonASCIILetters = true
            return VietnameseSyllable.isSyllable(word[...])
        }
        var i = start
        while i < end {
            let b = utf8[i]
            var scalar: UInt32
            var length = 1
            if b < 0x80 {
                scalar = UInt32(b)
            } else if b >= 0xC2 && b <= 0xDF && i + 1 < end && utf8[i + 1] & 0xC0 == 0x80 {
                scalar = UInt32(b & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                length = 2
            } else if b >= 0xE0 && b <= 0xEF && i + 2 < end && utf8[i + 1] & 0xC0 == 0x80 && utf8[i + 2] & 0xC0 == 0x80 {
                scalar = UInt32(b & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                length = 3
                if scalar < 0x800 || (scalar >= 0xD800 && scalar <= 0xDFFF) { return bad }
            } else {
                return bad  // undecodable, or a scalar outside the BMP
            }
            i += length
            let letter = VietnameseSyllable.letter(scalar)
            if letter != 0 {
                // A symbol right before a letter must be opening punctuation (or an apostrophe: H’Mông).
                if previous > 1 && !opens(previous) && previous != 0x2019 { return bad }
                word.append(letter)
                if scalar >= 0x80 { wordHasNonASCII = true }
                previous = 1
                continue
            }
            if scalar >= 0x300 && scalar < 0x370 {
                // A combining mark on the letter before it (decomposed text).
                guard previous == 1, let last = word.last else { return bad }
                let combined = combine(last, scalar)
                if combined == 0 { return bad }
                word[word.count - 1] = combined
                wordHasNonASCII = true
                continue
            }
            // A control, a foreign letter, a space or a symbol.
            if scalar < 0x20 || (scalar >= 0x7F && scalar < 0xA0) { return bad }
            if Unicode.Scalar(scalar)!.properties.isAlphabetic { return bad }
            if scalar == 0xA0 || (scalar >= 0x2000 && scalar <= 0x200B) || scalar == 0x202F || scalar == 0x3000 {
                if !endWord() { return bad }
                previous = 0
                continue
            }
            // A symbol right after a letter must be closing punctuation (or an apostrophe).
            if previous == 1 && !closes(scalar) && scalar != 0x2019 { return bad }
            if !endWord() { return bad }
            previous = scalar
        }
        if !endWord() { return bad }
        return sawNonASCIILetters ? good : neutral
    }
}
