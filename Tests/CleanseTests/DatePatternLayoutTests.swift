@testable import Cleanse
import Core
import Foundation
import PropertyBased
import Testing

/// Patterns of fixed-width fields are read at their places (`DatePattern.FixedLayout`): the
/// same results as reading them token by token, on dates and on near misses.
@Suite struct DatePatternLayoutTests {
    @Test(arguments: ["dd/MM/yyyy", "dd/MM/yyyy HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyyMMdd", "dd.MM.yy", "HH:mm dd/MM/yyyy",
                      "ddMMyy", "[yyyy] MM dd, HH:mm:ss !"])
    func fixedPatternsReadAsTokenByToken(_ format: String) async throws {
        let pattern = try DatePattern(format)
        #expect(pattern.fixed.length > 0)
        let gen = zip(Gen.int(in: 0...10_000), Gen.int(in: 0...13), Gen.int(in: 0...32), Gen.int(in: 0...25),
                      Gen.int(in: 0...61), Gen.int(in: 0...9_999))
        await propertyCheck(count: 400, input: gen) { (y, m, d, h, mi, noise) in
            func pad(_ n: Int, _ width: Int) -> String {
                let s = String(n)
                return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
            }
            var text = format
            for (field, value) in [("yyyy", pad(y, 4)), ("yy", pad(y % 100, 2)), ("MM", pad(m, 2)), ("dd", pad(d, 2)),
                                   ("HH", pad(h, 2)), ("mm", pad(mi, 2)), ("ss", pad(mi, 2))] {
                text = text.replacingOccurrences(of: field, with: value)
            }
            // The value, and near misses: a byte changed (to a letter, a byte just below or above the
            // digits, a digit, a non-ASCII byte, NUL), one dropped, one added, a sign.
            var bytes = Array(text.utf8)
            var variants = [bytes]
            let at = noise % bytes.count
            var changed = bytes
            changed[at] = [UInt8(ascii: "x"), UInt8(ascii: "/"), UInt8(ascii: "7"), 0xC3, UInt8(ascii: ":"), 0xB9, 0x00][noise % 7]
            variants.append(changed)
            variants.append(Array(bytes[..<at] + bytes[(at + 1)...]))
            bytes.insert(UInt8(ascii: "1"), at: at)
            variants.append(bytes)
            variants.append(Array(("-" + text).utf8))
            for v in variants {
                v.withUnsafeBufferPointer { b in
                    #expect(pattern.parse(b) == pattern.parseByTokens(b), "\(String(decoding: v, as: UTF8.self))")
                }
            }
        }
    }

    @Test func variableWidthOrRepeatedFieldsAreReadTokenByToken() throws {
        for format in ["d/M/yyyy", "dd/MM/yyyy H:mm", "dd/MM/yyyy yy", "dd dd/MM/yyyy", "yyyy yyyy-MM-dd",
                       "yyyy-MM-dd HH:mm:ss (dd/MM)"] {
            #expect(try DatePattern(format).fixed.length == 0, "\(format)")
        }
        let layout = try DatePattern("dd/MM/yyyy HH:mm").fixed
        #expect(layout.length == 16)
        #expect((layout.day, layout.month, layout.year, layout.hour, layout.minute, layout.second) == (0, 3, 6, 11, 14, -1))
    }
}
