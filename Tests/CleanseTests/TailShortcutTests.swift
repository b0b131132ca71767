@testable import Cleanse
import Testing

/// The unit step's shortcut: an address's tail (after its third comma from the end) read alone
/// behind stand-in words gives the address's match (one commune, or an ambiguity) when that
/// reading never looks at them. Whatever words come before the tail (other communes',
/// districts' and provinces' names, unit types, house numbers, hamlets, dashes), the whole
/// address must match as the tail did.
@Suite struct TailShortcutTests {
    typealias Reference = AdminUnitReference
    static let reference = Reference.shared

    /// Whole-address reading and tail reading of `text`, in order `reading`: the tail's match
    /// (or `nil`: no tail, or the tail does not settle it) and the whole address's match.
    private func both(_ text: String, _ reading: AdminUnitMapper.Reading, _ mapper: AdminUnitMapper)
        -> (tail: AdminUnitMapper.CommuneMatch?, whole: AdminUnitMapper.CommuneMatch) {
        let whole = mapper.mapToCommune(text, reading: reading)
        let tail: AdminUnitMapper.CommuneMatch? = RuleBytes.withUTF8(text) { bytes in
            guard let range = AdminUnitMapper.tail(of: bytes) else { return nil }
            return mapper.mapTailToCommune(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self),
                                           reading: reading)
        }
        return (tail, whole)
    }

    private func agree(_ tail: AdminUnitMapper.CommuneMatch?, _ whole: AdminUnitMapper.CommuneMatch) -> Bool {
        tail == nil || tail == whole
    }

    private func isAmbiguous(_ m: AdminUnitMapper.CommuneMatch?) -> Bool {
        if case .ambiguous = m { return true }
        return false
    }

    /// The generated old-style addresses of the acceptance test, every legacy commune's kind
    /// (split ones too), in both reading orders.
    @Test func generatedAddressesMapAsTheirTails() {
        let mapper = AdminUnitMapper()
        let addresses = AdminUnitAcceptanceTests.addresses(count: 4_000, seed: 2025) { _ in true }
        var shortcut = 0, ambiguous = 0, total = 0
        var disagree: [String] = []
        for a in addresses {
            for reading in [AdminUnitMapper.Reading.legacyFirst, .currentFirst] {
                let (tail, whole) = both(a.text, reading, mapper)
                total += 1
                if tail != nil { shortcut += 1 }
                if isAmbiguous(tail) { ambiguous += 1 }
                if !agree(tail, whole) {
                    disagree.append("\(a.text.debugDescription) \(reading): tail \(tail.map { "\($0)" } ?? "nil"), whole \(whole)")
                }
            }
        }
        #expect(disagree.isEmpty, "\(disagree.count) disagree:\n\(disagree.prefix(20).joined(separator: "\n"))")
        // The shortcut must be taken often enough, to one commune and as ambiguous, for this
        // test to say something.
        #expect(shortcut * 5 > total, "shortcut taken \(shortcut) times of \(total)")
        #expect(ambiguous * 50 > total, "shortcut taken \(ambiguous) times as ambiguous of \(total)")
    }

    /// Tails that settle alone (400 to one commune, 100 as ambiguous: split communes), behind
    /// words chosen to mislead a reader that looked at them.
    @Test func wordsBeforeATailNeverChangeItsMatch() {
        let mapper = AdminUnitMapper()
        let r = Self.reference
        var rng = SeededGenerator(seed: 34)
        var tails: [(text: String, match: AdminUnitMapper.CommuneMatch, reading: AdminUnitMapper.Reading,
                     c: Reference.Commune)] = []
        var mapped = 0, ambiguous = 0
        let split = AdminUnitAcceptanceTests.addresses(count: 3_000, seed: 64) { r.targets[$0.code]!.count > 1 }
        for a in AdminUnitAcceptanceTests.addresses(count: 3_000, seed: 63) { _ in true } + split {
            let reading: AdminUnitMapper.Reading = rng.chance(0.5) ? .legacyFirst : .currentFirst
            let withPrefix = "Thôn 1, " + a.text
            guard let range = RuleBytes.withUTF8(withPrefix, { AdminUnitMapper.tail(of: $0) }) else { continue }
            let text = String(decoding: Array(withPrefix.utf8)[range], as: UTF8.self)
            guard let match = mapper.mapTailToCommune(text, reading: reading) else { continue }
            if isAmbiguous(match) {
                guard ambiguous < 100 else { continue }
                ambiguous += 1
            } else {
                guard mapped < 400 else { continue }
                mapped += 1
            }
            tails.append((text, match, reading, r.communesByCode[a.legacy]!))
            if tails.count == 500 { break }
        }
        #expect(mapped == 400 && ambiguous == 100)
        var checked = 0
        var disagree: [String] = []
        for t in tails {
            let district = r.districts[t.c.district]!
            let province = r.legacyProvinces.first { $0.code == t.c.province }!
            let sibling = r.communes.first { $0.district == t.c.district && $0.code != t.c.code }
            let elsewhere = rng.pick(r.communes)
            let otherDistrict = r.districts[elsewhere.district]!
            let prefixes = [
                "Thôn 3", "Số 12 đường Lê Lợi", "12/4 Trần Phú", "Tổ 5, Khu phố 2", "KP 3", "Ấp Bình An", "Xóm Đông Hòa -",
                "Thôn \(t.c.name)", "Xã \(t.c.name)", "\(t.c.name) \(t.c.name)", "Phường 15", "P.15", "Q.1", "Quận 3",
                "Thôn 2, Xã \(sibling?.name ?? "An Phú")", "Xã \(sibling?.name ?? "An Phú")", "\(sibling?.name ?? "An Phú") 2",
                "Huyện \(district.name)", "H. \(otherDistrict.name)", "\(otherDistrict.name) 1", "TP \(province.name)",
                "Tỉnh \(province.name)", "Thị trấn \(elsewhere.name)", "Xã \(elsewhere.name), Huyện \(otherDistrict.name)",
                "TT Nông trường 1", "Thôn 1 - \(t.c.name)", "Số 5 \(elsewhere.name)", "TT. \(t.c.name) A",
                Reference.stripped("Thôn \(sibling?.name ?? "An Phú") 4"), "12 34", "a b",
            ]
            for prefix in prefixes {
                let text = prefix + "," + t.text
                let (tail, whole) = both(text, t.reading, mapper)
                guard let tail else { continue }
                checked += 1
                #expect(tail == t.match)
                if !agree(tail, whole) { disagree.append("\(text.debugDescription) \(t.reading): tail \(tail), whole \(whole)") }
            }
        }
        #expect(disagree.isEmpty, "\(disagree.count) disagree:\n\(disagree.prefix(20).joined(separator: "\n"))")
        #expect(checked > 500 * 20)
    }

    /// Addresses long enough in words that a whole scan drops its first ones; tails long enough
    /// in words that the tail reading is refused.
    @Test func longAddressesMapAsTheirTails() {
        let mapper = AdminUnitMapper()
        #expect(AdminUnitMapper.tailWordLimit == 23)
        let tails = [" X. Quảng Phú, H. Quảng Trạch, Quảng Bình", " Phường 15, Quận 10, TP.HCM", " Xa Vinh An, Vinh Loc, T. Thanh Hoa"]
        var settled = 0
        for tail in tails {
            for words in [2, 10, 20, 23, 24, 29, 30, 31, 40] {
                let prefix = (1...words).map { "t\($0)" }.joined(separator: " ")
                for reading in [AdminUnitMapper.Reading.legacyFirst, .currentFirst] {
                    let (t, whole) = both(prefix + "," + tail, reading, mapper)
                    if t != nil { settled += 1 }
                    #expect(agree(t, whole), "\(words) words before \(tail.debugDescription), \(reading)")
                }
            }
        }
        #expect(settled > 0)
        // A tail of more words than the limit (8 words here, and more before them) is not read alone.
        func padded(_ extra: Int) -> String {
            " " + Array(repeating: "ab", count: extra).joined(separator: " ") + "; X. Quảng Phú, H. Quảng Trạch, Quảng Bình"
        }
        #expect(mapper.mapTailToCommune(padded(15), reading: .legacyFirst) != nil)
        #expect(mapper.mapTailToCommune(padded(16), reading: .legacyFirst) == nil)
        #expect(mapper.mapTailToCommune(" X. Quảng Phú, H. Quảng Trạch, Quảng Bình", reading: .legacyFirst) != nil)
    }

    @Test func tailsNeedThreeCommasAndTwoWordsBeforeThem() {
        func tail(_ s: String) -> String? {
            RuleBytes.withUTF8(s) { b in
                AdminUnitMapper.tail(of: b).map { String(decoding: UnsafeBufferPointer(rebasing: b[$0]), as: UTF8.self) }
            }
        }
        #expect(tail("Thôn 3, X. Quảng Phú, H. Quảng Trạch, Quảng Bình") == " X. Quảng Phú, H. Quảng Trạch, Quảng Bình")
        #expect(tail("a, b, c, d, e") == " c, d, e")
        #expect(tail("X. Quảng Phú, H. Quảng Trạch, Quảng Bình") == nil, "two commas")
        #expect(tail("Thôn, X. Quảng Phú, H. Quảng Trạch, Quảng Bình") == nil, "one word before")
        #expect(tail("Ấp Đông, X. Quảng Phú, H. Quảng Trạch, Quảng Bình") == nil, "no ASCII word start counted after a letter")
        #expect(tail("Thôn 3 ,X. Quảng Phú,H. Quảng Trạch,Quảng Bình") == "X. Quảng Phú,H. Quảng Trạch,Quảng Bình")
        #expect(tail(String(repeating: "Thôn 3 ", count: 50) + ", X. A, H. B, T. C") == nil, "longer than the scan window")
    }

    /// The comma search (eight bytes at a time) finds the third comma from the end wherever it
    /// is: random texts of commas, letters, digits, spaces and Vietnamese letters, against a
    /// byte-by-byte search.
    @Test func theThirdCommaFromTheEndIsFoundAnywhere() {
        func reference(_ b: [UInt8]) -> Range<Int>? {
            guard !b.isEmpty, b.count <= AddressScan.fieldWindow else { return nil }
            guard let comma = b.indices.reversed().filter({ b[$0] == 0x2C }).dropFirst(2).first else { return nil }
            var words = 0
            var separated = true
            for c in b[..<comma] {
                let alnum = (c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10
                if alnum {
                    if separated { words += 1 }
                    separated = false
                } else {
                    separated = c < 0x80 && c != 0x27 && c != 0x60
                }
            }
            return words >= 2 ? (comma + 1)..<b.count : nil
        }
        var rng = SeededGenerator(seed: 3)
        let pieces = [",", ",", " ", "a", "Bc", "1", "ệ", "Đ", ".", "'", ", ", "xy z", ",,"]
        var found = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...60, using: &rng)).map { _ in rng.pick(pieces) }.joined()
            let bytes = Array(text.utf8)
            let got = bytes.withUnsafeBufferPointer { AdminUnitMapper.tail(of: $0) }
            #expect(got == reference(bytes), "\(text.debugDescription)")
            if got != nil { found += 1 }
        }
        #expect(found > 2_000)
    }
}
