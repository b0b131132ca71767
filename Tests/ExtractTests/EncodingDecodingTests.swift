import Foundation
import Testing
@testable import Core
@testable import Extract

/// Decoding legacy encodings and UTF-16 to UTF-8 with ``TranscodingSource``: the reference
/// vectors and CSV files, the invalid-input policy, and reads split anywhere.
@Suite struct EncodingDecodingTests {
    // MARK: Reference vectors and files

    @Test(arguments: EncodingReference.vectorFiles)
    func vectorsDecodeToTheirNFCString(name: String, encoding: TextEncoding) throws {
        let vectors = try EncodingReference.vectors(name)
        #expect(vectors.count == 100)
        for (text, bytes) in vectors {
            if encoding == .utf8 {
                // Detection picks UTF-8; NFC is the cleanse step's job.
                #expect(EncodingDetector.detect(bytes, isComplete: true).encoding == .utf8)
                #expect(nfc(String(decoding: bytes, as: UTF8.self)) == text)
                continue
            }
            let whole = try transcode(bytes, encoding)
            #expect(String(decoding: whole.utf8, as: UTF8.self) == text, "\(name): \(text)")
            #expect(whole.source.invalidSequences == 0 && whole.source.firstInvalidOffset == nil)
            let byByte = try transcode(bytes, encoding, inputRead: 1, outputRead: 1)
            #expect(byByte.utf8 == whole.utf8, "\(name) in 1-byte reads: \(text)")
            #expect(byByte.source.invalidSequences == 0)
        }
    }

    /// Encoding each vector's string with the reverse tables gives exactly its bytes.
    @Test(arguments: EncodingReference.vectorFiles.filter { $0.encoding != .utf8 })
    func vectorsEncodeToTheirBytes(name: String, encoding: TextEncoding) throws {
        let encoder = LegacyEncoder(encoding, decomposed: name == "cp1258-decomposed")
        for (text, bytes) in try EncodingReference.vectors(name) {
            #expect(encoder.encode(text) == bytes, "\(name): \(text)")
        }
    }

    @Test func tcvn3LossyVectorsLowercaseTheCapitalsTCVN3CannotCarry() throws {
        for row in try EncodingReference.table("vectors/tcvn3.lossy.tsv") {
            let bytes = EncodingReference.hex(row["hex"]!)
            let decoded = try transcode(bytes, .tcvn3).utf8
            #expect(String(decoding: decoded, as: UTF8.self) == row["decoded_nfc"]!)
            #expect(LegacyEncoder.tcvn3Carried(row["original_nfc"]!) == row["decoded_nfc"]!)
        }
    }

    @Test(arguments: EncodingReference.csvFiles)
    func csvFilesDecodeToTheirTruth(name: String, encoding: TextEncoding) throws {
        let bytes = try EncodingReference.bytes("files/\(name).csv")
        let truth = try EncodingReference.bytes("files/\(name).truth.csv")
        if encoding == .utf8 {
            #expect(Array(nfc(String(decoding: bytes, as: UTF8.self)).utf8) == truth)
            return
        }
        for (inputRead, outputRead) in [(Int.max, 1 << 20), (1, 1), (3, 7), (64, 5)] {
            let (utf8, source) = try transcode(bytes, encoding, inputRead: inputRead, outputRead: outputRead)
            #expect(utf8 == truth, "\(name) read \(inputRead)/\(outputRead) at a time")
            #expect(source.invalidSequences == 0)
        }
    }

    // MARK: Composition

    @Test func windows1258ComposesBaseAndToneMark() throws {
        // á two ways, ặ (ă + dot below), Ờ (Ơ + grave), ỷ (y + hook).
        let bytes: [UInt8] = [0xE1, 0x20, 0x61, 0xEC, 0x20, 0xE3, 0xF2, 0x20, 0xD5, 0xCC, 0x20, 0x79, 0xD2]
        #expect(String(decoding: try transcode(bytes, .windows1258).utf8, as: UTF8.self) == "á á ặ Ờ ỷ")
    }

    @Test func vniTakesTheCaseFromTheBase() throws {
        // "Aù" (title-cased VNI: A + lowercase mark) is Á; "aÙ" is á; "OÂ" is Ô; "ÔØ" is Ờ.
        let bytes: [UInt8] = [0x41, 0xF9, 0x20, 0x61, 0xD9, 0x20, 0x4F, 0xC2, 0x20, 0xD4, 0xD8, 0x20, 0xF4, 0xF8]
        let (utf8, source) = try transcode(bytes, .vni)
        #expect(String(decoding: utf8, as: UTF8.self) == "Á á Ô Ờ ờ")
        #expect(source.invalidSequences == 0)
    }

