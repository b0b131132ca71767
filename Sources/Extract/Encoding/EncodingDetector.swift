import Core

/// What ``EncodingDetector`` concluded about a file's first bytes.
struct EncodingDetection: Sendable {
    /// The encoding chosen, or `nil` when the evidence is too thin or too close to choose.
    var encoding: TextEncoding?
    /// 0...1: how sure the choice is (the margin over the best different decoding).
    var confidence: Double
    /// Every encoding considered, best first, with its score.
    var candidates: [(encoding: TextEncoding, score: Double)]
    /// Why no encoding was chosen, or what decided it, in words for an error message.
    var explanation: String
}

/// Tells which encoding a file is in from its first bytes: UTF-8, UTF-16, or one of the legacy
/// Vietnamese single-byte encodings.
///
/// 1. A UTF-16 byte-order mark, or zero bytes on one parity only: UTF-16 in that byte order.
/// 2. Valid UTF-8 (or all ASCII, which every candidate decodes alike): UTF-8. With fewer than
///    ``trustedUTF8Sequences`` non-ASCII characters it must also read as Vietnamese, or it
///    competes with the legacy readings. UTF-8 with a few invalid bytes is still UTF-8.
/// 3. Otherwise the sample is decoded with each legacy encoding. The bytes between two ASCII
///    separators (a "word": every candidate decodes separators alike, so the words line up)
///    read as Vietnamese when their non-ASCII letters form syllables (``VietnameseSyllable``),
///    and as not Vietnamese with an invalid syllable, an undecodable byte, a foreign letter, a
///    control character or a symbol between letters. A reading's score is its share of
///    Vietnamese words. Readings that are the same text are one answer (the first of
///    ``preference`` names it). The best reading must rest on ``minimumWords`` words, score
///    ``minimumScore``, and against every different reading, counting only the words one reads
///    as Vietnamese and the other not, lead by ``minimumLead`` words and a margin of
///    ``minimumMargin``; otherwise nothing is chosen and the explanation lists the scores.
///    TCVN5712-1 (VN1) wins over TCVN3 only with a word that shows VN1's extra bytes are letters.
enum EncodingDetector {
    /// The legacy candidates, in the order that names a group of equivalent decodings
    /// (TCVN3 before TCVN5712-1: without VN1's extra bytes they read alike).
    static let preference: [TextEncoding] = [.tcvn3, .vni, .windows1258, .viscii, .vps, .tcvn5712_1]

    /// Fewest words with non-ASCII letters read as Vietnamese that a decision rests on.
    static let minimumWords = 3
    /// Lowest score (share of words read as Vietnamese) that a decision accepts.
    static let minimumScore = 0.6
    /// Smallest margin over every different decoding: of the words one reads as Vietnamese and
    /// the other not, (ours - theirs) / (ours + theirs).
    static let minimumMargin = 0.5
    /// Fewest more such words than every different decoding.
    static let minimumLead = 3
    /// Valid UTF-8 with this many non-ASCII characters is UTF-8 whatever it reads like.
    static let trustedUTF8Sequences = 16

    /// C0 bytes that are letters in some candidate (VISCII, VPS, TCVN5712-1).
    private static let c0Letters: [Bool] = (0..<256).map { byte in
        byte < 0x20 && [EncodingTables.viscii, EncodingTables.vps, EncodingTables.tcvn5712_1].contains { $0[byte] != UInt32(byte) }
    }

    /// Detects the encoding of `sample`, the first bytes of a file (`isComplete`: the whole file).
    static func detect(_ sample: [UInt8], isComplete: Bool) -> EncodingDetection {
        let size = "the first \(sample.count) bytes"
        if let utf16 = utf16(sample) { return utf16 }
        let utf8 = utf8Evidence(sample, isComplete: isComplete)
        if utf8.invalid == 0 {
            if utf8.nonASCII == 0 && !sample.contains(where: { c0Letters[Int($0)] }) {
                return EncodingDetection(encoding: .utf8, confidence: 1, candidates: [(.utf8, 1)],
                                         explanation: "\(size) are ASCII, which every encoding reads alike: utf-8")
            }
            if utf8.nonASCII >= trustedUTF8Sequences {
                return EncodingDetection(encoding: .utf8, confidence: 1, candidates: [(.utf8, 1)],
                                         explanation: "\(size) are valid UTF-8 with \(utf8.nonASCII) non-ASCII characters")
            }
            // A few legacy bytes can form valid UTF-8 ("độ" in VPS is C7 B6, U+01F6), and C0 bytes
            // are letters in VISCII, VPS and TCVN5712-1: UTF-8 unless a legacy reading reads more
            // words as Vietnamese.
            return legacy(sample, size: size, utf8Reading: true)
        }
        if utf8.nonASCII >= 8 && utf8.nonASCII >= 20 * utf8.invalid {
            let confidence = Double(utf8.nonASCII) / Double(utf8.nonASCII + utf8.invalid)
            return EncodingDetection(
                encoding: .utf8, confidence: confidence, candidates: [(.utf8, confidence)],
                explanation: "\(size) are UTF-8 (\(utf8.nonASCII) valid non-ASCII characters) with \(utf8.invalid) "
                    + "invalid byte(s), which stay invalid")
        }
        return legacy(sample, size: size)
    }

