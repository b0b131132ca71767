import Core

/// Decodes a legacy Vietnamese single-byte encoding (Windows-1258, TCVN3, TCVN5712-1, VISCII,
/// VPS, and VNI-Windows's base + mark pairs) to UTF-8 in NFC, by one table lookup per byte.
///
/// Each byte's entry packs its UTF-8 (up to three bytes, first byte lowest), the UTF-8 length
/// and a kind: plain, a base letter a following mark byte composes with, a mark byte, or
/// unassigned. A mark byte after a base replaces the base's UTF-8 with the precomposed
/// letter's, so Windows-1258's base + combining tone mark and VNI's base + mark come out as
/// one NFC letter without a normalization pass. A base at the end of a chunk that is not the
/// last is held back (not consumed) until the next byte is known.
///
/// Invalid input passes through: an unassigned byte, and in Windows-1258 and VNI a mark byte
/// that follows no base it composes with (after a consonant, a toned letter or another mark),
/// is copied unchanged (it is >= 0x80, so the output is invalid UTF-8 exactly there) and
/// counted. TCVN3/TCVN5712-1's VN1 combining marks (0xB0-0xB4) compose the same way but,
/// after anything else, decode to the combining character itself, as the tables show them.
struct SingleByteDecoder: Sendable {
    /// Per byte: UTF-8 bytes | length << 24 | kind << 26.
    let entries: [UInt32]
    /// Packed like ``entries`` (kind 0), by `(base - 1) * markCount + mark`; 0 = no such letter.
    let compositions: [UInt32]
    let markCount: Int
    /// Whether a mark byte that composes with nothing is invalid (Windows-1258, VNI) rather
    /// than decoded as the combining mark it is (TCVN).
    let strictMarks: Bool
    /// Whether some C0 bytes are letters (VISCII, VPS, TCVN5712-1): the ASCII fast path then
    /// takes only printable runs.
    let hasC0Letters: Bool

    static let kindShift: UInt32 = 26
    static let firstMarkKind: UInt32 = 32
    static let invalidKind: UInt32 = 63

    // MARK: Tables

    static let windows1258 = toneComposing(EncodingTables.windows1258, strict: true)
    static let tcvn3 = toneComposing(EncodingTables.tcvn3, strict: false)
    static let tcvn5712_1 = toneComposing(EncodingTables.tcvn5712_1, strict: false)
    static let viscii = plain(EncodingTables.viscii)
    static let vps = plain(EncodingTables.vps)
    static let vni = makeVNI()

    /// The decoder for a single-byte `encoding`; `nil` for UTF-8 and UTF-16.
    static func forEncoding(_ encoding: TextEncoding) -> SingleByteDecoder? {
        switch encoding {
        case .windows1258: return windows1258
        case .tcvn3: return tcvn3
        case .tcvn5712_1: return tcvn5712_1
        case .viscii: return viscii
        case .vps: return vps
        case .vni: return vni
        case .utf8, .utf16, .utf16le, .utf16be: return nil
        }
    }

    /// `scalar`'s UTF-8, first byte lowest, with its length in bits 24-25 (scalars up to U+FFFF).
    static func packUTF8(_ scalar: UInt32) -> UInt32 {
        switch scalar {
        case 0..<0x80:
            return scalar | 1 << 24
        case 0x80..<0x800:
            return (0xC0 | scalar >> 6) | (0x80 | scalar & 0x3F) << 8 | 2 << 24
        default:
            precondition(scalar <= 0xFFFF, "tables hold BMP scalars only")
            return (0xE0 | scalar >> 12) | (0x80 | scalar >> 6 & 0x3F) << 8 | (0x80 | scalar & 0x3F) << 16 | 3 << 24
        }
    }

    private static func entry(_ scalar: UInt32, kind: UInt32) -> UInt32 {
        (scalar == EncodingTables.unassigned ? 0 : packUTF8(scalar)) | kind << kindShift
    }

    private static func plain(_ table: [UInt32]) -> SingleByteDecoder {
        let entries = table.map { entry($0, kind: $0 == EncodingTables.unassigned ? invalidKind : 0) }
        return SingleByteDecoder(entries: entries, compositions: [], markCount: 0, strictMarks: true,
                                 hasC0Letters: table[0..<0x20].enumerated().contains { $0.offset != Int($0.element) })
    }

    /// A table whose combining tone marks (U+0300 U+0301 U+0303 U+0309 U+0323) compose with the
    /// base letter before them, by ``EncodingTables/toneComposition``.
    private static func toneComposing(_ table: [UInt32], strict: Bool) -> SingleByteDecoder {
        var bases: [UInt32] = []
        var marks: [UInt32] = []
        for c in EncodingTables.toneComposition {
            if !bases.contains(c.base) { bases.append(c.base) }
            if !marks.contains(c.mark) { marks.append(c.mark) }
        }
        var compositions = [UInt32](repeating: 0, count: bases.count * marks.count)
        for c in EncodingTables.toneComposition {
            compositions[bases.firstIndex(of: c.base)! * marks.count + marks.firstIndex(of: c.mark)!] = packUTF8(c.letter)
        }
        let entries = table.map { scalar -> UInt32 in
            if scalar == EncodingTables.unassigned { return entry(scalar, kind: invalidKind) }
            if let m = marks.firstIndex(of: scalar) { return entry(scalar, kind: firstMarkKind + UInt32(m)) }
            if let b = bases.firstIndex(of: scalar) { return entry(scalar, kind: UInt32(b + 1)) }
            return entry(scalar, kind: 0)
        }
        return SingleByteDecoder(entries: entries, compositions: compositions, markCount: marks.count,
                                 strictMarks: strict,
                                 hasC0Letters: table[0..<0x20].enumerated().contains { $0.offset != Int($0.element) })
    }

