import Testing
@testable import Core

@Suite struct PersonalDataTests {
    @Test(arguments: [
        ("038012345612", "0380******12"),
        ("0912345678", "0912****78"),
        ("0912 345 678", "0912 *** *78"),
        ("123456789", "*******89"),
        ("Nguyễn Văn An", "N***** V** A*"),
        ("NGUYỄN THỊ  BÍCH", "N***** T**  B***"),
        ("Thôn 3, X. Quảng Phú", "T*** 3, X. Q**** P**"),
        ("", ""),
    ])
    func masks(_ input: String, _ expected: String) {
        #expect(PersonalData.mask(input) == expected)
    }

    @Test func masksDecomposedTextWithoutLeakingMarks() {
        // NFD "Ễ" is E + two combining marks: the marks must not survive as stray characters.
        let nfd = "NGUYE\u{0302}\u{0303}N"
        #expect(PersonalData.mask(nfd) == "N*****")
    }

    @Test func neverReturnsTheValueForLongValues() {
        for value in ["Trần Thị Thu Hà", "079203001234", "0987654321", "Số 12 đường Lê Lợi"] {
            #expect(PersonalData.mask(value) != value)
        }
    }
}

@Suite struct JSONTextBytesTests {
    @Test(arguments: ["", "Nguyễn Văn An", "a\"b\\c", "line\nbreak\ttab\r", "\u{01}\u{1F}", "đ\"\"", "plain ascii"])
    func bytesMatchTheStringForm(_ s: String) {
        var text = ""
        JSONText.appendString(s, to: &text)
        var bytes: [UInt8] = []
        JSONText.appendString(s, toBytes: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == text)
    }
}