    // MARK: UTF-16 and UTF-8

    private static func utf16(_ sample: [UInt8]) -> EncodingDetection? {
        if sample.count >= 2 {
            if sample[0] == 0xFF && sample[1] == 0xFE {
                return EncodingDetection(encoding: .utf16le, confidence: 1, candidates: [(.utf16le, 1)],
                                         explanation: "the file starts with a UTF-16 little-endian byte-order mark")
            }
            if sample[0] == 0xFE && sample[1] == 0xFF {
                return EncodingDetection(encoding: .utf16be, confidence: 1, candidates: [(.utf16be, 1)],
                                         explanation: "the file starts with a UTF-16 big-endian byte-order mark")
            }
        }
        let pairs = sample.count / 2
        guard pairs >= 4 else { return nil }
        var zeroEven = 0
        var zeroOdd = 0
        for k in 0..<pairs {
            if sample[2 * k] == 0 { zeroEven += 1 }
            if sample[2 * k + 1] == 0 { zeroOdd += 1 }
        }
        // Text in UTF-16 has a zero byte in most ASCII characters' units, on one side only.
        let even = Double(zeroEven) / Double(pairs)
        let odd = Double(zeroOdd) / Double(pairs)
        let encoding: TextEncoding
        if odd >= 0.2 && even <= 0.02 {
            encoding = .utf16le
        } else if even >= 0.2 && odd <= 0.02 {
            encoding = .utf16be
        } else {
            return nil
        }
        let confidence = min(1, abs(odd - even) * 2)
        return EncodingDetection(
            encoding: encoding, confidence: confidence, candidates: [(encoding, confidence)],
            explanation: "zero bytes in \(Int((max(odd, even) * 100).rounded()))% of the "
                + (encoding == .utf16le ? "odd" : "even") + " positions and none elsewhere: \(encoding.rawValue)")
    }

    /// Valid non-ASCII UTF-8 sequences and invalid bytes in `sample` (a sequence cut off by the
    /// end of an incomplete sample counts as neither).
    private static func utf8Evidence(_ sample: [UInt8], isComplete: Bool) -> (nonASCII: Int, invalid: Int) {
        let bytes = isComplete ? sample[...] : UTF8Check.scalarBoundaryPrefix(sample)
        var nonASCII = 0
        var invalid = 0
        bytes.withUnsafeBufferPointer { buffer in
            var rest = UnsafeBufferPointer(rebasing: buffer[...])
            while let bad = UTF8Check.firstInvalidIndex(rest) {
                nonASCII += countNonASCII(UnsafeBufferPointer(rebasing: rest[..<bad]))
                invalid += 1
                rest = UnsafeBufferPointer(rebasing: rest[(bad + 1)...])
            }
            nonASCII += countNonASCII(rest)
        }
        return (nonASCII, invalid)
    }

    private static func countNonASCII(_ valid: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for b in valid where b >= 0xC0 { n += 1 }
        return n
    }

    // MARK: Legacy encodings

    /// A candidate's decoding of the sample and how Vietnamese its words read.
    struct Reading {
        var encoding: TextEncoding
        var text: [UInt8]
        /// Per segment (the bytes between two ASCII separators): ``SegmentStatus``.
        var statuses: [UInt8]
        var good = 0
        var bad = 0
        /// Encodings whose decoding is the same text.
        var equivalents: [TextEncoding] = []

        /// Share of the segments with non-ASCII letters (or undecodable bytes, controls) that read
        /// as Vietnamese.
        var score: Double { good + bad == 0 ? 0 : Double(good) / Double(good + bad) }
        var names: String { ([encoding] + equivalents).map(\.rawValue).joined(separator: " = ") }

