import PropertyBased
import Testing
@testable import Core
@testable import Extract

/// Legacy encodings round-trip: random Vietnamese text encoded with the reference tables decodes
/// back to itself in NFC, whole and in any split of the reads.
@Suite struct EncodingPropertyTests {
    /// Every letter the tables know (134), ASCII letters, digits, spaces and punctuation.
    static let pieces: [String] = EncodingTables.vniEncoding.map { String(Unicode.Scalar($0.letter)!) }
        + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXYfjwzFJWZ0123456789".map(String.init)
        + [" ", " ", " ", ",", ".", "\r\n", "\t", "\"", "-", "/"]

    static let encodings: [(encoding: TextEncoding, decomposed: Bool)] = [
        (.windows1258, false), (.windows1258, true), (.tcvn3, false), (.tcvn5712_1, false), (.vni, false),
        (.viscii, false), (.vps, false),
    ]

    @Test func randomTextRoundTripsInEveryEncoding() async {
        let gen = zip(Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...60), Gen.int(in: 1...9))
        await propertyCheck(count: 300, input: gen) { indexes, read in
            let text = indexes.map { Self.pieces[$0] }.joined()
            for (encoding, decomposed) in Self.encodings {
                let expected = encoding == .tcvn3 ? LegacyEncoder.tcvn3Carried(text) : text
                guard let bytes = LegacyEncoder(encoding, decomposed: decomposed).encode(expected) else {
                    Issue.record("\(encoding.rawValue) cannot encode \(expected.debugDescription)")
                    continue
                }
                let whole = TranscodingSource.decode(bytes, from: encoding)
                #expect(String(decoding: whole.utf8, as: UTF8.self) == expected, "\(encoding.rawValue)")
                #expect(whole.utf8 == Array(nfc(expected).utf8), "\(encoding.rawValue) gives NFC")
                #expect(whole.step.invalid == 0)
                let split = try transcode(bytes, encoding, inputRead: read, outputRead: read + 2)
                #expect(split.utf8 == whole.utf8, "\(encoding.rawValue) read \(read) at a time")
            }
            for encoding in [TextEncoding.utf16le, .utf16be, .utf16] {
                let units = Array(text.utf16)
                let bytes = encoding == .utf16le
                    ? utf16Bytes(units, bigEndian: false)
                    : utf16Bytes(units, bigEndian: true)
                let split = try transcode(bytes, encoding, inputRead: read, outputRead: read)
                #expect(split.utf8 == Array(text.utf8), "\(encoding.rawValue)")
            }
        }
    }

    @Test func anyBytesDecodeAlikeHoweverTheReadsSplit() async {
        let all: [TextEncoding] = [.windows1258, .tcvn3, .tcvn5712_1, .vni, .viscii, .vps, .utf16, .utf16le, .utf16be]
        let gen = zip(Gen.int(in: 0...255).array(of: 0...200), Gen.int(in: 1...7), Gen.int(in: 0...(all.count - 1)))
        await propertyCheck(count: 500, input: gen) { ints, read, e in
            let bytes = ints.map(UInt8.init)
            let whole = TranscodingSource.decode(bytes, from: all[e])
            let split = try transcode(bytes, all[e], inputRead: read, outputRead: 8 - read)
            #expect(split.utf8 == whole.utf8)
            #expect(split.source.invalidSequences == whole.step.invalid)
            #expect(split.source.firstInvalidOffset == whole.step.firstInvalid.map(Int64.init))
        }
    }
}
