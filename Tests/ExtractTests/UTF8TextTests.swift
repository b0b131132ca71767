@testable import Extract
import Testing

/// `UTF8Text.isValid`, the per-record check of the CSV reader, against the standard library's
/// validation.
@Suite struct UTF8TextTests {
    private func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = String(validating: bytes, as: UTF8.self) != nil
        let got = bytes.withUnsafeBufferPointer { UTF8Text.isValid($0) }
        #expect(got == expected, "\(bytes.map { String($0, radix: 16) })", sourceLocation: sourceLocation)
        if expected {
            #expect(bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidIndex($0) } == nil, sourceLocation: sourceLocation)
        }
    }

    @Test func boundaryCases() {
        let cases: [[UInt8]] = [
            [], [0x41], Array("Nguyễn Thị Hoà, Số 275 đường Dũng".utf8), Array("𝔸😀".utf8),
            [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xC2], [0xC2, 0x41],
            [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xE1, 0xBB], [0xE1, 0xBB, 0x41], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF0, 0x90, 0x80], [0xF0, 0x90, 0x80, 0x41], [0xFF],
        ]
        for c in cases {
            check(c)
            // The same sequence after ASCII runs of every length, so it falls at every offset of a word.
            for k in 1...17 {
                check(Array(repeating: 0x61, count: k) + c)
                check(Array(repeating: 0x61, count: k) + c + Array(repeating: 0x62, count: 17 - k))
            }
        }
    }

    @Test func randomBytesAgreeWithTheStandardLibrary() {
        var rng = SplitMix(seed: 0x6D6F_7463_7561)
        let interesting: [UInt8] = [0x41, 0x20, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        let text = Array("Đặng Văn Châu, Thôn 6, P. Đồng Phú ".utf8)
        for _ in 0..<200_000 {
            let count = Int(rng.next() % 24)
            var bytes: [UInt8] = []
            for _ in 0..<count {
                let r = rng.next()
                bytes.append(r & 1 == 0 ? interesting[Int(r >> 8) % interesting.count] : UInt8(truncatingIfNeeded: r >> 16))
            }
            if rng.next() % 3 == 0 { bytes = text + bytes }
            if rng.next() % 3 == 0 { bytes += text }
            check(bytes)
        }
    }
}

/// A small deterministic generator, so that a failure reproduces.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
