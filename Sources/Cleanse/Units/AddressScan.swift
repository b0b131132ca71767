/// An address cut into words, each with a marked and a folded key (see `AddressLetters`),
/// in caller-provided buffers (on the stack, see `withScan`): scanning allocates nothing.
///
/// A word is a run of letters and digits; apostrophes join (M'Drắk is one word, as the name
/// keys drop them); a letter run followed by digits splits ("P15" → "p" "15", "Q1" → "q" "1")
/// but a digit run followed by letters does not ("3A"). Any other character separates words:
/// white space, `.`, `/` and the like softly, `,` `;` `(` `)` `[` `]` `|` and line breaks
/// hard, dashes in between (see `ScanToken.breakBefore`). Combining marks (NFD input) apply
/// to the letter before them.
struct AddressScan {
    let tokens: UnsafeMutableBufferPointer<ScanToken>
    let marked: UnsafeMutableBufferPointer<UInt8>
    let folded: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0
    private var aCount = 0, bCount = 0
    /// Words below this index are stand-ins for the words of an address before its tail
    /// (`withScan(of:sentinels:reads:)`): reading one sets `floorRead`.
    private(set) var floor = 0
    private(set) var floorRead: UnsafeMutablePointer<Bool>?
    /// Words were dropped to make room (the address has more than `wordCapacity`).
    private(set) var dropped = false

    // The word being read.
    private var current = ScanToken()
    private var inWord = false
    private var digitLead = false
    private var digitsOnly = false
    private var lettersOnly = false
    private var tones: UInt32 = 0, toneCount = 0
    /// The word's key hashes so far, built as its bytes are appended (`KeyHash`).
    private var hashA: UInt64 = 0, hashB: UInt64 = 0
    /// A combining mark rewrote a marked-key byte already hashed: `finish` hashes the key again.
    private var rehash = false
    private var hardPending = true
    private var breakPending = false

    /// Bytes a field may contribute: a longer field is read from its last `fieldWindow`
    /// bytes (addresses end with the units).
    static let fieldWindow = 320

    /// Words a scan keeps: the last 32 (an address's units are at its end). 32 words of
    /// 32 bytes stay within the 1 KiB that `withUnsafeTemporaryAllocation` always takes from
    /// the stack.
    static let wordCapacity = 32

    /// Key buffer size for fields of `bytes` UTF-8 bytes in all (each already at most
    /// `fieldWindow`): a key byte comes from at most one input byte (a tone byte from a
    /// scalar of two or more bytes).
    static func keyCapacity(forBytes bytes: Int) -> Int { bytes + 8 }

    /// `AddressLetters.table` and `UnitWord.table`, fetched once per scan rather than per
    /// letter and word.
    private let letters = AddressLetters.table
    private let words = UnitWord.table

    init(tokens: UnsafeMutableBufferPointer<ScanToken>, marked: UnsafeMutableBufferPointer<UInt8>,
         folded: UnsafeMutableBufferPointer<UInt8>) {
        self.tokens = tokens
        self.marked = marked
        self.folded = folded
    }

    @inline(__always) subscript(i: Int) -> ScanToken { tokens[i] }

