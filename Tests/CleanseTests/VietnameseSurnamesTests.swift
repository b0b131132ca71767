import Cleanse
import Testing

/// The surname check that catches what OCR misreads at high confidence.
@Suite struct VietnameseSurnamesTests {
    @Test(arguments: ["NGUYỄN", "Nguyễn", "nguyễn", "Nguye\u{0302}\u{0303}n", "TRẦN", "đỗ", "Lê", "Huỳnh"])
    func familyNamesAreKnownInAnyCaseAndForm(_ name: String) {
        #expect(VietnameseSurnames.check(name) == .known)
    }

    @Test(arguments: [("NGUYÊN", ["Nguyễn"]), ("TRÂN", ["Trần"]), ("ĐỒ", ["Đỗ"]), ("Nguyen", ["Nguyễn"]), ("HUYNH", ["Huỳnh"]),
                      ("LE", ["Lê"]), ("VO", ["Võ"]), ("DUONG", ["Dương", "Đường"])])
    func sameLettersOtherMarksAreMisreadsWithTheirCandidates(_ read: String, _ candidates: [String]) {
        #expect(VietnameseSurnames.check(read) == .misread(candidates: candidates))
    }

    @Test(arguments: ["Ksor", "Xyz", "NGUYỄNN", ""])
    func otherWordsAreUnknownNotWrong(_ word: String) {
        #expect(VietnameseSurnames.check(word) == .unknown)
    }
}
