/// Whether a word is a well-formed Vietnamese syllable: onset + vowel nucleus + coda, at most
/// one tone mark, placed where old-style or new-style spelling puts it. The encoding detector
/// scores candidate decodings by it.
enum VietnameseSyllable {
    /// A scalar's letter information: letter id (bits 0-4, 0 = not a Vietnamese letter), tone
    /// (bits 5-7, 0 = none), uppercase (bit 8).
    typealias Letter = UInt16

    // Letter ids: vowels first.
    static let a: UInt16 = 1, ă: UInt16 = 2, â: UInt16 = 3, e: UInt16 = 4, ê: UInt16 = 5, i: UInt16 = 6
    static let o: UInt16 = 7, ô: UInt16 = 8, ơ: UInt16 = 9, u: UInt16 = 10, ư: UInt16 = 11, y: UInt16 = 12
    static let lastVowel: UInt16 = 12
    /// An ASCII letter Vietnamese does not use (f j w z): part of a word, never of a syllable.
    static let foreign: UInt16 = 31

    /// Letter ids of the ASCII lowercase letters a...z.
    private static let asciiIds: [UInt16] = {
        let consonants = "bcdghklmnpqrstvx"
        var ids = [UInt16](repeating: foreign, count: 26)
        for (k, v) in "aeiouy".enumerated() {
            ids[Int(v.asciiValue! - 97)] = [a, e, i, o, u, y][k]
        }
        for (k, c) in consonants.enumerated() { ids[Int(c.asciiValue! - 97)] = 13 + UInt16(k) }
        return ids
    }()
    static let đ: UInt16 = 13 + 16  // after the 16 ASCII consonants

    /// Letter information for U+0000-U+024F and U+1EA0-U+1EFF (other scalars are not letters).
    private static let table: (latin: [Letter], extended: [Letter]) = {
        var latin = [Letter](repeating: 0, count: 0x250)
        var extended = [Letter](repeating: 0, count: 0x60)
        func set(_ scalar: UInt32, _ info: Letter) {
            if scalar < 0x250 { latin[Int(scalar)] = info } else { extended[Int(scalar) - 0x1EA0] = info }
        }
        for k in 0..<26 {
            set(0x61 + UInt32(k), asciiIds[k])
            set(0x41 + UInt32(k), asciiIds[k] | 0x100)
        }
        set(0x111, đ)
        set(0x110, đ | 0x100)
        // Untoned bases with a diacritic, from the composition table's bases.
        let vowelOf: [UInt32: UInt16] = [0x103: ă, 0xE2: â, 0xEA: ê, 0xF4: ô, 0x1A1: ơ, 0x1B0: ư]
        func info(ofBase base: UInt32) -> Letter? {
            if base < 0x80 {
                let lower = base | 0x20
                guard lower >= 0x61 && lower <= 0x7A else { return nil }
                return asciiIds[Int(lower - 0x61)] | (base < 0x60 ? 0x100 : 0)
            }
            let scalar = Unicode.Scalar(base)!
            let upper = scalar.properties.isUppercase
            guard let lower = scalar.properties.lowercaseMapping.unicodeScalars.first,
                  let id = vowelOf[lower.value] else { return nil }
            return id | (upper ? 0x100 : 0)
        }
        let tones: [UInt32: UInt16] = [0x300: 1, 0x301: 2, 0x303: 3, 0x309: 4, 0x323: 5]
        for c in EncodingTables.toneComposition {
            guard let base = info(ofBase: c.base), let tone = tones[c.mark] else { continue }
            set(c.base, base)
            set(c.letter, base | tone << 5)
        }
        return (latin, extended)
    }()

    /// `scalar`'s letter information; 0 when it is not a letter of Vietnamese.
    @inline(__always)
    static func letter(_ scalar: UInt32) -> Letter {
        if scalar < 0x250 { return table.latin[Int(scalar)] }
        if scalar >= 0x1EA0 && scalar < 0x1F00 { return table.extended[Int(scalar) - 0x1EA0] }
        return 0
    }

    /// `ids` folded into one number, five bits per letter.
    private static func code(_ ids: some Sequence<UInt16>) -> UInt32 {
        ids.reduce(0) { $0 << 5 | UInt32($1) }
    }

    /// `word`'s letters folded into one number (see ``code(_:)``).
    private static func code(_ word: String) -> UInt32 {
        code(word.unicodeScalars.map { letter($0.value) & 0x1F })
    }

    /// Valid rimes: vowel cluster << 15 | coda (0 = open syllable).
    private static let rimes: Set<UInt32> = {
        let spec: [(String, String)] = [
            ("a", "- c ch k m n ng nh p t"), ("ă", "c k m n ng p t"), ("â", "c k m n ng p t"),
            ("e", "- c k m n ng p t"), ("ê", "- ch k m n nh p t"), ("i", "- ch k m n nh p t"),
            ("o", "- c k m n ng p t"), ("ô", "- c k m n ng p t"), ("ơ", "- k m n p t"),
            ("u", "- c k m n ng p t"), ("ư", "- c k m n ng t"), ("y", "- ch n nh p t"),
            ("ai", "-"), ("ao", "-"), ("au", "-"), ("ay", "-"), ("âu", "-"), ("ây", "-"), ("eo", "-"),
            ("êu", "-"), ("ia", "-"), ("iu", "-"), ("oi", "-"), ("ôi", "-"), ("ơi", "-"), ("ua", "-"),
            ("ui", "-"), ("ưa", "-"), ("ưi", "-"), ("ưu", "-"), ("uơ", "-"),
            ("iê", "c m n ng p t"), ("yê", "c m n ng p t"), ("uô", "c m n ng t"), ("ươ", "c m n ng p t"),
            ("oa", "- c ch m n ng nh p t"), ("oă", "c m n ng t"), ("oe", "- n t"), ("oo", "c ng"),
            ("uâ", "n ng t"), ("uê", "- ch nh"), ("uy", "- ch n nh p t"), ("uyê", "n t"),
            ("iêu", "-"), ("yêu", "-"), ("oai", "-"), ("oay", "-"), ("oao", "-"), ("oeo", "-"), ("uây", "-"),
            ("uôi", "-"), ("ươi", "-"), ("ươu", "-"), ("uya", "-"), ("uyu", "-"),
        ]
        var out: Set<UInt32> = []
        for (cluster, codas) in spec {
            for coda in codas.split(separator: " ") {
                out.insert(code(cluster) << 15 | (coda == "-" ? 0 : code(String(coda))))
            }
        }
        return out
    }()

