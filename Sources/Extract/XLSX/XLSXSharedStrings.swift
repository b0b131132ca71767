import Core

/// A workbook's shared strings (`xl/sharedStrings.xml`), streamed in and kept in one buffer.
///
/// The text of an `<si>` is its `<t>` elements' text in order, rich-text runs (`<r><t>`)
/// concatenated and phonetic runs (`<rPh>`) left out, references decoded, not trimmed. A string
/// that cannot be read (malformed XML, invalid UTF-8, longer than ``maxStringBytes``) is kept as
/// a problem: a cell using it becomes a malformed record.
///
/// - Complexity: memory is the strings' UTF-8 bytes plus a word per string; cells need random
///   access to them, so they are held for the whole sheet.
struct XLSXSharedStrings {
    static let maxStringBytes = 16 << 20

    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var problems: [Int: String] = [:]
    /// Whether the workbook has a shared strings part.
    private(set) var isPresent = false

    var count: Int { ends.count }

    init() {}

    /// Reads the part `source` streams.
    /// - Throws: `ExtractError(.malformedRecord)` when the part's structure is broken.
    init(reading source: any ByteSource, name: String, stats: inout FileStats) throws(ExtractError) {
        isPresent = true
        let scope = XMLNamespaceScope(uris: [])
        var splitter = XMLRecordSplitter(
            file: name, recordPath: [XMLNameTest(local: Array("sst".utf8)), XMLNameTest(local: Array("si".utf8))],
            scope: scope, maxRecordBytes: Self.maxStringBytes)
        var window = ByteWindow(capacity: 1 << 17)
        var tokenizer = XMLTokenizer()
        var names: [(start: Int, end: Int)] = []
        var endOfInput = false
        while true {
            if let event = try splitter.next(&window, atEOF: endOfInput) {
                switch event {
                case .record(let length, let line, let offset):
                    let item = UnsafeBufferPointer(rebasing: window.readable[..<length])
                    let start = bytes.count
                    if let problem = Self.appendText(item, tokenizer: &tokenizer, names: &names, into: &bytes) {
                        bytes.removeSubrange(start...)
                        problems[ends.count] = "\(problem.found) at line \(line + XMLRecordSplitter.lineFeeds(item, from: 0, to: problem.offset)), "
                            + "byte \(offset + Int64(problem.offset)) of \(name); expected \(problem.expected)"
                    } else if let bad = UTF8Check.firstInvalidIndex(item) {
                        bytes.removeSubrange(start...)
                        problems[ends.count] = "invalid UTF-8 (\(UTF8Check.describe(item[bad]))) at line "
                            + "\(line + XMLRecordSplitter.lineFeeds(item, from: 0, to: bad)), byte \(offset + Int64(bad)) of "
                            + "\(name); expected UTF-8 text"
                    }
                    ends.append(bytes.count)
                case .oversized(let line, _, _, let length):
                    problems[ends.count] = "the string at line \(line) of \(name) is \(length) bytes of XML; expected at most "
                        + "\(Self.maxStringBytes)"
                    ends.append(bytes.count)
                }
                continue
            }
            if endOfInput { break }
            let space = window.writableSpace(minimum: 1 << 16)
            let n = try source.read(into: space)
            if n == 0 {
                endOfInput = true
            } else {
                window.didWrite(n)
                stats.bytesDecoded += Int64(n)
            }
        }
    }

    /// Appends the text of the rich-text element in `item` (`<si>`): its `<t>` elements'
    /// character data outside `<rPh>`.
    /// - Parameter names: Scratch space for the open elements.
    /// - Returns: The first well-formedness problem, if any.
    static func appendText(
        _ item: UnsafeBufferPointer<UInt8>, tokenizer: inout XMLTokenizer, names: inout [(start: Int, end: Int)],
        into out: inout [UInt8]
    ) -> XMLProblem? {
        var token = XMLToken()
        names.removeAll(keepingCapacity: true)
        var textDepth = -1
        var phoneticDepth = -1
        var i = 0
        while i < item.count {
            switch tokenizer.scan(item, at: i, into: &token) {
            case .needMore:
                let (what, expected) = XMLTokenizer.unterminated(item, at: i)
                return XMLProblem(offset: i, found: "an unterminated \(what)", expected: expected)
            case .invalid(let problem):
                return problem
            case .token:
                break
            }
            if let problem = token.problem { return problem }
            i = token.end
            switch token.kind {
            case .text:
                if textDepth >= 0 && phoneticDepth < 0 {
                    if let problem = XMLCharacterData.decode(item, from: token.start, to: token.end, attribute: false, into: &out) {
                        return problem
                    }
                } else if let problem = XMLCharacterData.validate(item, from: token.start, to: token.end) {
                    return problem
                }
            case .cdata:
                if textDepth >= 0 && phoneticDepth < 0 {
                    XMLCharacterData.appendNormalizingLineEnds(item, from: token.contentStart, to: token.contentEnd, into: &out)
                }
            case .startTag, .emptyElementTag:
                if token.kind == .emptyElementTag { continue }
                let local = localName(item, token)
                if phoneticDepth < 0 && local.elementsEqual("rPh".utf8) { phoneticDepth = names.count }
                if textDepth < 0 && local.elementsEqual("t".utf8) { textDepth = names.count }
                names.append((token.nameStart, token.nameEnd))
            case .endTag:
                guard let open = names.last else { return nil }
                guard item[open.start..<open.end].elementsEqual(item[token.nameStart..<token.nameEnd]) else {
                    return XMLProblem(offset: token.start,
                                      found: "mismatched end tag </\(XMLTokenizer.text(item, token.nameStart, token.nameEnd))>",
                                      expected: "</\(XMLTokenizer.text(item, open.start, open.end))>")
                }
                names.removeLast()
                if textDepth == names.count { textDepth = -1 }
                if phoneticDepth == names.count { phoneticDepth = -1 }
            default:
                break
            }
        }
        return nil
    }

    static func localName(_ bytes: UnsafeBufferPointer<UInt8>, _ token: XMLToken) -> UnsafeBufferPointer<UInt8> {
        let start = XMLTokenizer.find(XMLTokenizer.colon, in: bytes, from: token.nameStart, to: token.nameEnd)
            .map { $0 + 1 } ?? token.nameStart
        return UnsafeBufferPointer(rebasing: bytes[start..<token.nameEnd])
    }

    /// Whether string `index` exists and can be read.
    func problem(_ index: Int) -> String? {
        guard index < ends.count else {
            return isPresent ? "shared string \(index) does not exist (the workbook has \(ends.count))"
                : "shared string \(index) does not exist (the workbook has no shared strings part)"
        }
        return problems[index]
    }

    func isEmpty(_ index: Int) -> Bool {
        guard index < ends.count else { return true }
        return ends[index] == (index > 0 ? ends[index - 1] : 0)
    }

    /// String `index`, which ``problem(_:)`` has found readable.
    func string(_ index: Int) -> String {
        let start = index > 0 ? ends[index - 1] : 0
        return bytes.withUnsafeBufferPointer { UTF8Text.string(validated: UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }
}
