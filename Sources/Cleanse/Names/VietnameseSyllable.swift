/// Whether a word can be a Vietnamese syllable: its letters, its letter case and where its tone
/// mark sits. Catches what OCR makes of stacked diacritics and ruled lines ("Ñgọe", "HỮÙ",
/// "HUy", "ĐễnKỷ", "Xórh") that a confidence score misses.
///
/// A syllable is an initial consonant (none, b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu
/// r s t th tr v x) and a rhyme from the closed list of Vietnamese rhymes (vowel group and final
/// consonant c ch m n ng nh p t), in one letter case (lower, UPPER or Title), with at most one
/// tone mark, on the vowel that carries it: the last vowel with a vowel mark (ươ: ơ), else the
/// last vowel before a final consonant, else the first of two vowels (`oa`, `oe`, `uy`: either,
/// old or new style) or the middle of three. Stop finals (c ch p t) take only the sắc or nặng
/// tone. Spelling rules: k, gh, ngh only before i e ê y; c, g, ng never before them.
///
/// Loanwords and the names of some ethnic minorities (Ksor, H'Hen) are not syllables in this
/// sense and are refused: a register's reviewer sees them.
public enum VietnameseSyllable {
    struct Letter {
        /// The lower-case letter without its tone (with its vowel mark): a ă â ... đ b c ...
        var base: Character
        /// 0 none, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng.
        var tone: Int
        var upper: Bool
    }

