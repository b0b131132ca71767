import Foundation
import Testing
@testable import Core
@testable import Extract

/// ``EncodingDetector``: the reference files, generated files in every encoding, short inputs
/// that must be refused or read right, and the syllable check the scores rest on.
@Suite struct EncodingDetectorTests {
    // MARK: Reference files

    @Test(arguments: EncodingReference.csvFiles)
    func referenceFilesAreDetected(name: String, encoding: TextEncoding) throws {
        let bytes = try EncodingReference.bytes("files/\(name).csv")
        let detection = EncodingDetector.detect(bytes, isComplete: true)
        #expect(detection.encoding == encoding, "\(name): \(detection.explanation)")
        #expect(detection.confidence > 0.5)
        if encoding != .utf8 {
            let decoded = TranscodingSource.decode(bytes, from: try #require(detection.encoding)).utf8
            #expect(decoded == (try EncodingReference.bytes("files/\(name).truth.csv")))
            #expect(detection.candidates.count == 6)
            #expect(detection.candidates.first?.encoding == encoding)
        }
    }

    @Test func tcvn3WithoutVN1BytesIsNotAmbiguousWithTCVN5712() throws {
        let bytes = try EncodingReference.bytes("files/tcvn3.csv")
        let detection = EncodingDetector.detect(bytes, isComplete: true)
        #expect(detection.encoding == .tcvn3)
        // The two decode the file alike: one answer with one score, not a close call.
        let scores = Dictionary(uniqueKeysWithValues: detection.candidates.map { ($0.encoding, $0.score) })
        #expect(scores[.tcvn3] == scores[.tcvn5712_1])
        #expect(detection.explanation.contains("tcvn3 = tcvn5712-1 1.00"), "\(detection.explanation)")
        #expect(detection.confidence > 0.8)
    }

    @Test func vn1CapitalsAreTCVN5712() throws {
        // VN1 puts capitals on 0x80-0x9F and C0 bytes, which TCVN3 reads as Windows-1252 punctuation.
        let text = (0..<6).map { _ in "ĐĂNG KÝ KẾT HÔN, XÃ PHÚ THỌ, HUYỆN ĐẠI LỘC, TỈNH QUẢNG NAM\n" }.joined()
        let bytes = try #require(LegacyEncoder(.tcvn5712_1).encode(text))
        let detection = EncodingDetector.detect(bytes, isComplete: true)
        #expect(detection.encoding == .tcvn5712_1, "\(detection.explanation)")
    }

    @Test func utf8ASCIIAndUTF16() throws {
        #expect(EncodingDetector.detect(Array("plain,ascii\n1,2\n".utf8), isComplete: true).encoding == .utf8)
        #expect(EncodingDetector.detect(Array("Nguyễn Văn An".utf8), isComplete: true).confidence == 1)
        #expect(EncodingDetector.detect([], isComplete: true).encoding == .utf8)
        // A sample cut inside a UTF-8 sequence is still UTF-8.
        let cut = Array(Array("Trần Thị Bình".utf8).dropLast())
        #expect(EncodingDetector.detect(cut, isComplete: false).encoding == .utf8)
        let text = "ho_ten,dia_chi\r\nTrần Thị Bình,Xã Phú Thọ\r\n"
        let le = utf16Bytes(Array(text.utf16), bigEndian: false)
        let be = utf16Bytes(Array(text.utf16), bigEndian: true)
        #expect(EncodingDetector.detect(le, isComplete: true).encoding == .utf16le)
        #expect(EncodingDetector.detect(be, isComplete: true).encoding == .utf16be)
        #expect(EncodingDetector.detect([0xFF, 0xFE] + le, isComplete: true).encoding == .utf16le)
        #expect(EncodingDetector.detect([0xFE, 0xFF] + be, isComplete: true).encoding == .utf16be)
    }

    @Test func utf8WithAFewBadBytesIsUTF8() throws {
        var bytes = Array(String(repeating: "Nguyễn Văn An, Xã Phú Thọ\n", count: 20).utf8)
        bytes[40] = 0xFF
        let detection = EncodingDetector.detect(bytes, isComplete: true)
        #expect(detection.encoding == .utf8)
        #expect(detection.confidence < 1)
    }

    @Test func thinEvidenceIsRefusedWithTheScores() throws {
        let bytes = try #require(LegacyEncoder(.tcvn3).encode("Ho so 12, Việt"))
        let detection = EncodingDetector.detect(bytes, isComplete: true)
        #expect(detection.encoding == nil)
        #expect(detection.explanation.hasPrefix(
                    "only 1 word(s) with non-ASCII letters read as Vietnamese in the first 14 bytes: tcvn3 = "),
                "\(detection.explanation)")
        #expect(detection.explanation.hasSuffix("; declare 'encoding:' for this source"))
        #expect(detection.candidates.map(\.encoding).sorted { $0.rawValue < $1.rawValue }
                == [.tcvn3, .tcvn5712_1, .viscii, .vni, .vps, .windows1258])
    }

    @Test func randomBytesAreRefused() throws {
        var rng = SeededGenerator(seed: 7)
        for size in [100, 5000, 100_000] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let detection = EncodingDetector.detect(bytes, isComplete: true)
            #expect(detection.encoding == nil, "\(size) random bytes: \(detection.explanation)")
        }
    }

    @Test func tcvn3PunctuationIsNotVN1Capitals() throws {
        // Quotes, a dash and an ellipsis that VN1 would read as Ỏ Õ Ọ Ặ.
        let text = (0..<8).map { _ in "Hồ sơ – “Đăng ký khai sinh” của Nguyễn Thị Hoà…\r\n" }.joined()
        let bytes = try #require(LegacyEncoder(.tcvn3).encode(text))
        let detection = EncodingDetector.detect(bytes, isComplete: true)
        #expect(detection.encoding == .tcvn3, "\(detection.explanation)")
        #expect(TranscodingSource.decode(bytes, from: .tcvn3).utf8 == Array(text.utf8))
        // Only standalone dashes: nothing shows 0x96 is a letter, so it is TCVN3's dash.
        let dashes = (0..<8).map { _ in "Hồ sơ – Đăng ký khai sinh – Nguyễn Thị Hoà\r\n" }.joined()
        let dashBytes = try #require(LegacyEncoder(.tcvn3).encode(dashes))
        #expect(EncodingDetector.detect(dashBytes, isComplete: true).encoding == .tcvn3)
    }

    @Test func otherLatinTextIsRefused() throws {
        // Windows-1252 French and German: no candidate reads it as Vietnamese.
        let text = "Ça coûte très cher à Zürich, où la forêt est déjà fermée; Größe über Straße. "
        let bytes = Array(String(repeating: text, count: 10).unicodeScalars.map { UInt8($0.value) })
        let detection = EncodingDetector.detect(bytes, isComplete: true)
        #expect(detection.encoding == nil, "\(detection.explanation)")
    }

    // MARK: Generated files

    /// Lines of Vietnamese text: the vector strings and the truth files' rows.
    static let pool: [String] = {
        var lines = (try? EncodingReference.vectors("utf8-nfd").map { $0.text }) ?? []
        for (name, _) in EncodingReference.csvFiles {
            let text = (try? EncodingReference.text("files/\(name).truth.csv")) ?? ""
            lines += text.split(separator: "\r\n").dropFirst().map(String.init)
        }
        return lines
    }()

    /// A CSV-like line: pool text with ASCII noise (numbers, codes, dates, phone numbers), and
    /// with `punctuation`, Windows-1252 quotes, dashes and ellipses as Windows exports have them.
    static func line(_ k: Int, punctuation: Bool = false, using rng: inout SeededGenerator) -> String {
        let text = pool[Int.random(in: 0..<pool.count, using: &rng)]
        let code = "HS-\(Int.random(in: 2005...2024, using: &rng))-\(Int.random(in: 1...99999, using: &rng))"
        let date = "\(Int.random(in: 1...28, using: &rng))/\(Int.random(in: 1...12, using: &rng))/20\(Int.random(in: 10...24, using: &rng))"
        let phone = "09\(Int.random(in: 10_000_000...99_999_999, using: &rng))"
        switch Int.random(in: 0..<(punctuation ? 6 : 4), using: &rng) {
        case 4: return "\(k),\(code) – “\(text)”,\(date)"
        case 5: return "\(code); \(text)…; ‘\(phone)’ – \(date)"
        case 0: return "\(k),\(code),\(text),\(date)"
        case 1: return "\(k);\(text);\(phone);OK"
        case 2: return "\(code) \(text) \(date)"
        default: return text
        }
    }

    /// The encodings the generated files are in; Windows-1258 in both spellings.
    static let generatedEncodings: [(label: String, encoding: TextEncoding, decomposed: Bool)] = [
        ("windows-1258", .windows1258, false), ("windows-1258 decomposed", .windows1258, true),
        ("tcvn3", .tcvn3, false), ("tcvn5712-1", .tcvn5712_1, false), ("vni", .vni, false),
        ("viscii", .viscii, false), ("vps", .vps, false),
    ]

    /// Whether files in `encoding` get Windows-1252 punctuation (the encodings that have it).
    static func hasPunctuation(_ encoding: TextEncoding) -> Bool {
        encoding == .tcvn3 || encoding == .vni || encoding == .windows1258
    }

    /// Encodes `text` (TCVN3: the part it can carry); returns the bytes and the text they hold.
    static func encode(_ text: String, _ encoding: TextEncoding, decomposed: Bool) -> ([UInt8], String)? {
        let carried = encoding == .tcvn3 ? LegacyEncoder.tcvn3Carried(text) : nfc(text)
        guard let bytes = LegacyEncoder(encoding, decomposed: decomposed).encode(carried) else { return nil }
        return (bytes, carried)
    }

    @Test func generatedFilesAreDetectedRightOrRefused() throws {
        var rng = SeededGenerator(seed: 20_261_123)
        var summary: [String] = []
        var totalRight = 0
        var totalFiles = 0
        for (label, encoding, decomposed) in Self.generatedEncodings {
            var right = 0, refused = 0, wrong = 0
            for file in 0..<120 {
                // Every other file in the encodings that have it gets Windows-1252 punctuation.
                let punctuation = Self.hasPunctuation(encoding) && file % 2 == 1
                let lines = (0..<Int.random(in: 50...80, using: &rng)).map {
                    Self.line($0 + 1, punctuation: punctuation, using: &rng)
                }
                let (bytes, text) = try #require(Self.encode(lines.joined(separator: "\r\n") + "\r\n", encoding,
                                                            decomposed: decomposed))
                let detection = EncodingDetector.detect(bytes, isComplete: true)
                guard let chosen = detection.encoding else {
                    refused += 1
                    continue
                }
                if TranscodingSource.decode(bytes, from: chosen).utf8 == Array(text.utf8) {
                    right += 1
                } else {
                    wrong += 1
                    Issue.record("\(label) file read as \(chosen.rawValue): \(detection.explanation)")
                }
            }
            #expect(wrong == 0, "\(label)")
            #expect(right * 100 >= 99 * 120, "\(label): \(right) right, \(refused) refused")
            summary.append("\(label) \(right)/120 right, \(refused) refused, \(wrong) wrong")
            totalRight += right
            totalFiles += 120
        }
        // UTF-8 and UTF-16 without a byte-order mark.
        for encoding in [TextEncoding.utf8, .utf16le, .utf16be] {
            var right = 0
            for _ in 0..<100 {
                let text = (0..<Int.random(in: 50...80, using: &rng)).map { Self.line($0 + 1, using: &rng) }
                    .joined(separator: "\n")
                let bytes: [UInt8] = switch encoding {
                case .utf8: Array(text.utf8)
                case .utf16le: utf16Bytes(Array(text.utf16), bigEndian: false)
                default: utf16Bytes(Array(text.utf16), bigEndian: true)
                }
                if EncodingDetector.detect(bytes, isComplete: true).encoding == encoding { right += 1 }
            }
            #expect(right == 100, "\(encoding.rawValue)")
            summary.append("\(encoding.rawValue) \(right)/100 right")
        }
        #expect(totalRight * 100 >= 99 * totalFiles)
        print("encoding detection on generated files: " + summary.joined(separator: "; "))
    }

    @Test func shortInputsAreRefusedOrReadRight() throws {
        var rng = SeededGenerator(seed: 3)
        var decided = 0, refused = 0
        let words = Self.pool.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) }
        for (label, encoding, decomposed) in Self.generatedEncodings {
            for _ in 0..<300 {
                let count = Int.random(in: 1...6, using: &rng)
                let start = Int.random(in: 0..<(words.count - count), using: &rng)
                let snippet = words[start..<(start + count)].joined(separator: " ")
                let (bytes, text) = try #require(Self.encode(snippet, encoding, decomposed: decomposed))
                guard let chosen = EncodingDetector.detect(bytes, isComplete: true).encoding else {
                    refused += 1
                    continue
                }
                decided += 1
                let decoded = TranscodingSource.decode(bytes, from: chosen).utf8
                #expect(decoded == Array(text.utf8), "\(label) '\(text)' read as \(chosen.rawValue)")
            }
        }
        print("encoding detection on 1-6 word snippets: \(decided) decided (all right), \(refused) refused")
    }

    /// A sample cut at 256 KiB from a long file, in every encoding.
    @Test func longFilesAreDetectedFromTheirFirstBytes() throws {
        var rng = SeededGenerator(seed: 99)
        let plain = (0..<6000).map { Self.line($0, using: &rng) }.joined(separator: "\r\n")
        let punctuated = (0..<6000).map { Self.line($0, punctuation: true, using: &rng) }.joined(separator: "\r\n")
        for (label, encoding, decomposed) in Self.generatedEncodings {
            let text = Self.hasPunctuation(encoding) ? punctuated : plain
            let (bytes, carried) = try #require(Self.encode(text, encoding, decomposed: decomposed))
            let sample = Array(bytes.prefix(SourceExtractor.detectionSampleBytes))
            let detection = EncodingDetector.detect(sample, isComplete: sample.count < bytes.count ? false : true)
            let chosen = try #require(detection.encoding, "\(label): \(detection.explanation)")
            #expect(TranscodingSource.decode(bytes, from: chosen).utf8 == Array(carried.utf8), "\(label)")
            #expect(detection.confidence > 0.8, "\(label): \(detection.explanation)")
        }
    }

    // MARK: Syllables

    private func isSyllable(_ word: String) -> Bool {
        VietnameseSyllable.isSyllable(word.unicodeScalars.map { VietnameseSyllable.letter($0.value) }[...])
    }

    @Test func everyWordOfTheReferenceTextIsASyllable() throws {
        var failures: Set<String> = []
        var total = 0
        for line in Self.pool + (try EncodingReference.vectors("tcvn3").map(\.text)) {
            for word in line.split(whereSeparator: { !$0.isLetter }) where word.unicodeScalars.contains(where: { $0.value >= 0x80 }) {
                total += 1
                if !isSyllable(String(word)) { failures.insert(String(word)) }
            }
        }
        #expect(total > 3000)
        // A minority-language place name (Xã Ia Broăi), an abbreviation (01/ĐK), Xã La Êê.
        #expect(failures == ["Broăi", "ĐK", "Êê"])
    }

    @Test(arguments: [
        ("nghiêng", true), ("giường", true), ("giêng", true), ("quyển", true), ("khuỷu", true), ("người", true),
        ("hòa", true), ("hoà", true), ("thủy", true), ("thuỷ", true), ("Quỳnh", true), ("ĐẮK", true),
        ("THáI", true), ("gì", true), ("oẳn", true), ("Việt", true),
        ("hoàa", false), ("ngiêng", false), ("cê", false), ("ngi", false), ("Kạn", true), ("Krông", true), ("tiéng", false), ("ViỆt", false),
        ("àá", false), ("qa", false), ("hỏà", false), ("Vieät", false), ("fé", false), ("nguyễnn", false),
    ])
    func syllableRules(word: String, valid: Bool) {
        #expect(isSyllable(word) == valid, "\(word)")
    }
}
