internal import Core

extension RegisterAssembler {
    /// A person's name: the surname against the list of family names, every word a possible
    /// syllable.
    func validateName(_ w: inout Work) {
        guard !w.reviewed, !w.isEmpty else { return }
        var words = w.source.split(separator: " ").map(String.init)
        var status = RegisterField.Status.certain
        switch VietnameseSurnames.check(words[0]) {
        case .known, .unknown:
            break
        case .misread(let candidates):
            let fixed = candidates.map { RegisterText.inCaseOf(words[0], $0) }
            if fixed.count == 1 {
                words[0] = fixed[0]
                status = .corrected(reason: "surname")
            } else {
                let rest = words.dropFirst().joined(separator: " ")
                w.status = .doubtful(reason: "misread_surname",
                                     candidates: fixed.map { rest.isEmpty ? $0 : $0 + " " + rest })
                return
            }
        }
        let value = words.joined(separator: " ")
        guard words.allSatisfy(VietnameseSyllable.isPossible) else {
            w.status = .doubtful(reason: "impossible_letters", candidates: status == .certain ? [] : [value])
            return
        }
        w.value = value
        w.status = status
    }

    /// An address: its unit parts against the register's own units, its words possible syllables.
    func validateAddress(_ w: inout Work) {
        guard !w.reviewed, !w.isEmpty else { return }
        var parts = Self.parts(w.source)
        var corrected = false
        var mismatch = false
        var otherParts: [Int] = []
        for p in parts.indices {
            let words = parts[p].text.split(separator: " ").map(String.init)
            guard let (kwCount, levels) = Self.unitKeyword(words), words.count > kwCount else {
                otherParts.append(p)
                continue
            }
            let name = words[kwCount...].joined(separator: " ")
            let key = RegisterText.key(name)
            var own = false
            for unit in units.units where levels.contains(unit.level) {
                if key == unit.key {
                    own = true
                    break
                }
                let d = RegisterText.distance(key, unit.key)
                let tolerance = RegisterUnits.tolerance(unit.key.count)
                guard d <= tolerance + 1, !units.siblingKeys.contains(String(key)) else { continue }
                if d <= tolerance {
                    parts[p].text = (words[..<kwCount] + [unit.name]).joined(separator: " ")
                    corrected = true
                    own = true
                } else {
                    mismatch = true
                }
                break
            }
            if !own { otherParts.append(p) }
        }
        let value = parts.map { $0.text + $0.separator }.joined()
        if mismatch {
            w.status = .doubtful(reason: "unit_mismatch", candidates: [])
            return
        }
        for word in RegisterText.words(value) where !Self.isPlausibleAddressWord(word) {
            w.status = .doubtful(reason: "impossible_letters", candidates: corrected ? [value] : [])
            return
        }
        for token in value.split(separator: " ") where !Self.hasPlausiblePunctuation(token) {
            w.status = .doubtful(reason: "stray_punctuation", candidates: [])
            return
        }
        w.value = value
        w.status = corrected ? .corrected(reason: "unit") : .certain
        w.otherParts = otherParts.map { parts[$0].text }
    }

    /// The comma-separated parts of an address, each with the separator after it.
    static func parts(_ s: String) -> [(text: String, separator: String)] {
        var out: [(text: String, separator: String)] = []
        var current = ""
        var chars = Array(s)
        chars.append("\u{0}")
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if ch == "," || ch == "\u{0}" {
                var sep = ch == "\u{0}" ? "" : String(ch)
                var j = i + 1
                while j < chars.count - 1, chars[j] == " " {
                    sep.append(" ")
                    j += 1
                }
                out.append((current.trimmingSpaces(), sep))
                current = ""
                i = j
                continue
            }
            current.append(ch)
            i += 1
        }
        return out
    }

    /// The unit type word(s) at the start of a part, and the levels they name.
    static func unitKeyword(_ words: [String]) -> (Int, [RegisterUnits.Level])? {
        for (kw, levels) in RegisterUnits.keywords where words.count >= kw.count {
            if zip(words, kw).allSatisfy({ $0.0.lowercased() == $0.1 }) { return (kw.count, levels) }
        }
        return nil
    }

    /// A word of an address: numbers and short upper-case abbreviations (TP, KP, TDP) pass, any
    /// other word must be a possible syllable.
    static func isPlausibleAddressWord(_ word: Substring) -> Bool {
        if word.contains(where: { $0.isNumber }) { return word.allSatisfy { $0.isASCII && ($0.isNumber || $0.isLetter) } }
        if word.count <= 4 && word.allSatisfy({ $0.isASCII && $0.isUppercase }) { return true }
        return VietnameseSyllable.isPossible(String(word))
    }

    /// Whether the punctuation inside a space-separated token of an address is what addresses
    /// have: a comma after it, "15/3" between digits, "P.5" or "TP.Huế" after an abbreviation,
    /// "Rịa-Vũng" between capitalised words or "5-6" between digits, brackets. Ruled lines and
    /// specks read as ".", "-", "'" between words ("Xóm.11", "huyện-Diễn") are not.
    static func hasPlausiblePunctuation(_ token: Substring) -> Bool {
        var t = Array(token)
        if t.last == "," { t.removeLast() }
        var i = 0
        while i < t.count {
            let ch = t[i]
            if RegisterText.isWordCharacter(ch) || ch == "(" || ch == ")" {
                i += 1
                continue
            }
            var lo = i
            while lo > 0 && RegisterText.isWordCharacter(t[lo - 1]) { lo -= 1 }
            var hi = i + 1
            while hi < t.count && RegisterText.isWordCharacter(t[hi]) { hi += 1 }
            let left = t[lo..<i], right = t[(i + 1)..<hi]
            guard !left.isEmpty, !right.isEmpty else { return false }
            let digits = { (s: ArraySlice<Character>) in s.allSatisfy { $0.isASCII && $0.isNumber } }
            switch ch {
            case "/":
                guard digits(left) && digits(right) else { return false }
            case ".":
                guard left.count <= 3, left.allSatisfy({ $0.isUppercase }) else { return false }
            case "-":
                guard (digits(left) && digits(right)) || (left.first!.isUppercase && right.first!.isUppercase) else { return false }
            default:
                return false
            }
            i += 1
        }
        return true
    }

    /// A vocabulary value: exact, or snapped to the one close value.
    func validateVocabulary(_ w: inout Work, _ values: [String], _ keys: [[Character]]) {
        guard !w.reviewed, !w.isEmpty else { return }
        if values.contains(w.source) {
            w.value = w.source
            w.status = .certain
            w.confirmed = true
            return
        }
        let key = RegisterText.key(w.source)
        let ranked = keys.indices.map { (i: $0, d: RegisterText.distance(key, keys[$0])) }.sorted { $0.d < $1.d }
        guard let best = ranked.first else {
            w.status = .doubtful(reason: "unknown_value", candidates: [])
            return
        }
        let second = ranked.count > 1 ? ranked[1].d : Int.max
        let tolerance = max(2, keys[best.i].count / 6)
        if best.d <= tolerance && second >= best.d + max(3, best.d) {
            w.value = values[best.i]
            w.status = .corrected(reason: "vocabulary")
            w.confirmed = true
        } else {
            w.status = .doubtful(reason: "unknown_value", candidates: ranked.prefix(3).map { values[$0.i] })
        }
    }
}
