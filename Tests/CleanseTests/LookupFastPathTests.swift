@testable import Cleanse
import Core
@_spi(_Unicode) import Swift
import Testing

/// The byte-level lookups behind `one_of` and `map` (`NFCByteList`) and `RuleBytes.equal`,
/// against what they shortcut: `Set`/`Dictionary` lookups under Swift's canonical-equivalence
/// `==`, and `elementsEqual`.
@Suite struct LookupFastPathTests {
    /// `s` in NFD.
    private func nfd(_ s: String) -> String { String(String.UnicodeScalarView(s._nfd)) }

    /// Values in NFC, in NFD, mixed, ASCII, empty and near misses of the members.
    private static let probes = [
        "Nam", "Nữ", "nữ", "Nu", "Nư", "Nữ ", "", "N", "Nam\u{0}", "Khác", "Hòa", "Hoà", "Thủy", "Thuỷ", "DA_TRA_KQ",
        "DA_TRA_K", "Đã trả kết quả", "Đa trả kết quả", "completed", "e\u{301}", "\u{e9}", "ﬁ", "Å", "A\u{30A}", "\u{212B}",
    ]

    private func variants(_ s: String) -> [String] { [s, nfd(s)] }

    @Test func oneOfAgreesWithSetMembership() {
        for members in [["Nam", "Nữ"], ["Hòa", "\u{212B}", "e\u{301}", ""], ["A", "b", "Thủy"]] {
            let set = Set(members)
            let rule = OneOfRule(values: set, reason: .notAllowed, onInvalid: .quarantine)
            for probe in Self.probes.flatMap(variants) + members.flatMap(variants) {
                var v: String? = probe
                let failure = rule.apply(&v)
                #expect((failure == nil) == set.contains(probe), "one_of \(members) on \(Array(probe.unicodeScalars))")
                #expect(v == probe)
            }
        }
    }

    @Test func oneOfOverTheListLimitStillWorks() {
        let members = (0..<(NFCByteList.limit + 5)).map { "v\($0)" } + ["Nữ"]
        let rule = OneOfRule(values: Set(members), reason: .notAllowed, onInvalid: .quarantine)
        var v: String? = nfd("Nữ")
        #expect(rule.apply(&v) == nil)
        v = "v99"
        #expect(rule.apply(&v) != nil)
    }

    @Test(arguments: [false, true])
    func mapAgreesWithDictionaryLookup(caseInsensitive: Bool) {
        let table = ["DA_TRA_KQ": "completed", "Đã trả kết quả": "completed", "Hòa": "peace", "1": "received", "e\u{301}": "e"]
        let rule = VocabularyRule(table: table, reason: .unmappedValue, caseInsensitive: caseInsensitive, onInvalid: .flag)
        let keys = caseInsensitive
            ? Dictionary(table.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }) : table
        let targets = Set(table.values)
        for probe in Self.probes.flatMap(variants) + table.keys.flatMap(variants) + ["da_tra_kq", "HÒA", "peace"] {
            var v: String? = probe
            let failure = rule.apply(&v)
            if targets.contains(probe) {
                #expect(failure == nil && v == probe)
            } else if let mapped = keys[caseInsensitive ? probe.lowercased() : probe] {
                #expect(failure == nil && v == mapped, "map on \(Array(probe.unicodeScalars))")
            } else {
                #expect(failure != nil && v == probe, "map on \(Array(probe.unicodeScalars))")
            }
        }
    }

    @Test func byteListIndexes() {
        let list = NFCByteList(["Nam", "Nữ"])
        #expect(list.index(of: "Nam") == 0)
        #expect(list.index(of: "Nữ") == 1)
        #expect(list.index(of: "Nu") == -1)
        #expect(list.index(of: nfd("Nữ")) == nil)  // not shown to be NFC: the caller asks the Set
        #expect(NFCByteList((0...NFCByteList.limit).map(String.init)).index(of: "1") == nil)
    }

    @Test func bytesEqual() {
        func check(_ a: [UInt8], _ b: [UInt8]) {
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in #expect(RuleBytes.equal(x, y) == (a == b)) }
            }
        }
        check([], [])
        check([1], [])
        check([1, 2, 3], [1, 2, 3])
        check([1, 2, 3], [1, 2, 4])
        check(Array("0912345678".utf8), Array("+84912345678".utf8))
    }
}