    /// Adds the words of `text` (its last `fieldWindow` bytes), whose first byte is byte
    /// `offset` of the reported source text, tagged `tag`. A hard boundary precedes them.
    mutating func add(_ text: UnsafeBufferPointer<UInt8>, offset: Int, tag: UInt8) {
        var i = 0
        let n = text.count
        if n > Self.fieldWindow {
            i = n - Self.fieldWindow
            while i < n && text[i] & 0xC0 == 0x80 { i += 1 }
        }
        hardPending = true
        breakPending = false
        current.tag = tag
        while i < n {
            let c = text[i]
            if c < 0x80 {
                switch c {
                case 0x61...0x7A, 0x41...0x5A:
                    if !inWord { begin(at: i + offset, digit: false) }
                    digitsOnly = false
                    i = appendLetters(text, from: i)
                    continue
                case 0x30...0x39:
                    if inWord && !digitLead { end() }  // "P15" -> "p" "15"
                    if !inWord { begin(at: i + offset, digit: true) }
                    lettersOnly = false
                    append(c, c)
                case 0x27, 0x60:  // ' and ` join
                    break
                case 0x2C, 0x3B, 0x28, 0x29, 0x5B, 0x5D, 0x7C, 0x0A, 0x0D:
                    end()
                    hardPending = true
                case 0x2D:
                    end()
                    breakPending = true
                default:
                    end()
                }
                i += 1
                continue
            }
            // Decode one scalar (the text is valid UTF-8).
            let length: Int
            let v: UInt32
            if c < 0xE0 {
                length = 2
                v = UInt32(c & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F)
            } else if c < 0xF0 {
                length = 3
                v = UInt32(c & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F)
            } else {
                length = 4
                v = UInt32(c & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12
                    | UInt32(text[i + 2] & 0x3F) << 6 | UInt32(text[i + 3] & 0x3F)
            }
            let entry = letters.withUnsafeBufferPointer { AddressLetters.entry(v, in: $0) }
            if entry != 0 {
                if !inWord { begin(at: i + offset, digit: false) }
                digitsOnly = false
                let a = UInt8(truncatingIfNeeded: entry), b = UInt8(truncatingIfNeeded: entry >> 8)
                let tone = UInt8(truncatingIfNeeded: entry >> 16)
                append(a, b)
                if a != b { current.flags |= ScanToken.marks }
                if tone != 0 { addTone(tone) }
            } else if v >= 0x300 && v < 0x370 {
                // A combining mark: a tone, or a vowel modifier for the letter before it.
                if inWord {
                    let tone = AddressLetters.combiningTone(v)
                    if tone != 0 {
                        addTone(tone)
                    } else if aCount > Int(current.aStart) {
                        let last = marked[aCount - 1]
                        let m = AddressLetters.modified(last, by: v)
                        if m != last {
                            marked[aCount - 1] = m
                            current.flags |= ScanToken.marks
                            rehash = true
                        }
                    }
                }
            } else if v == 0x2018 || v == 0x2019 || v == 0x02BC || v == 0x00B4 {
                // ‘ ’ ʼ ´ join, as ' does.
            } else if v == 0x2013 || v == 0x2014 || v == 0x2212 {
                end()
                breakPending = true
            } else if Self.isSeparator(v) {
                end()
            } else {
                // Any other letter: kept as it is, in both keys.
                if !inWord { begin(at: i + offset, digit: false) }
                digitsOnly = false
                for k in 0..<length { append(text[i + k], text[i + k]) }
                current.flags |= ScanToken.marks
            }
            i += length
        }
        end()
    }

    /// White space, dashes, quotes and other punctuation above ASCII.
    @inline(__always)
    private static func isSeparator(_ v: UInt32) -> Bool {
        v < 0xC0 || (v >= 0x2000 && v < 0x2070) || v == 0x3000 || v == 0xFEFF || v == 0x1680
    }

    @inline(__always)
    private mutating func begin(at source: Int, digit: Bool) {
        inWord = true
        digitLead = digit
        digitsOnly = digit
        lettersOnly = !digit
        tones = 0
        toneCount = 0
        hashA = 0
        hashB = 0
        rehash = false
        current.aStart = UInt16(aCount)
        current.bStart = UInt16(bCount)
        current.srcStart = Int32(source)
        current.flags = (hardPending ? ScanToken.hardBefore : 0) | (breakPending ? ScanToken.breakBefore : 0)
        hardPending = false
        breakPending = false
    }

    /// Appends a byte to each key of the word, hashing as it goes.
    @inline(__always)
    private mutating func append(_ a: UInt8, _ b: UInt8) {
        guard aCount < marked.count, bCount < folded.count else { return }
        marked[aCount] = a
        folded[bCount] = b
        hashA = KeyHash.step(hashA, a)
        hashB = KeyHash.step(hashB, b)
        aCount += 1
        bCount += 1
    }

    /// Appends the run of ASCII letters at `start` (the word's most common bytes) to both
    /// keys, lower case, as `append` does each; returns the index after the run. The key
    /// ends and hashes stay in locals here: as fields of the scan, every store into the key
    /// buffers (which might alias them, as far as the compiler knows) would write them back
    /// and read them again, per letter.
    @inline(__always)
    private mutating func appendLetters(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start, a = aCount, b = bCount, ha = hashA, hb = hashB
        // The letters the keys have room for; the outer loop skips the rest, as `append` does.
        let end = min(text.count, start + min(marked.count - a, folded.count - b))
        guard end > start else { return start + 1 }
        let m = marked.baseAddress!, f = folded.baseAddress!
        while i < end {
            let lower = text[i] | 0x20
            guard lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z") else { break }
            m[a] = lower
            f[b] = lower
            ha = KeyHash.step(ha, lower)
            hb = KeyHash.step(hb, lower)
            a += 1
            b += 1
            i += 1
        }
        aCount = a
        bCount = b
        hashA = ha
        hashB = hb
        return i
    }

    @inline(__always)
    private mutating func addTone(_ tone: UInt8) {
        current.flags |= ScanToken.marks
        if toneCount < 4 {
            tones |= UInt32(tone) << (8 * UInt32(toneCount))
            toneCount += 1
        }
    }

    /// Ends the word being read, if any.
    @inline(__always)
    private mutating func end() {
        if inWord { finish() }
    }

    /// Keeps the word being read as a token: its tones go at the end of its marked key.
    private mutating func finish() {
        inWord = false
        if count == tokens.count {
            // Full: keep the last words, where the units are.
            let drop = tokens.count / 4
            dropped = true
            let base = tokens.baseAddress!
            (base).update(from: base + drop, count: count - drop)
            count -= drop
            tokens[0].flags |= ScanToken.hardBefore
        }
        var t = current
        if digitsOnly {
            // "01" is "1": drop leading zeros, keep one digit.
            var z = 0
            while Int(t.aStart) + z < aCount - 1 && marked[Int(t.aStart) + z] == 0x30 { z += 1 }
            if z > 0 { rehash = true }
            t.aStart += UInt16(z)
            t.bStart += UInt16(z)
            t.flags |= ScanToken.numeric
        }
        if digitLead { t.flags |= ScanToken.digitLead }
        // Tones go at the word's end: "hoà" and "hòa" share a key.
        var ha = hashA
        var k = 0
        while k < toneCount && aCount < marked.count {
            let tone = AddressLetters.toneBase + UInt8(truncatingIfNeeded: tones >> (8 * UInt32(k)))
            marked[aCount] = tone
            ha = KeyHash.step(ha, tone)
            aCount += 1
            k += 1
        }
        t.aEnd = UInt16(aCount)
        t.bEnd = UInt16(bCount)
        var hb = hashB
        if rehash {
            // Leading zeros dropped, or a byte rewritten by a combining mark (both rare).
            ha = 0
            for j in Int(t.aStart)..<aCount { ha = KeyHash.step(ha, marked[j]) }
            hb = 0
            for j in Int(t.bStart)..<bCount { hb = KeyHash.step(hb, folded[j]) }
        }
        t.hashA = ha
        t.hashB = hb
        if lettersOnly && t.bLength <= UnitWord.maxLength {
            // Longer words are no unit word, nor a Roman numeral (at most 5 letters here).
            let n = t.bLength
            // The folded key packed little-endian, as `UnitWord.Table.classify` takes it: read
            // as 8 bytes (the buffer has 8 bytes of room past any key, `keyCapacity`), and
            // those past the key masked off.
            let bytes = UnsafeRawPointer(folded.baseAddress! + Int(t.bStart)).loadUnaligned(as: UInt64.self)
            let packed = UInt64(littleEndian: bytes) & (1 << UInt64(8 &* n) &- 1)
            t.word = words.classify(packed: packed, count: n, hash: hb)
            // A Roman numeral starts with i, v or x: other words skip the reading.
            let first = UInt8(truncatingIfNeeded: packed)
            if n <= 5 && (first == 0x69 || first == 0x76 || first == 0x78) {
                t.roman = Self.romanValue(folded.baseAddress! + Int(t.bStart), n)
            }
        }
        tokens[count] = t
        count += 1
    }

    /// The value of Roman numeral `bytes` (lower case, 1 ... 39), or 0.
    private static func romanValue(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt8 {
        var total = 0, previous = 0
        for k in stride(from: n - 1, through: 0, by: -1) {
            let d: Int
            switch p[k] {
            case 0x69: d = 1
            case 0x76: d = 5
            case 0x78: d = 10
            default: return 0
            }
            if d < previous { total -= d } else { total += d; previous = d }
        }
        return total > 0 && total < 40 ? UInt8(total) : 0
    }

    // MARK: Reading the words

    /// The bytes of `token`'s marked or folded key.
    @inline(__always)
    func key(_ t: ScanToken, marked useMarked: Bool) -> UnsafeBufferPointer<UInt8> {
        if useMarked {
            return UnsafeBufferPointer(rebasing: marked[Int(t.aStart)..<Int(t.aEnd)])
        }
        return UnsafeBufferPointer(rebasing: folded[Int(t.bStart)..<Int(t.bEnd)])
    }
}

extension AddressScan {
    /// Runs `body` on a scan of an address given as fields (missing or empty ones skipped),
    /// in the order commune, district, province, each tagged with its level, with buffers on
    /// the stack. Source offsets are those of the fields joined with ", ".
    static func withScan<R>(commune: String?, district: String?, province: String?, _ body: (inout AddressScan) -> R) -> R {
        var total = 0
        for field in [commune, district, province] { if let f = field { total += min(f.utf8.count, fieldWindow) + 1 } }
        let capacity = Self.keyCapacity(forBytes: total)
        return withUnsafeTemporaryAllocation(of: ScanToken.self, capacity: wordCapacity) { tokens in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { a in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { b in
                    var scan = AddressScan(tokens: tokens, marked: a, folded: b)
                    var offset = 0
                    func add(_ field: String?, _ level: AddressLevel) {
                        guard let field, !field.isEmpty else { return }
                        RuleBytes.withUTF8(field) { scan.add($0, offset: offset, tag: level.tag) }
                        offset += field.utf8.count + 2
                    }
                    add(commune, .commune)
                    add(district, .district)
                    add(province, .province)
                    return body(&scan)
                }
            }
        }
    }

    /// Runs `body` on a scan of one free-text address; with `sentinels`, of the end of an
    /// address after a comma (a tail), behind that many empty words standing for the words
    /// before it, `reads` being set when the reader reads one.
    static func withScan<R>(of text: String, sentinels: Int = 0, reads: UnsafeMutablePointer<Bool>? = nil,
                            _ body: (inout AddressScan) -> R) -> R {
        let n = min(text.utf8.count, fieldWindow)
        let capacity = Self.keyCapacity(forBytes: n)
        return withUnsafeTemporaryAllocation(of: ScanToken.self, capacity: wordCapacity) { tokens in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { a in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { b in
                    var scan = AddressScan(tokens: tokens, marked: a, folded: b)
                    if sentinels > 0 {
                        for k in 0..<sentinels {
                            // No key, no word; a hard boundary before each, as after a comma.
                            var t = ScanToken()
                            t.flags = ScanToken.hardBefore
                            tokens[k] = t
                        }
                        scan.count = sentinels
                        scan.floor = sentinels
                        scan.floorRead = reads
                    }
                    RuleBytes.withUTF8(text) { scan.add($0, offset: 0, tag: 0) }
                    return body(&scan)
                }
            }
        }
    }
}