    @Test func tcvnComposesVN1CombiningMarks() throws {
        // a + 0xB3 (acute) = á; Â (0xA2) + 0xB0 (grave) = Ầ; after a consonant the mark stays a mark.
        for encoding in [TextEncoding.tcvn3, .tcvn5712_1] {
            let (utf8, source) = try transcode([0x61, 0xB3, 0x20, 0xA2, 0xB0, 0x20, 0x6E, 0xB4], encoding)
            #expect(String(decoding: utf8, as: UTF8.self) == "á Ầ n\u{0323}")
            #expect(source.invalidSequences == 0)
        }
    }

    @Test func tcvn3DecodesWindows1252PunctuationAndVN2() throws {
        // “Đà” – ẳ, then VN2's Ề (0xC5) and Ố (0xFF).
        let bytes: [UInt8] = [0x93, 0xA7, 0xB5, 0x94, 0x20, 0x96, 0x20, 0xBC, 0x20, 0xC5, 0xFF]
        #expect(String(decoding: try transcode(bytes, .tcvn3).utf8, as: UTF8.self) == "“Đà” – ẳ ỀỐ")
        // The same bytes in VN1 are capitals.
        #expect(String(decoding: try transcode([0x93, 0x94, 0x96], .tcvn5712_1).utf8, as: UTF8.self) == "ỎÕỌ")
    }

