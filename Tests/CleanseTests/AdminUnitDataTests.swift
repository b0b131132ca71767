import Foundation
import Testing
@testable import Cleanse

/// The embedded reference data is the files in `reference/admin-units/`, byte for byte, and
/// parses into what the README says it holds.
@Suite struct AdminUnitDataTests {
    @Test(arguments: AdminUnitData.files.map(\.name))
    func embeddedTextEqualsTheFile(_ name: String) throws {
        let embedded = try #require(AdminUnitData.files.first { $0.name == name }).text
        let file = AdminUnitReference.text(name)
        #expect(Array(embedded.utf8) == Array(file.utf8),
                "\(name) differs from the embedded copy: run python3 scripts/gen-admin-units.py")
    }

    @Test func everyReferenceCSVIsEmbedded() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: AdminUnitReference.directory)
            .filter { $0.hasSuffix(".csv") }
        #expect(Set(files) == Set(AdminUnitData.files.map(\.name)))
    }

    @Test func tablesHoldTheREADMECounts() {
        let t = AdminUnitTables.shared
        #expect(t.newProvinces.count == 34)
        #expect(t.newCommunes.count == 3_321)
        #expect(t.legacyProvinces.count == 63)
        #expect(t.legacyDistricts.count == 696)
        #expect(t.legacyCommunes.count == 10_035)
        #expect(t.retiredCommunes.count == 26)
        #expect(t.targets.count == 10_565)
        // n_targets: 1: 9,595; 2: 368; 3: 55; 4: 16; 5: 1.
        var split: [Int: Int] = [:]
        for c in t.legacyCommunes { split[Int(c.targetCount), default: 0] += 1 }
        #expect(split == [1: 9_595, 2: 368, 3: 55, 4: 16, 5: 1])
        // Every split commune has exactly one is_default row.
        #expect(t.legacyCommunes.allSatisfy { $0.defaultTarget >= 0 })
        // The five island districts that became special zones whole.
        let whole = t.legacyDistricts.filter { $0.wholeDistrict >= 0 }
            .map { "\($0.code)→\(t.newCommunes[Int($0.wholeDistrict)].code)" }.sorted()
        #expect(whole == ["318→11948", "471→19742", "498→20333", "536→21548", "755→26732"])
    }

    @Test func aScanKeepsItsWordsOnTheStack() {
        // 32 words of 32 bytes: within the 1 KiB withUnsafeTemporaryAllocation always puts on
        // the stack (beyond it, it may ask the OS for the stack's bounds, or use the heap).
        #expect(MemoryLayout<ScanToken>.stride * AddressScan.wordCapacity <= 1_024)
        #expect(AddressScan.keyCapacity(forBytes: 3 * (AddressScan.fieldWindow + 1)) <= 1_024)
    }

    @Test func legacyTargetsAgreeWithTheMappingFile() {
        let reference = AdminUnitReference.shared
        let t = AdminUnitTables.shared
        for (k, c) in t.legacyCommunes.enumerated() {
            let mine = t.targets(of: Int32(k)).map { t.newCommunes[Int($0)].code }
            let theirs = reference.targets[c.code]!.map(\.code)
            #expect(mine == theirs, "\(c.code)")
            if c.targetCount > 1 {
                #expect(t.newCommunes[Int(c.defaultTarget)].code == reference.targets[c.code]!.first { $0.isDefault }!.code)
            }
        }
    }
}
