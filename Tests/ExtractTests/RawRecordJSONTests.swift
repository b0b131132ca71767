import Testing
@testable import Extract

@Suite struct RawRecordJSONTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func base64MatchesRFC4648(input: String, expected: String) {
        #expect(RawRecordJSON.base64(Array(input.utf8)) == expected)
    }

    @Test func textIsEscapedAsJSON() {
        #expect(RawRecordJSON.document(Array("a\t\"b\"\n\\".utf8), truncated: false) == #"{"raw":"a\t\"b\"\n\\"}"#)
    }

    @Test(arguments: [
        ([0x61, 0xC3, 0xA9], nil as Int?),        // "aé"
        ([0x61, 0xC0, 0x80], 1),                   // overlong NUL
        ([0xE0, 0x80, 0x80], 0),                   // overlong three-byte form
        ([0x61, 0x62, 0xED, 0xA0, 0x80], 2),       // encoded surrogate U+D800
        ([0xF4, 0x90, 0x80, 0x80], 0),             // above U+10FFFF
        ([0xF0, 0x9F, 0x98, 0x80], nil),           // U+1F600
        ([0xF0, 0x9F, 0x98], 0),                   // cut short at the end
        ([0x80], 0),                               // a lone continuation byte
        ([0x61, 0xFF], 1),
    ] as [([UInt8], Int?)])
    func firstInvalidUTF8Byte(bytes: [UInt8], expected: Int?) {
        #expect(bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidIndex($0) } == expected)
        #expect(bytes.withUnsafeBufferPointer { UTF8Text.isValid($0) } == (expected == nil))
    }
}