    @Test func c0LettersDecodeAsLetters() throws {
        #expect(String(decoding: try transcode([0x02, 0x05, 0x06, 0x14, 0x19, 0x1E, 0x09, 0x0A], .viscii).utf8,
                       as: UTF8.self) == "ẲẴẪỶỸỴ\t\n")
        #expect(String(decoding: try transcode([0x02, 0x10, 0x1C, 0x1D, 0x0D, 0x0A], .vps).utf8, as: UTF8.self)
                == "ẠỊẪỮ\r\n")
        #expect(String(decoding: try transcode([0x01, 0x17, 0x41], .tcvn5712_1).utf8, as: UTF8.self) == "ÚỴA")
        // In runs longer than the eight-byte ASCII fast path.
        let run = [UInt8](repeating: 0x02, count: 9) + Array("abcdefghij".utf8) + [0x1D]
        #expect(String(decoding: try transcode(run, .vps).utf8, as: UTF8.self)
                == String(repeating: "Ạ", count: 9) + "abcdefghij" + "Ữ")
        // TCVN3 has no C0 letters: control bytes stay control characters.
        #expect(try transcode([0x01, 0x17], .tcvn3).utf8 == [0x01, 0x17])
    }

    // MARK: Invalid input passes through

    @Test func windows1258InvalidSequencesPassThrough() throws {
        // An acute after a consonant (offset 1), after a toned letter (offset 4), a grave right after
        // a composed acute (offset 8), an unassigned byte 0x81 (offset 9); then an acute with
        // nothing before it.
        let bytes: [UInt8] = [0x62, 0xEC, 0x20, 0xE1, 0xEC, 0x20, 0x61, 0xEC, 0xCC, 0x81]
        let (utf8, source) = try transcode(bytes, .windows1258)
        #expect(utf8 == [0x62, 0xEC, 0x20, 0xC3, 0xA1, 0xEC, 0x20, 0xC3, 0xA1, 0xCC, 0x81])
        #expect(source.invalidSequences == 4)
        #expect(source.firstInvalidOffset == 1)
        let (lead, leadSource) = try transcode([0xEC, 0x61], .windows1258)
        #expect(lead == [0xEC, 0x61])
        #expect(leadSource.firstInvalidOffset == 0)
        #expect(utf8.withUnsafeBufferPointer { UTF8Check.firstInvalidIndex($0) } == 1)
    }

    @Test func vniMarkAfterAConsonantOrOnIIsInvalid() throws {
        // "Vieät" is fine; "nù" (mark after n), "iù" (í written as i + mark), a mark after a mark,
        // and unassigned 0xD7.
        let bytes: [UInt8] = [0x56, 0x69, 0x65, 0xE4, 0x74, 0x20, 0x6E, 0xF9, 0x20, 0x69, 0xF9, 0x20,
                              0x61, 0xF9, 0xF9, 0x20, 0xD7]
        let (utf8, source) = try transcode(bytes, .vni)
        #expect(utf8 == Array("Việt n".utf8) + [0xF9] + Array(" i".utf8) + [0xF9] + Array(" á".utf8) + [0xF9, 0x20, 0xD7])
        #expect(source.invalidSequences == 4)
        #expect(source.firstInvalidOffset == 7)
    }

    @Test func unassignedBytesPassThrough() throws {
        for (encoding, byte) in [(TextEncoding.tcvn3, UInt8(0x81)), (.tcvn3, 0x8D), (.windows1258, 0x9E), (.vni, 0xFF)] {
            let (utf8, source) = try transcode([0x41, byte, 0x42], encoding)
            #expect(utf8 == [0x41, byte, 0x42])
            #expect(source.invalidSequences == 1)
            #expect(source.firstInvalidOffset == 1)
        }
    }

    @Test func firstInvalidOffsetCountsAcrossChunks() throws {
        // Past the first 256 KiB input chunk, read 4093 bytes at a time.
        var bytes = [UInt8](repeating: 0x61, count: 300_001)
        bytes[300_000] = 0x81
        bytes[299_999] = 0x20
        bytes.append(contentsOf: [0x20, 0x81])
        let (utf8, source) = try transcode(bytes, .tcvn3, inputRead: 4093, outputRead: 10_000)
        #expect(utf8 == bytes)
        #expect(source.invalidSequences == 2)
        #expect(source.firstInvalidOffset == 300_000)
    }

    // MARK: UTF-16

    @Test func utf16ByteOrderMarks() throws {
        let text = "Việt 𝔸"
        let le = utf16Bytes(Array(text.utf16), bigEndian: false)
        let be = utf16Bytes(Array(text.utf16), bigEndian: true)
        let expected = Array(text.utf8)
        // utf-16: the mark decides, big-endian without one.
        #expect(try transcode([0xFF, 0xFE] + le, .utf16).utf8 == expected)
        #expect(try transcode([0xFE, 0xFF] + be, .utf16).utf8 == expected)
        #expect(try transcode(be, .utf16).utf8 == expected)
        // utf-16le / utf-16be drop a mark in their own order.
        #expect(try transcode([0xFF, 0xFE] + le, .utf16le).utf8 == expected)
        #expect(try transcode(le, .utf16le).utf8 == expected)
        #expect(try transcode([0xFE, 0xFF] + be, .utf16be).utf8 == expected)
        // A mark in the other order is U+FFFE, a noncharacter but valid.
        #expect(try transcode([0xFF, 0xFE] + be, .utf16be).utf8 == [0xEF, 0xBF, 0xBE] + expected)
        for read in [1, 2, 3] {
            #expect(try transcode([0xFF, 0xFE] + le, .utf16, inputRead: read, outputRead: 1).utf8 == expected)
        }
    }

    @Test func utf16InvalidSequencesBecome0xFF() throws {
        // "A", lone high surrogate then "B", lone low surrogate, a pair, then an odd byte.
        let units: [UInt16] = [0x41, 0xD835, 0x42, 0xDC38, 0xD835, 0xDD38]
        let le = utf16Bytes(units, bigEndian: false) + [0x43]
        for read in [Int.max, 1, 3] {
            let (utf8, source) = try transcode(le, .utf16le, inputRead: read, outputRead: read == .max ? 1 << 20 : 1)
            #expect(utf8 == [0x41, 0xFF, 0x42, 0xFF] + Array("𝔸".utf8) + [0xFF])
            #expect(source.invalidSequences == 3)
            #expect(source.firstInvalidOffset == 2)
        }
        // A high surrogate at the very end.
        let (end, endSource) = try transcode([0x41, 0x00, 0x35, 0xD8], .utf16le)
        #expect(end == [0x41, 0xFF])
        #expect(endSource.firstInvalidOffset == 2)
    }

    // MARK: Streaming

    @Test(arguments: [TextEncoding.windows1258, .tcvn3, .tcvn5712_1, .vni, .viscii, .vps, .utf16le, .utf16be])
    func anySplitDecodesAlike(encoding: TextEncoding) throws {
        // Random bytes (valid or not): every way of splitting the reads gives the same output,
        // count and first offset.
        var rng = SeededGenerator(seed: 0x5EED_0000 + UInt64(encoding.rawValue.count))
        for _ in 0..<40 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in
                // Mostly letters and marks where the decoders compose.
                Bool.random(using: &rng) ? [0x61, 0x41, 0x6F, 0x79, 0xF4, 0xD5, 0xEC, 0xF9, 0xE2, 0xB3][Int.random(in: 0..<10, using: &rng)]
                    : UInt8.random(in: 0...255, using: &rng)
            }
            let whole = try transcode(bytes, encoding)
            for (inputRead, outputRead) in [(1, 1), (2, 3), (5, 1), (7, 64), (1, 1 << 20)] {
                let split = try transcode(bytes, encoding, inputRead: inputRead, outputRead: outputRead)
                #expect(split.utf8 == whole.utf8)
                #expect(split.source.invalidSequences == whole.source.invalidSequences)
                #expect(split.source.firstInvalidOffset == whole.source.firstInvalidOffset)
            }
            #expect(TranscodingSource.decode(bytes, from: encoding).utf8 == whole.utf8)
        }
    }

    @Test func largeInputDecodesStraightIntoTheCallersBuffer() throws {
        // Several input chunks, read into a 1 MiB buffer (the decode-in-place path) and in small reads.
        let line = try #require(LegacyEncoder(.vni).encode("Nguyễn Thị Hoà, Xã Phú Thọ, Huyện Phú Tân, Tỉnh An Giang\n"))
        let bytes = Array([[UInt8]](repeating: line, count: 12_000).joined())
        let expected = Array(String(repeating: "Nguyễn Thị Hoà, Xã Phú Thọ, Huyện Phú Tân, Tỉnh An Giang\n", count: 12_000).utf8)
        #expect(try transcode(bytes, .vni).utf8 == expected)
        #expect(try transcode(bytes, .vni, inputRead: 100_003, outputRead: 4099).utf8 == expected)
    }

    // MARK: Through the extractor

    @Test func invalidBytesQuarantineTheirRecord() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-enc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Windows-1258: line 3 has an acute after "n" (not valid Windows-1258).
        let encoder = LegacyEncoder(.windows1258, decomposed: true)
        var bytes = try #require(encoder.encode("id,ten\r\n1,Nguyễn Văn An\r\n"))
        bytes += Array("2,Bi".utf8) + [0x6E, 0xEC] + Array("h\r\n".utf8)
        bytes += try #require(encoder.encode("3,Trần Thị Bình\r\n"))
        try Data(bytes).write(to: dir.appendingPathComponent("a.csv"))
        let source = makeSource(path: "a.csv", format: .csv(csvOptions()), fields: ["id", "ten"],
                                encoding: .declared(.windows1258))
        let (extractor, batches) = try readAll(source, base: dir.path)
        let batch = try #require(batches.first)
        #expect(batch.rows.map { $0.map { $0 } } == [["1", "Nguyễn Văn An"], ["3", "Trần Thị Bình"]])
        let reject = try #require(batch.rejects.first)
        #expect(reject.reason == .invalidEncoding)
        #expect(reject.origin.line == 3)
        // Offsets are in the decoded UTF-8 stream.
        #expect(reject.origin.byteOffset == Int64(Array("id,ten\r\n1,Nguyễn Văn An\r\n".utf8).count))
        #expect(extractor.fileStats.first?.encoding == .windows1258)
    }

    @Test(arguments: EncodingReference.csvFiles)
    func csvFilesReadThroughTheExtractor(name: String, encoding: TextEncoding) throws {
        let truthSource = makeSource(path: "\(name).truth.csv", format: .csv(csvOptions()),
                                     fields: ["ho_ten", "dia_chi", "ten_thu_tuc"])
        let base = EncodingReference.path("files")
        let truth = try readAll(truthSource, base: base).1.flatMap(\.rows)
        #expect(truth.count == 40)
        for declared in [SourceEncoding.declared(encoding), .auto] {
            let source = makeSource(path: "\(name).csv", format: .csv(csvOptions()),
                                    fields: ["ho_ten", "dia_chi", "ten_thu_tuc"], encoding: declared)
            let (extractor, batches) = try readAll(source, base: base)
            let rows = batches.flatMap(\.rows)
            if encoding == .utf8 {
                #expect(rows.map { $0.map { $0.map(nfc) } } == truth.map { Array($0) })
            } else {
                #expect(rows == truth)
            }
            #expect(batches.allSatisfy { $0.rejects.isEmpty })
            #expect(extractor.fileStats.first?.encoding == encoding)
            if declared == .auto {
                #expect((extractor.fileStats.first?.encodingConfidence ?? 0) > 0.5)
            }
        }
    }
}
