import Core
import Testing

@Suite struct JSONTextTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() {
        #expect(JSONText.string("a\"b\\c\nd\u{01}") == #""a\"b\\c\nd\u0001""#)
        #expect(JSONText.string("Nguyễn") == "\"Nguyễn\"")
    }

    @Test func objectKeepsOrderAndNulls() {
        #expect(JSONText.object([("b", "1"), ("a", nil)]) == #"{"b":"1","a":null}"#)
    }
}
