import Foundation
import Testing
import Cleanse

/// The reference data of `reference/admin-units/`, read with Foundation the way a reader of
/// the README would, independently of the mapper's own loader: the tests' expectations.
struct AdminUnitReference: Sendable {
    struct Province: Sendable { let code, name, fullName, type: String }
    struct District: Sendable { let code, name, fullName, type, province: String; let altNames: [String] }
    struct Commune: Sendable { let code, name, fullName, type, district, province: String; let altNames: [String] }
    struct NewCommune: Sendable { let code, name, fullName, type, province: String }
    struct Target: Sendable { let code: String; let isDefault: Bool }

    let legacyProvinces: [Province]
    let newProvinces: [String: Province]
    let districts: [String: District]
    let communes: [Commune]
    let communesByCode: [String: Commune]
    let newCommunes: [String: NewCommune]
    /// Legacy province code -> new province code.
    let provinceMapping: [String: String]
    /// Legacy commune code -> its new communes, in code order.
    let targets: [String: [Target]]
    let retired: [Commune]

    static let shared = AdminUnitReference()

    /// `reference/admin-units/`, located from this file's path.
    static let directory: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/CleanseTests/AdminUnitTestSupport.swift
        return parts.joined(separator: "/") + "/reference/admin-units"
    }()

    static func text(_ file: String) -> String {
        let url = URL(fileURLWithPath: directory + "/" + file)
        guard let data = try? Data(contentsOf: url) else { fatalError("cannot read \(url.path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The rows of a CSV file as dictionaries (RFC 4180 quoting).
    static func rows(_ file: String) -> [[String: String]] {
        var records: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text(file).unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append(c); chars.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" {
                row.append(field); field = ""
                records.append(row); row = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        let header = records.removeFirst()
        return records.map { r in Dictionary(uniqueKeysWithValues: zip(header, r)) }
    }

    private init() {
        func alts(_ s: String?) -> [String] { (s ?? "").split(separator: ";").map(String.init) }
        legacyProvinces = Self.rows("provinces_legacy.csv").map {
            Province(code: $0["code"]!, name: $0["name"]!, fullName: $0["full_name"]!, type: $0["type"]!)
        }
        newProvinces = Dictionary(uniqueKeysWithValues: Self.rows("provinces_2025.csv").map {
            ($0["code"]!, Province(code: $0["code"]!, name: $0["name"]!, fullName: $0["full_name"]!, type: $0["type"]!))
        })
        districts = Dictionary(uniqueKeysWithValues: Self.rows("districts_legacy.csv").map {
            ($0["code"]!, District(code: $0["code"]!, name: $0["name"]!, fullName: $0["full_name"]!, type: $0["type"]!,
                                   province: $0["province_code"]!, altNames: alts($0["alt_names"])))
        })
        communes = Self.rows("communes_legacy.csv").map {
            Commune(code: $0["code"]!, name: $0["name"]!, fullName: $0["full_name"]!, type: $0["type"]!,
                    district: $0["district_code"]!, province: $0["province_code"]!, altNames: alts($0["alt_names"]))
        }
        communesByCode = Dictionary(uniqueKeysWithValues: communes.map { ($0.code, $0) })
        newCommunes = Dictionary(uniqueKeysWithValues: Self.rows("communes_2025.csv").map {
            ($0["code"]!, NewCommune(code: $0["code"]!, name: $0["name"]!, fullName: $0["full_name"]!, type: $0["type"]!,
                                     province: $0["province_code"]!))
        })
        provinceMapping = Dictionary(uniqueKeysWithValues: Self.rows("province_mapping_2025.csv").map {
            ($0["legacy_province_code"]!, $0["new_province_code"]!)
        })
        var targets: [String: [Target]] = [:]
        for r in Self.rows("commune_mapping_2025.csv") {
            targets[r["legacy_commune_code"]!, default: []].append(Target(code: r["new_commune_code"]!, isDefault: r["is_default"] == "1"))
        }
        self.targets = targets.mapValues { $0.sorted { $0.code < $1.code } }
        retired = Self.rows("communes_legacy_retired.csv").map {
            Commune(code: $0["code"]!, name: $0["name"]!, fullName: $0["full_name"]!, type: $0["type"]!,
                    district: $0["district_code"]!, province: $0["province_code"]!, altNames: [])
        }
    }

    /// `s` without diacritics (đ → d), as people type on a keyboard without Vietnamese input.
    static func stripped(_ s: String) -> String {
        s.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: .diacriticInsensitive, locale: nil)
    }

    /// The comparison key the README advises: no diacritics, case, spaces, hyphens or apostrophes.
    static func key(_ s: String) -> String {
        String(stripped(s).lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }
}

/// SplitMix64: a small, seeded, reproducible generator for sampling and address styles.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform draw in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}

extension AdminUnitMatch {
    /// A one-line rendering for test failure messages.
    var summary: String {
        switch self {
        case .mapped(let m):
            return "mapped \(m.commune) in \(m.province)"
        case .ambiguous(let a):
            return "ambiguous(\(a.reason.rawValue)) \(a.candidates.map(\.code))"
        case .unknown(let u):
            return "unknown(\(u.reason.rawValue)) province \(u.province?.code ?? "-") unrecognised \(u.unrecognised ?? "-")"
        }
    }

    var candidateCodes: [String]? {
        if case .ambiguous(let a) = self { return a.candidates.map(\.code) }
        return nil
    }

    var unknownReason: AdminUnitUnknown.Reason? {
        if case .unknown(let u) = self { return u.reason }
        return nil
    }
}
