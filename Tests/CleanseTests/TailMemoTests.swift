@testable import Cleanse
import Testing

/// The unit step's memo of address tails: exact keys, the reading order kept apart, two entries
/// a set with the oldest leaving, and rest while tails do not repeat.
@Suite struct TailMemoTests {
    private func find(_ memo: TailMemo, _ tail: String, salt: UInt64 = 1) -> (Int32, UInt64) {
        var hash: UInt64 = 0
        let c = RuleBytes.withUTF8(tail) { memo.find($0, salt: salt, hash: &hash) }
        return (c, hash)
    }

    private func store(_ memo: TailMemo, _ tail: String, _ commune: Int32, salt: UInt64 = 1) {
        let (_, hash) = find(memo, tail, salt: salt)
        RuleBytes.withUTF8(tail) { memo.store($0, hash: hash, commune: commune) }
    }

    @Test func aStoredTailIsFoundByItsBytesAndReading() {
        let memo = TailMemo(count: 1024)
        store(memo, " X. Quảng Phú, H. Quảng Trạch, Quảng Bình", 7)
        store(memo, " X. Quảng Phú, H. Quảng Trạch, Quảng Bình", TailMemo.unsettled, salt: 2)
        #expect(find(memo, " X. Quảng Phú, H. Quảng Trạch, Quảng Bình").0 == 7)
        #expect(find(memo, " X. Quảng Phú, H. Quảng Trạch, Quảng Bình", salt: 2).0 == TailMemo.unsettled)
        #expect(find(memo, " X. Quang Phu, H. Quang Trach, Quang Binh").0 == TailMemo.absent)
        #expect(find(memo, " X. Quảng Phú, H. Quảng Trạch, Quảng Bình ").0 == TailMemo.absent)
        // Too long to keep: never found.
        let long = String(repeating: "Quảng Bình ", count: 20)
        store(memo, long, 3)
        #expect(find(memo, long).0 == TailMemo.absent)
    }

    @Test func ambiguitiesAreKeptByCodeUpToTheLimit() throws {
        let memo = TailMemo(count: 1024)
        let a = AdminUnitMapper().mapTailToCommune(" P. Cống Vị, Q. Ba Đình, Hà Nội", reading: .legacyFirst)
        guard case .ambiguous(let ambiguity) = a else {
            Issue.record("expected an ambiguity, got \(String(describing: a))")
            return
        }
        let kept = UnitStepRunner.Ambiguity(ambiguity)
        let first = try #require(memo.keep(kept))
        #expect(first == -3)
        store(memo, " P. Cống Vị, Q. Ba Đình, Hà Nội", first)
        let (code, _) = find(memo, " P. Cống Vị, Q. Ba Đình, Hà Nội")
        #expect(code == first && memo.ambiguity(code).detail == kept.detail && memo.ambiguity(code).key == kept.key)
        #expect(kept.province.code == "01" && kept.detail.contains("00025 Phường Giảng Võ"))
        for k in 1..<TailMemo.ambiguityLimit { #expect(memo.keep(kept) == -3 - Int32(k)) }
        #expect(memo.keep(kept) == nil)
    }

    @Test func aSetKeepsItsTwoLatestTails() {
        let memo = TailMemo(count: 2)  // one set
        store(memo, "a", 1)
        store(memo, "b", 2)
        #expect(find(memo, "a").0 == 1 && find(memo, "b").0 == 2)
        store(memo, "c", 3)
        #expect(find(memo, "a").0 == TailMemo.absent)
        #expect(find(memo, "b").0 == 2 && find(memo, "c").0 == 3)
    }

    @Test func itRestsWhileTailsDoNotRepeatThenTriesAgain() {
        let memo = TailMemo(count: 1024)
        for k in 0..<TailMemo.window { #expect(find(memo, "tail \(k)").1 != 0) }
        // The window ended without hits: look-ups are skipped (no hash to store under).
        let skipped = TailMemo.window * TailMemo.restWindows
        var hashes = 0
        for k in 0..<skipped where find(memo, "other \(k)").1 != 0 { hashes += 1 }
        #expect(hashes == 0)
        #expect(find(memo, "again").1 != 0)
    }
}