    private static let vowelBases: [Character] = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "đ"]

    /// Every Vietnamese letter and ASCII consonant -> its parts.
    private static let letters: [Character: Letter] = {
        var out: [Character: Letter] = [:]
        for code in 0..<VietnameseLetters.scalars.count {
            let s = VietnameseLetters.scalars[code]
            guard s != 0, let u = Unicode.Scalar(s) else { continue }
            let base = vowelBases[code / 12]
            out[Character(u)] = Letter(base: base, tone: code % 12 / 2, upper: code & 1 == 1)
        }
        for c in "bcdghklmnpqrstvx" {
            out[c] = Letter(base: c, tone: 0, upper: false)
            out[Character(c.uppercased())] = Letter(base: c, tone: 0, upper: true)
        }
        return out
    }()

    private static let markedVowels: Set<Character> = ["ă", "â", "ê", "ô", "ơ", "ư"]
    private static let vowels: Set<Character> = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]

    /// Vowel groups that end a syllable.
    private static let openRhymes: Set<String> = [
        "a", "ai", "ao", "au", "ay", "âu", "ây", "e", "eo", "ê", "êu", "i", "ia", "iu", "iêu", "o", "oa", "oai", "oay",
        "oe", "oeo", "oi", "ô", "ôi", "ơ", "ơi", "u", "ua", "uây", "uê", "ui", "uôi", "uơ", "uy", "uya", "uyu", "ư", "ưa",
        "ưi", "ưu", "ươi", "ươu", "y", "yêu",
    ]

    /// Vowel groups before a final consonant -> the finals they take.
    private static let closedRhymes: [String: Set<String>] = [
        "a": ["c", "ch", "m", "n", "ng", "nh", "p", "t"], "ă": ["c", "m", "n", "ng", "p", "t"],
        "â": ["c", "m", "n", "ng", "p", "t"], "e": ["c", "m", "n", "ng", "p", "t"], "ê": ["ch", "m", "n", "nh", "p", "t"],
        "i": ["ch", "m", "n", "nh", "p", "t"], "o": ["c", "m", "n", "ng", "p", "t"], "oo": ["c", "ng"],
        "ô": ["c", "m", "n", "ng", "p", "t"], "ơ": ["m", "n", "p", "t"], "u": ["c", "m", "n", "ng", "p", "t"],
        "ư": ["c", "m", "n", "ng", "t"], "iê": ["c", "m", "n", "ng", "p", "t"], "yê": ["m", "n", "ng", "t"],
        "uô": ["c", "m", "n", "ng", "t"], "ươ": ["c", "m", "n", "ng", "p", "t"], "oa": ["c", "ch", "m", "n", "ng", "nh", "p", "t"],
        "oă": ["c", "m", "n", "ng", "t"], "oe": ["n", "t"], "uâ": ["n", "ng", "t"], "uê": ["ch", "n", "nh"],
        "uy": ["ch", "n", "nh", "p", "t"], "uyê": ["n", "t"],
    ]

    private static let onsets: [String] = [
        "ngh", "ng", "gh", "gi", "qu", "ch", "kh", "nh", "ph", "th", "tr",
        "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ]

    /// Whether `word` (NFC, letters only) can be one Vietnamese syllable.
    /// - Complexity: O(n) in the word's length.
    public static func isPossible(_ word: String) -> Bool {
        guard !word.isEmpty, word.count <= 8 else { return false }
        var parts: [Letter] = []
        parts.reserveCapacity(word.count)
        for ch in word {
            guard let l = letters[ch] else { return false }
            parts.append(l)
        }
        // One letter case: lower, UPPER, or Title.
        let uppers = parts.lazy.filter(\.upper).count
        if uppers != 0 && uppers != parts.count && !(uppers == 1 && parts[0].upper) { return false }
        let toned = parts.indices.filter { parts[$0].tone != 0 }
        guard toned.count <= 1 else { return false }
        let tonePosition = toned.first
        let tone = tonePosition.map { parts[$0].tone } ?? 0
        let bases = parts.map(\.base)
        for onset in onsets {
            let o = Array(onset)
            guard bases.count >= o.count, Array(bases[0..<o.count]) == o else { continue }
            let rest = Array(bases[o.count...])
            switch onset {
            case "qu":
                // The u is a glide: qua, quang, quê, quốc take a rhyme; quy, quyết, quỳnh take
                // "u" + rest, the tone on rest's vowels.
                guard let first = rest.first, first != "u", first != "o" else { continue }
                if rhymeIsValid(rest, tone: tone, tonePosition: tonePosition.map { $0 - 2 }) { return true }
                if first == "y",
                   rhymeIsValid(["u"] + rest, tone: tone, tonePosition: tonePosition.map { $0 - 1 }, glide: true) {
                    return true
                }
            case "gi":
                if let first = rest.first, first != "i",
                   rhymeIsValid(rest, tone: tone, tonePosition: tonePosition.map { $0 - 2 }) { return true }
                // The i of gi shared with the rhyme: gì, giếng.
                if rhymeIsValid(Array(bases[1...]), tone: tone, tonePosition: tonePosition.map { $0 - 1 }) { return true }
            default:
                if let first = rest.first {
                    let front: Set<Character> = ["i", "e", "ê", "y"]
                    switch onset {
                    case "k", "gh", "ngh": if !front.contains(first) { continue }
                    case "c", "g", "ng": if front.contains(first) { continue }
                    default: break
                    }
                }
                if rhymeIsValid(rest, tone: tone, tonePosition: tonePosition.map { $0 - o.count }) { return true }
            }
        }
        return false
    }

    /// Whether `rhyme` is a Vietnamese rhyme with its tone (if any) at `tonePosition`, relative
    /// to the rhyme. `glide`: the rhyme's first letter is the u of qu, which never takes the tone.
    private static func rhymeIsValid(_ rhyme: [Character], tone: Int, tonePosition: Int?, glide: Bool = false) -> Bool {
        let split = rhyme.firstIndex(where: { !vowels.contains($0) }) ?? rhyme.count
        guard split > 0 else { return false }
        let group = Array(rhyme[0..<split])
        let final = String(rhyme[split...])
        if final.isEmpty {
            guard openRhymes.contains(String(group)) else { return false }
        } else {
            guard closedRhymes[String(group)]?.contains(final) == true else { return false }
            // Stop finals take only the sắc or nặng tone.
            if ["c", "ch", "p", "t"].contains(final) && tone != 2 && tone != 5 { return false }
        }
        guard let position = tonePosition else { return true }
        if glide {
            guard group.count > 1 else { return false }
            return allowedTonePositions(Array(group.dropFirst()), closed: !final.isEmpty).contains(position - 1)
        }
        return allowedTonePositions(group, closed: !final.isEmpty).contains(position)
    }

    /// Where a vowel group's tone may go.
    private static func allowedTonePositions(_ group: [Character], closed: Bool) -> Set<Int> {
        if let marked = group.lastIndex(where: { markedVowels.contains($0) }) { return [marked] }
        if group.count == 1 { return [0] }
        if closed { return [group.count - 1] }
        if group.count == 3 { return [1] }
        let pair = String(group)
        if pair == "oa" || pair == "oe" || pair == "uy" { return [0, 1] }
        return [0]
    }
}