    /// VNI: a mark byte composes with the base byte before it, whatever the case of either; the
    /// letter takes the base's case (README "Ambiguities" 5).
    private static func makeVNI() -> SingleByteDecoder {
        let table = EncodingTables.vni
        var bases: [UInt8] = []
        var marks: [UInt8] = []  // lowercase mark bytes
        for c in EncodingTables.vniComposition {
            if !bases.contains(c.base) { bases.append(c.base) }
            if !marks.contains(c.mark | 0x20) { marks.append(c.mark | 0x20) }
        }
        var compositions = [UInt32](repeating: 0, count: bases.count * marks.count)
        for c in EncodingTables.vniComposition {
            let slot = bases.firstIndex(of: c.base)! * marks.count + marks.firstIndex(of: c.mark | 0x20)!
            precondition(compositions[slot] == 0 || compositions[slot] == packUTF8(c.letter))
            compositions[slot] = packUTF8(c.letter)
        }
        var entries = [UInt32](repeating: 0, count: 256)
        for byte in 0..<256 {
            let scalar = table[byte]
            if scalar == EncodingTables.vniMark {
                let m = marks.firstIndex(of: UInt8(byte) | 0x20)!
                entries[byte] = (firstMarkKind + UInt32(m)) << kindShift
            } else if scalar == EncodingTables.unassigned {
                entries[byte] = entry(scalar, kind: invalidKind)
            } else if let b = bases.firstIndex(of: UInt8(byte)) {
                entries[byte] = entry(scalar, kind: UInt32(b + 1))
            } else {
                entries[byte] = entry(scalar, kind: 0)
            }
        }
        return SingleByteDecoder(entries: entries, compositions: compositions, markCount: marks.count,
                                 strictMarks: true, hasC0Letters: false)
    }

    // MARK: Decoding

    /// The most UTF-8 bytes decoding `count` input bytes can produce (plus room for the
    /// four-byte stores the loop makes).
    static func outputCapacity(forInput count: Int) -> Int { 3 * count + 16 }

    /// Decodes `input[0..<count]` into `output`, which holds at least
    /// ``outputCapacity(forInput:)`` bytes.
    /// - Parameter isFinal: No input follows; otherwise a base letter at the end is left
    ///   unconsumed for the next call, with the bytes after it.
    /// - Complexity: O(count), one table lookup per non-ASCII byte; runs of eight printable
    ///   ASCII bytes are copied as one word.
    func decode(_ input: UnsafePointer<UInt8>, count: Int, isFinal: Bool,
                into output: UnsafeMutablePointer<UInt8>) -> DecodeStep {
        var end = count
        if !isFinal && markCount > 0 && end > 0 {
            let kind = entries[Int(input[end - 1])] >> Self.kindShift
            if kind != 0 && kind < Self.firstMarkKind { end -= 1 }
        }
        var step = DecodeStep()
        entries.withUnsafeBufferPointer { table in
            compositions.withUnsafeBufferPointer { composed in
                step = run(input, end: end, output, table.baseAddress!, composed.baseAddress)
            }
        }
        step.consumed = end
        return step
    }

    @inline(__always)
    private func run(_ input: UnsafePointer<UInt8>, end: Int, _ output: UnsafeMutablePointer<UInt8>,
                     _ table: UnsafePointer<UInt32>, _ composed: UnsafePointer<UInt32>?) -> DecodeStep {
        let out = UnsafeMutableRawPointer(output)
        let raw = UnsafeRawPointer(input)
        let high: UInt64 = 0x8080_8080_8080_8080
        let printableOnly = hasC0Letters
        let markCount = UInt32(self.markCount)
        var step = DecodeStep()
        var i = 0
        var o = 0
        var prevBase: UInt32 = 0
        var prevLength = 0
        while i < end {
            let b = input[i]
            if b < 0x80 && i + 8 <= end {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & high == 0 && (!printableOnly || (w &+ 0x6060_6060_6060_6060) & high == high) {
                    out.storeBytes(of: w, toByteOffset: o, as: UInt64.self)
                    i += 8
                    o += 8
                    prevBase = table[Int(input[i - 1])] >> Self.kindShift
                    prevLength = 1
                    continue
                }
            }
            let e = table[Int(b)]
            let kind = e >> Self.kindShift
            if kind < Self.firstMarkKind {
                out.storeBytes(of: e.littleEndian, toByteOffset: o, as: UInt32.self)
                prevLength = Int(e >> 24 & 3)
                o += prevLength
                prevBase = kind
            } else if kind == Self.invalidKind {
                output[o] = b
                o += 1
                if step.invalid == 0 { step.firstInvalid = i }
                step.invalid += 1
                prevBase = 0
            } else {
                let letter = prevBase == 0 ? 0 : composed![Int((prevBase - 1) * markCount + kind - Self.firstMarkKind)]
                if letter != 0 {
                    o -= prevLength
                    out.storeBytes(of: letter.littleEndian, toByteOffset: o, as: UInt32.self)
                    o += Int(letter >> 24 & 3)
                } else if strictMarks {
                    output[o] = b
                    o += 1
                    if step.invalid == 0 { step.firstInvalid = i }
                    step.invalid += 1
                } else {
                    out.storeBytes(of: e.littleEndian, toByteOffset: o, as: UInt32.self)
                    o += Int(e >> 24 & 3)
                }
                prevBase = 0
            }
            i += 1
        }
        step.produced = o
        return step
    }
}