        func reads(_ e: TextEncoding) -> Bool { encoding == e || equivalents.contains(e) }
    }

    /// Segments where `a` reads Vietnamese and `b` does not.
    private static func wins(_ a: Reading, over b: Reading) -> Int {
        var n = 0
        for k in 0..<min(a.statuses.count, b.statuses.count)
        where a.statuses[k] == SegmentStatus.good && b.statuses[k] == SegmentStatus.bad {
            n += 1
        }
        return n
    }

    private static func legacy(_ sample: [UInt8], size: String, utf8Reading: Bool = false) -> EncodingDetection {
        let interesting = SegmentStatus.interestingSegments(sample)
        var readings: [Reading] = []
        let encodings = (utf8Reading ? [TextEncoding.utf8] : []) + preference
        for encoding in encodings {
            let text = encoding == .utf8 ? sample : TranscodingSource.decode(sample, from: encoding).utf8
            if let same = readings.firstIndex(where: { $0.text == text }) {
                readings[same].equivalents.append(encoding)
                continue
            }
            let statuses = SegmentStatus.statuses(text, interesting: interesting)
            var reading = Reading(encoding: encoding, text: text, statuses: statuses)
            for status in statuses {
                if status == SegmentStatus.good { reading.good += 1 } else if status == SegmentStatus.bad { reading.bad += 1 }
            }
            readings.append(reading)
        }
        // Best first; ties keep the preference order.
        readings = readings.enumerated().sorted {
            ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset)
        }.map(\.element)
        let scores = readings.map { "\($0.names) \(format($0.score))" }.joined(separator: ", ")
        var candidates: [(encoding: TextEncoding, score: Double)] = []
        for r in readings {
            candidates.append((r.encoding, r.score))
            for e in r.equivalents { candidates.append((e, r.score)) }
        }
        if utf8Reading, let utf8 = readings.firstIndex(where: { $0.encoding == .utf8 }),
           !readings.contains(where: { $0.good > readings[utf8].good }) {
            return EncodingDetection(
                encoding: .utf8, confidence: 1, candidates: [(.utf8, 1)],
                explanation: "\(size) are valid UTF-8 and no other encoding reads more of them as Vietnamese: \(scores)")
        }
        var bestIndex = 0
        // TCVN3 and TCVN5712-1 differ only where VN1 has letters and TCVN3 Windows-1252
        // punctuation: unless a word shows those bytes are letters, they are punctuation.
        if readings[0].reads(.tcvn5712_1),
           let tcvn3 = readings.firstIndex(where: { $0.reads(.tcvn3) }),
           wins(readings[0], over: readings[tcvn3]) == 0 {
            bestIndex = tcvn3
        }
        let best = readings[bestIndex]
        // The closest different reading: the smallest margin of words it reads worse.
        var confidence = 1.0
        var closest: (names: String, lead: Int, margin: Double)?
        for (k, other) in readings.enumerated() where k != bestIndex {
            let won = wins(best, over: other)
            let lost = wins(other, over: best)
            if best.reads(.tcvn3) && other.reads(.tcvn5712_1) && lost == 0 { continue }
            let margin = won + lost == 0 ? 0 : Double(won - lost) / Double(won + lost)
            if closest == nil || margin < closest!.margin || (margin == closest!.margin && won - lost < closest!.lead) {
                closest = (other.names, won - lost, margin)
            }
            confidence = min(confidence, max(0, margin))
        }
        let declare = "; declare 'encoding:' for this source"
        var problem: String?
        if best.good < minimumWords {
            problem = "only \(best.good) word(s) with non-ASCII letters read as Vietnamese in \(size)"
        } else if best.score < minimumScore {
            problem = "no encoding reads \(size) as Vietnamese"
        } else if let closest, closest.margin < minimumMargin || closest.lead < minimumLead {
            problem = "cannot tell the encoding from \(size)"
        }
        if let problem {
            return EncodingDetection(encoding: nil, confidence: confidence, candidates: candidates,
                                     explanation: "\(problem): \(scores)\(declare)")
        }
        return EncodingDetection(
            encoding: best.encoding, confidence: confidence, candidates: candidates,
            explanation: "\(best.encoding.rawValue) reads \(best.good) of \(best.good + best.bad) words with non-ASCII "
                + "letters in \(size) as Vietnamese"
                + (closest.map { ", \($0.lead) more than \($0.names)" } ?? "") + ": \(scores)")
    }

    static func format(_ score: Double) -> String {
        let hundredths = Int((score * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
