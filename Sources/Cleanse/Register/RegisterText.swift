internal import Core

/// Text helpers of the register assembler: whitespace, stray edge characters, matching keys,
/// edit distance.
enum RegisterText {
    /// `s` in NFC with every run of white space made one space, none at the ends.
    static func collapsed(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pending = false
        for ch in NFCRule.normalize(s) {
            if ch.isWhitespace {
                pending = !out.isEmpty
                continue
            }
            if pending {
                out.append(" ")
                pending = false
            }
            out.append(ch)
        }
        return out
    }

    /// Whether `ch` is a letter (not a modifier letter such as ˆ) or a digit.
    static func isWordCharacter(_ ch: Character) -> Bool {
        if ch.isNumber { return ch.isASCII || ch.isWholeNumber }
        guard ch.isLetter, let u = ch.unicodeScalars.first else { return false }
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter: return true
        default: return false
        }
    }

    /// `s` without the stray characters OCR reads from ruled lines and specks at its ends
    /// (`|`, `_`, `-`, quotes, a trailing `.`, `:`, `,`): everything before the first and after
    /// the last character that `keep` accepts. A closing bracket is kept when the value opens it.
    static func strippingEdges(_ s: String, keep: (Character) -> Bool = isWordCharacter) -> String {
        guard let first = s.firstIndex(where: keep) else { return "" }
        var last = s.lastIndex(where: keep)!
        var end = s.index(after: last)
        // "Thôn 3 (cũ)": keep a closing bracket the value opened.
        if end < s.endIndex, s[end] == ")", s[first..<end].contains("(") {
            last = end
            end = s.index(after: last)
        }
        return String(s[first..<end])
    }

    /// The matching key of `s`: lower case, tone marks in the old style (hòa, thủy), letters
    /// and digits only (spaces and punctuation dropped, since OCR drops and adds them).
    static func key(_ s: String) -> [Character] {
        let toned = ToneRule.convert(s, to: .old).lowercased()
        return toned.filter(isWordCharacter)
    }

    /// `key(s)` with the marks folded away (ê -> e, đ -> d).
    static func foldedKey(_ s: String) -> [Character] {
        Array(FoldRule.fold(String(key(s))))
    }

    /// Edit distance of two character arrays.
    /// - Complexity: O(n·m).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `word` written in the case of `model`: UPPER, lower or as is (Title).
    static func inCaseOf(_ model: String, _ word: String) -> String {
        let letters = model.filter(\.isLetter)
        if !letters.isEmpty && letters.allSatisfy({ $0.isUppercase }) && letters.count > 1 { return word.uppercased() }
        if !letters.isEmpty && letters.allSatisfy({ $0.isLowercase }) { return word.lowercased() }
        return word
    }

    /// The words of `s`: runs of word characters.
    static func words(_ s: String) -> [Substring] {
        s.split(whereSeparator: { !isWordCharacter($0) })
    }
}