    /// Onsets, with the consonant clusters of minority-language place names (Krông Pắc, Plei Kần).
    private static let onsets: Set<UInt32> = Set(
        ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
         "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x", "bl", "br", "dr", "gl", "gr", "kl", "kr", "pl", "pr"]
            .map { code($0) })
    private static let g = code("g"), q = code("q"), c = code("c"), ng = code("ng")
    private static let gh = code("gh"), ngh = code("ngh"), gi = code("gi"), qu = code("qu")

    /// Whether `letters` (from ``letter(_:)``, none 0) spell one Vietnamese syllable, whatever
    /// their case: all lowercase, all capitals, capitalised, or capitals with lowercase toned
    /// letters (TCVN3 text from an all-caps font).
    static func isSyllable(_ letters: ArraySlice<Letter>) -> Bool {
        let n = letters.count
        guard n > 0 && n <= 7 else { return false }
        var ids = SIMD8<UInt16>()  // no allocation per word
        var tonePosition = -1
        var uppers = 0
        var untonedUppers = 0
        var untoned = 0
        var restLower = true
        var k = 0
        for l in letters {
            let id = l & 0x1F
            guard id != 0 && id != foreign else { return false }
            ids[k] = id
            let upper = l & 0x100 != 0
            if upper {
                uppers += 1
                if k > 0 { restLower = false }
            }
            if l >> 5 & 7 != 0 {
                guard tonePosition < 0 else { return false }
                tonePosition = k
            } else {
                untoned += 1
                if upper { untonedUppers += 1 }
            }
            k += 1
        }
        guard restLower || uppers == n || untonedUppers == untoned else { return false }
        // onset | vowels | coda
        var v0 = 0
        var onset: UInt32 = 0
        while v0 < n && ids[v0] > lastVowel {
            onset = onset << 5 | UInt32(ids[v0])
            v0 += 1
        }
        var v1 = v0
        while v1 < n && ids[v1] <= lastVowel { v1 += 1 }
        guard v1 > v0 else { return false }
        var coda: UInt32 = 0
        for k in v1..<n {
            if ids[k] <= lastVowel { return false }
            coda = coda << 5 | UInt32(ids[k])
        }
        // qu + vowel and gi + vowel: the u/i belongs to the onset (both readings for gi: "giêng").
        if onset == q {
            guard v1 - v0 >= 2 && ids[v0] == u else { return false }
            return rimeIsValid(onset: qu, ids, from: v0 + 1, to: v1, coda: coda, tonePosition: tonePosition)
        }
        if onset == g && v1 - v0 >= 2 && ids[v0] == i
            && rimeIsValid(onset: gi, ids, from: v0 + 1, to: v1, coda: coda, tonePosition: tonePosition) {
            return true
        }
        return rimeIsValid(onset: onset, ids, from: v0, to: v1, coda: coda, tonePosition: tonePosition)
    }

    private static func rimeIsValid(onset: UInt32, _ ids: SIMD8<UInt16>, from v0: Int, to v1: Int, coda: UInt32,
                                    tonePosition: Int) -> Bool {
        let count = v1 - v0
        guard count <= 3, onsets.contains(onset) else { return false }
        var cluster: UInt32 = 0
        var marked = -1  // the last vowel with a diacritic: it takes the tone (ươ -> ơ)
        for k in v0..<v1 {
            let id = ids[k]
            cluster = cluster << 5 | UInt32(id)
            if id == ă || id == â || id == ê || id == ô || id == ơ || id == ư { marked = k - v0 }
        }
        guard rimes.contains(cluster << 15 | coda) else { return false }
        // Spelling: gh/ngh before e ê i; c, g, ng not before them (g before i is "gi"). (k goes
        // anywhere: Bắc Kạn, Kon Tum.)
        let first = ids[v0]
        let front = first == e || first == ê || first == i || first == y
        switch onset {
        case gh, ngh: if !front || first == y { return false }
        case c: if front { return false }
        case ng: if front && first != y { return false }
        case g: if first == e || first == ê { return false }
        default: break
        }
        guard tonePosition >= 0 else { return true }
        guard tonePosition >= v0 && tonePosition < v1 else { return false }
        let p = tonePosition - v0
        if marked >= 0 { return p == marked }
        if coda != 0 { return p == count - 1 }
        switch count {
        case 1: return p == 0
        case 2:
            // Old style on the first vowel; new style puts oa, oe, uy's tone on the second.
            let (x, z) = (ids[v0], ids[v0 + 1])
            return p == 0 || (p == 1 && ((x == o && (z == a || z == e)) || (x == u && z == y)))
        default: return p == 1
        }
    }
}
