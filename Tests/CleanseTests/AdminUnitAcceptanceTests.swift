import Foundation
import Testing
import Cleanse

/// The acceptance test: old-style addresses written the way people write them, generated with
/// a fixed seed from legacy communes whose new commune is known. At least 98% must map to
/// exactly the right new commune and none to a wrong one; the rest must be ambiguous (with the
/// right commune among the candidates) or unknown.
@Suite struct AdminUnitAcceptanceTests {
    typealias Reference = AdminUnitReference
    static let reference = Reference.shared

    static let streets = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt",
                          "Nguyễn Trãi", "Hùng Vương", "Trần Phú", "Phan Bội Châu", "Lê Duẩn", "Điện Biên Phủ"]
    static let hamlets = ["Bình An", "Tân Lập", "Phú Xuân", "Đông Hòa", "Hòa Bình", "Trung Sơn", "An Phú", "Thạnh Mỹ"]

    struct Address: CustomStringConvertible {
        var text: String
        var legacy: String
        var expected: [String]
        var description: String { "\(legacy) \(text.debugDescription)" }
    }

    /// One address for legacy commune `c`, its style drawn from `rng`.
    static func address(for c: Reference.Commune, _ rng: inout SeededGenerator) -> String {
        let d = reference.districts[c.district]!
        let p = reference.legacyProvinces.first { $0.code == c.province }!
        let noMarks = rng.chance(0.45)
        let fold = { (s: String) in noMarks ? Reference.stripped(s) : s }
        var parts: [String] = []

        // House, street, hamlet.
        switch rng.next() % 9 {
        case 0: parts.append("Thôn \(rng.next() % 12 + 1)")
        case 1: parts.append("Số \(rng.next() % 300 + 1) đường \(rng.pick(streets))")
        case 2: parts.append("\(rng.next() % 300 + 1)/\(rng.next() % 40 + 1) \(rng.pick(streets))")
        case 3: parts.append("Ấp \(rng.pick(hamlets))")
        case 4: parts.append("Tổ \(rng.next() % 20 + 1), Khu phố \(rng.next() % 9 + 1)")
        case 5: parts.append("Xóm \(rng.pick(hamlets))")
        case 6: parts.append("Thôn \(rng.pick(hamlets))")
        case 7: parts.append("\(rng.next() % 200 + 1) \(rng.pick(streets))")
        default: break
        }

        // Commune: a numbered ward keeps its type ("P.15"); a named one may drop it.
        let numbered = Int(c.name) != nil
        var communeName = c.name
        var type = c.type
        if !c.altNames.isEmpty && rng.chance(0.3) {
            // An earlier name, with its own type ("Thị trấn Mộc Châu" for Phường Mộc Sơn).
            communeName = c.altNames[0]
            for prefix in ["Thị trấn ", "Phường ", "Xã "] where communeName.hasPrefix(prefix) {
                communeName.removeFirst(prefix.count)
                type = prefix.dropLast().lowercased()
            }
        }
        let communeTypes: [String: [String]] = [
            "xã": ["Xã ", "X. ", "x.", "xa "], "phường": ["Phường ", "P. ", "P.", "p ", "F."], "thị trấn": ["Thị trấn ", "TT. ", "tt "],
        ]
        let communeType = numbered || rng.chance(0.7) ? rng.pick(communeTypes[type]!) : ""
        parts.append(communeType + communeName)

        // District: missing in one address out of six.
        if rng.chance(5.0 / 6.0) {
            let districtTypes: [String: [String]] = [
                "huyện": ["Huyện ", "H. ", "h.", "huyen "], "quận": ["Quận ", "Q. ", "Q.", "q."],
                "thị xã": ["Thị xã ", "TX. ", "tx "], "thành phố": ["Thành phố ", "TP. ", "Tp ", "tp."],
            ]
            let numberedDistrict = Int(d.name) != nil
            var districtType = numberedDistrict || rng.chance(0.7) ? rng.pick(districtTypes[d.type]!) : ""
            if numberedDistrict && rng.chance(0.3) { districtType = "Q" }  // "Q10"
            parts.append(districtType + d.name)
        }

        // Province: name, with or without its type, or a short form.
        var province = p.name
        let shortForms: [String: [String]] = [
            "79": ["TP.HCM", "TPHCM", "HCM", "Tp. Hồ Chí Minh", "Sài Gòn"], "01": ["HN", "TP Hà Nội", "Hà Nội"],
            "46": ["Thừa Thiên Huế", "TT Huế", "TT-Huế"], "77": ["BR-VT", "Bà Rịa Vũng Tàu"], "66": ["Đắc Lắc", "Daklak"],
        ]
        if let forms = shortForms[p.code], rng.chance(0.6) {
            province = rng.pick(forms)
        } else if rng.chance(0.4) {
            province = p.type == "tỉnh" ? rng.pick(["Tỉnh ", "T. ", "tinh "]) + p.name : rng.pick(["Thành phố ", "TP ", "Tp. "]) + p.name
        }
        parts.append(province)
        if rng.chance(0.05) { parts.append("Việt Nam") }

        var text = parts.map(fold).joined(separator: rng.pick([", ", ", ", ",", " , ", " - ", ";  ", ",  "]))
        if rng.chance(0.1) { text = text.uppercased() } else if rng.chance(0.15) { text = text.lowercased() }
        if rng.chance(0.1) { text = "  " + text.replacingOccurrences(of: " ", with: "  ") + " " }
        return text
    }

    /// `count` addresses of legacy communes drawn with seed `seed` from those `filter` keeps.
    static func addresses(count: Int, seed: UInt64, _ filter: (Reference.Commune) -> Bool) -> [Address] {
        let pool = reference.communes.filter(filter)
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let c = rng.pick(pool)
            return Address(text: address(for: c, &rng), legacy: c.code, expected: reference.targets[c.code]!.map(\.code))
        }
    }

    @Test func generatedOldStyleAddresses() {
        let mapper = AdminUnitMapper()
        let addresses = Self.addresses(count: 2_400, seed: 63_34) { Self.reference.targets[$0.code]!.count == 1 }
        var right = 0, ambiguous = 0, unknown = 0
        var wrong: [String] = []
        var misses: [String] = []
        for a in addresses {
            let r = mapper.map(a.text)
            switch r {
            case .mapped(let m):
                if m.commune.code == a.expected[0] { right += 1 } else { wrong.append("\(a) → \(r.summary)") }
            case .ambiguous(let x):
                if x.candidates.contains(where: { $0.code == a.expected[0] }) {
                    ambiguous += 1
                    misses.append("\(a) → \(r.summary)")
                } else {
                    wrong.append("\(a) → \(r.summary)")
                }
            case .unknown:
                unknown += 1
                misses.append("\(a) → \(r.summary)")
            }
        }
        let n = Double(addresses.count)
        print(String(format: "admin units, %d generated old-style addresses: right %d (%.2f%%), ambiguous %d (%.2f%%), unknown %d (%.2f%%), wrong %d",
                     addresses.count, right, 100 * Double(right) / n, ambiguous, 100 * Double(ambiguous) / n,
                     unknown, 100 * Double(unknown) / n, wrong.count))
        if ProcessInfo.processInfo.environment["ADMIN_UNIT_MISSES"] != nil { for m in misses { print("miss:", m) } }
        #expect(wrong.isEmpty, "\(wrong.count) wrong:\n\(wrong.prefix(30).joined(separator: "\n"))")
        #expect(Double(right) >= 0.98 * n, "right \(right) of \(addresses.count):\n\(misses.prefix(40).joined(separator: "\n"))")
    }

    @Test func generatedAddressesOfSplitCommunesAreNeverMapped() {
        let mapper = AdminUnitMapper()
        let addresses = Self.addresses(count: 400, seed: 970) { Self.reference.targets[$0.code]!.count > 1 }
        var ambiguous = 0
        for a in addresses {
            let r = mapper.map(a.text)
            switch r {
            case .mapped:
                Issue.record("\(a): \(r.summary), a split commune must not be mapped")
            case .ambiguous(let x):
                let codes = Set(x.candidates.map(\.code))
                #expect(codes.isSuperset(of: a.expected), "\(a): \(r.summary)")
                ambiguous += 1
            case .unknown:
                break
            }
        }
        print("admin units, \(addresses.count) generated addresses of split communes: ambiguous \(ambiguous), unknown \(addresses.count - ambiguous), mapped 0")
        #expect(ambiguous >= addresses.count * 95 / 100)
    }
}
