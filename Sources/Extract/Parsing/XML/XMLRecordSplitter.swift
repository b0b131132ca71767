import Core

/// Finds the record elements of an XML document as its bytes stream in: the streaming half of
/// ``XMLRecordReader`` (and of the XLSX sheet reader, whose records are `<row>`s).
///
/// Bytes outside records are tokenized and consumed as they come, keeping only the stack of
/// open elements and the namespace declarations in scope; comments, processing instructions
/// and CDATA sections there are skipped without being held. A start tag at the record path
/// begins a record, which stays in the window until its end tag; the caller then reads it whole
/// (the first `length` readable bytes, valid until the next call).
///
/// Finding a record's end is lenient, so that a malformed record can be skipped and reading
/// resumes after it: an end tag closes the innermost open element of the same name (closing
/// those inside it), an end tag naming no open element is ignored, and an end tag of an element
/// enclosing the record ends the record before it. A `<` that starts no token is taken as text.
/// The caller's strict reading of the record reports those problems.
///
/// What cannot be resumed throws `ExtractError(.malformedRecord)` with its line and byte
/// offset: any well-formedness problem outside records (mismatched or stray end tags, text
/// before or after the document element, a second document element, undeclared prefixes,
/// bad attribute syntax), a document element that does not start the record path, a file with
/// no document element, and the end of the file inside an element, a comment or any other
/// construct.
struct XMLRecordSplitter {
    enum Event {
        /// A record element: the first `length` readable bytes of the window, from its `<` to
        /// the end of its end tag (or, when it is missing, to the enclosing element's end tag).
        case record(length: Int, line: Int, offset: Int64)
        /// A record longer than `maxRecordBytes`, skipped: its first bytes and its length.
        case oversized(line: Int, offset: Int64, prefix: [UInt8], length: Int)
    }

    private struct OpenElement {
        /// End of the element's qualified name in `names`.
        var nameEnd: Int
        /// The namespace scope's count before the element's declarations.
        var bindingMark: Int
        var line: Int
        var offset: Int64
    }

    private enum Mode {
        case outside
        /// In a record that is held in the window; `scanned` bytes of it delimited so far.
        case record
        /// In a record longer than `maxRecordBytes`, consumed as it is scanned.
        case oversized
    }

    /// A comment, processing instruction or CDATA section being skipped without being held.
    private struct Construct {
        var what: String
        var terminator: String
        /// The repeated byte before `>` in the terminator, and how many times it is repeated.
        var byte: UInt8
        var count: Int
        var matched = 0
        var line: Int
        var offset: Int64
    }

    let file: String
    let recordPath: [XMLNameTest]
    let maxRecordBytes: Int
    /// The namespace declarations in scope outside the records; a record reader pushes the
    /// record's own onto it and truncates them after.
    var scope: XMLNamespaceScope

    private var tokenizer = XMLTokenizer()
    private var token = XMLToken()
    private var mode = Mode.outside
    private var checkedBOM = false
    private var finished = false
    /// Line of the window's first readable byte.
    private var line = 1
    /// Bytes of the last record returned, consumed at the next call.
    private var pendingConsume = 0
    private var construct: Construct?

    // Outside records.
    private var names: [UInt8] = []
    private var elements: [OpenElement] = []
    /// The open elements that match the record path, from the document element down.
    private var matched = 0
    private var sawRoot = false
    private var rootClosed = false

    // The pending record.
    private var recordLine = 1
    private var recordOffset: Int64 = 0
    private var scanned = 0
    private var recordNames: [UInt8] = []
    private var recordNameEnds: [Int] = []
    private var oversizedPrefix: [UInt8] = []
    private var oversizedLength = 0

    /// - Parameters:
    ///   - recordPath: The record element's path from the document element.
    ///   - scope: The namespaces the path and the caller's names use.
    init(file: String, recordPath: [XMLNameTest], scope: XMLNamespaceScope, maxRecordBytes: Int) {
        precondition(!recordPath.isEmpty, "a record path has at least one step")
        self.file = file
        self.recordPath = recordPath
        self.scope = scope
        self.maxRecordBytes = max(maxRecordBytes, 1)
        names.reserveCapacity(256)
        elements.reserveCapacity(16)
        recordNames.reserveCapacity(256)
        recordNameEnds.reserveCapacity(16)
    }

    /// The next record in `window`; `nil` when more bytes are needed, or at the end of the
    /// input (`atEOF`) once the document has been checked to be complete.
    /// - Throws: `ExtractError(.malformedRecord)` for a problem that cannot be resumed.
    mutating func next(_ window: inout ByteWindow, atEOF: Bool) throws(ExtractError) -> Event? {
        if finished { return nil }
        if pendingConsume > 0 {
            consume(&window, pendingConsume)
            pendingConsume = 0
        }
        if !checkedBOM {
            let bytes = window.readable
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            let k = min(bytes.count, 3)
            if (0..<k).allSatisfy({ bytes[$0] == bom[$0] }) {
                if k == 3 {
                    window.consume(3)
                } else if !atEOF {
                    return nil
                }
            }
            checkedBOM = true
        }
        while true {
            if construct != nil {
                guard skipConstruct(&window) else {
                    if atEOF { throw unterminatedConstruct() }
                    return nil
                }
                continue
            }
            let step: Step
            switch mode {
            case .outside: step = try outside(&window, atEOF: atEOF)
            case .record: step = try inRecord(&window, atEOF: atEOF)
            case .oversized: step = try inOversized(&window, atEOF: atEOF)
            }
            switch step {
            case .event(let event): return event
            case .needMore: return nil
            case .again: continue
            case .done:
                finished = true
                return nil
            }
        }
    }

    private enum Step {
        case event(Event)
        case needMore
        case again
        case done
    }

    // MARK: Outside records

    private mutating func outside(_ window: inout ByteWindow, atEOF: Bool) throws(ExtractError) -> Step {
        let bytes = window.readable
        if bytes.isEmpty {
            guard atEOF else { return .needMore }
            try checkComplete(window)
            return .done
        }
        switch tokenizer.scan(bytes, at: 0, into: &token) {
        case .needMore:
            if atEOF {
                let (what, expected) = XMLTokenizer.unterminated(bytes, at: 0)
                throw error(window, at: 0, "the file ends inside a \(what); expected \(expected) before the end of the file")
            }
            if try startConstruct(&window) { return .again }
            if bytes.count > maxRecordBytes { throw tooLong(window, at: 0) }
            return .needMore
        case .invalid(let problem):
            throw error(window, problem)
        case .token:
            try checkLength(window)
        }
        switch token.kind {
        case .text:
            if elements.isEmpty {
                var i = 0
                while i < token.end && XMLTokenizer.isSpace(bytes[i]) { i += 1 }
                if i < token.end {
                    throw error(window, at: i, "text \(sawRoot ? "after" : "before") the document element; expected only "
                        + "white space, comments and processing instructions outside it")
                }
            }
            consume(&window, token.end)
        case .comment, .processingInstruction:
            consume(&window, token.end)
        case .doctype:
            if sawRoot {
                throw error(window, at: 0, "a DOCTYPE \(rootClosed ? "after" : "inside") the document element; "
                    + "expected it before the document element")
            }
            consume(&window, token.end)
        case .cdata:
            if elements.isEmpty {
                throw error(window, at: 0, "a CDATA section outside the document element; expected it inside an element")
            }
            consume(&window, token.end)
        case .startTag, .emptyElementTag:
            return try outsideStartTag(&window)
        case .endTag:
            try outsideEndTag(&window)
        }
        return .again
    }

    private mutating func outsideStartTag(_ window: inout ByteWindow) throws(ExtractError) -> Step {
        let bytes = window.readable
        let name = UnsafeBufferPointer(rebasing: bytes[token.nameStart..<token.nameEnd])
        if rootClosed {
            throw error(window, at: 0, "a second document element <\(Self.text(name))>; expected the end of the file "
                + "after the document element closes")
        }
        let depth = elements.count
        let colon = XMLTokenizer.find(XMLTokenizer.colon, in: bytes, from: token.nameStart, to: token.nameEnd)
        let local = UnsafeBufferPointer(rebasing: bytes[(colon.map { $0 + 1 } ?? token.nameStart)..<token.nameEnd])
        let step = depth < recordPath.count ? recordPath[depth] : nil
        let isCandidate = depth == recordPath.count - 1 && matched == depth && step!.local.elementsEqual(local)
        if depth == 0 {
            sawRoot = true
            if !recordPath[0].local.elementsEqual(local) { throw rootMismatch(window, name) }
        }
        // A record's own tag is read with the record: its problems make the record malformed.
        if isCandidate && (step!.namespace == nil || token.problem != nil) { return startRecord(window) }
        if let problem = token.problem { throw error(window, problem) }

        // Resolve the element's namespace with its own declarations in scope.
        let mark = scope.count
        for attribute in tokenizer.attributes {
            if let problem = declare(bytes, attribute) {
                scope.truncate(to: mark)
                throw error(window, problem)
            }
        }
        let prefix = UnsafeBufferPointer(rebasing: bytes[token.nameStart..<(colon ?? token.nameStart)])
        guard let namespace = scope.resolve(prefix: prefix) else {
            scope.truncate(to: mark)
            throw error(window, at: 1, "undeclared prefix '\(Self.text(prefix))' in <\(Self.text(name))>; "
                + "expected an xmlns:\(Self.text(prefix)) declaration in scope")
        }
        let matchesStep = step?.matches(local: local, namespace: namespace) ?? false
        if isCandidate && matchesStep {
            scope.truncate(to: mark)
            return startRecord(window)
        }
        if depth == 0 && !matchesStep {
            scope.truncate(to: mark)
            throw rootMismatch(window, name)
        }
        if token.kind == .emptyElementTag {
            scope.truncate(to: mark)
            if depth == 0 { rootClosed = true }
        } else {
            names.append(contentsOf: name)
            elements.append(OpenElement(nameEnd: names.count, bindingMark: mark, line: line, offset: window.streamOffset))
            if matched == depth && depth < recordPath.count - 1 && matchesStep { matched = depth + 1 }
        }
        consume(&window, token.end)
        return .again
    }

    private mutating func outsideEndTag(_ window: inout ByteWindow) throws(ExtractError) {
        let bytes = window.readable
        if let problem = token.problem { throw error(window, problem) }
        let name = UnsafeBufferPointer(rebasing: bytes[token.nameStart..<token.nameEnd])
        guard let top = elements.last else {
            throw error(window, at: 0, "end tag </\(Self.text(name))> with no element open; expected "
                + (sawRoot ? "the end of the file" : "the document element"))
        }
        let topStart = elements.count > 1 ? elements[elements.count - 2].nameEnd : 0
        let topName = names[topStart..<top.nameEnd]
        guard topName.elementsEqual(name) else {
            throw error(window, at: 0, "mismatched end tag </\(Self.text(name))>; expected </\(Self.text(topName))> "
                + "(opened at line \(top.line), byte \(top.offset))")
        }
        scope.truncate(to: top.bindingMark)
        names.removeLast(names.count - topStart)
        elements.removeLast()
        matched = min(matched, elements.count)
        if elements.isEmpty { rootClosed = true }
        consume(&window, token.end)
    }

    /// Binds a namespace if `attribute` declares one.
    private mutating func declare(_ bytes: UnsafeBufferPointer<UInt8>, _ attribute: XMLAttribute) -> XMLProblem? {
        guard let prefix = Self.declaredPrefix(bytes, attribute) else { return nil }
        let uri = Self.value(bytes, attribute)
        switch uri {
        case .success(let value):
            scope.declare(prefix: prefix, namespace: scope.id(ofURI: value))
            return nil
        case .failure(let problem):
            return problem
        }
    }

    /// The prefix an `xmlns` (empty) or `xmlns:p` attribute declares; `nil` for other attributes.
    static func declaredPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ a: XMLAttribute) -> UnsafeBufferPointer<UInt8>? {
        let xmlns: [UInt8] = [0x78, 0x6D, 0x6C, 0x6E, 0x73]
        let qname = UnsafeBufferPointer(rebasing: bytes[a.nameStart..<a.nameEnd])
        if a.colon < 0 {
            return qname.elementsEqual(xmlns) ? UnsafeBufferPointer(rebasing: bytes[a.nameStart..<a.nameStart]) : nil
        }
        guard bytes[a.nameStart..<a.colon].elementsEqual(xmlns) else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[(a.colon + 1)..<a.nameEnd])
    }

    /// An attribute's value, references decoded.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ a: XMLAttribute) -> Result<[UInt8], XMLProblem> {
        var out: [UInt8] = []
        if let problem = XMLCharacterData.decode(bytes, from: a.valueStart, to: a.valueEnd, attribute: true, into: &out) {
            return .failure(problem)
        }
        return .success(out)
    }

    private func rootMismatch(_ window: ByteWindow, _ name: UnsafeBufferPointer<UInt8>) -> ExtractError {
        error(window, at: 0, "the document element is <\(Self.text(name))>; expected <\(Self.text(recordPath[0].local))>, "
            + "the first step of the record path '\(pathText)'")
    }

    var pathText: String { recordPath.map { Self.text($0.local) }.joined(separator: "/") }

    /// At the end of the input, outside records: the document must have been complete.
    private func checkComplete(_ window: ByteWindow) throws(ExtractError) {
        if let top = elements.last {
            let start = elements.count > 1 ? elements[elements.count - 2].nameEnd : 0
            let name = Self.text(names[start..<top.nameEnd])
            throw error(window, at: 0, "the file ends inside <\(name)> (opened at line \(top.line), byte \(top.offset)); "
                + "expected </\(name)>")
        }
        if !sawRoot {
            throw error(window, at: 0, "no document element; expected <\(Self.text(recordPath[0].local))>, "
                + "the first step of the record path '\(pathText)'")
        }
    }

    // MARK: Records

    private mutating func startRecord(_ window: ByteWindow) -> Step {
        mode = .record
        recordLine = line
        recordOffset = window.streamOffset
        scanned = 0
        recordNames.removeAll(keepingCapacity: true)
        recordNameEnds.removeAll(keepingCapacity: true)
        return .again
    }

    /// What a token does to the pending record's open elements.
    private enum Boundary {
        case inside
        /// The record ends after the token.
        case endsAfter
        /// The record ends before the token (an end tag of an enclosing element).
        case endsBefore
    }

    private mutating func boundary(_ bytes: UnsafeBufferPointer<UInt8>) -> Boundary {
        switch token.kind {
        case .startTag:
            recordNames.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[token.nameStart..<token.nameEnd]))
            recordNameEnds.append(recordNames.count)
            return .inside
        case .emptyElementTag:
            return recordNameEnds.isEmpty ? .endsAfter : .inside
        case .endTag:
            let name = bytes[token.nameStart..<token.nameEnd]
            var i = recordNameEnds.count - 1
            while i >= 0 {
                let start = i > 0 ? recordNameEnds[i - 1] : 0
                if recordNames[start..<recordNameEnds[i]].elementsEqual(name) {
                    recordNames.removeLast(recordNames.count - start)
                    recordNameEnds.removeLast(recordNameEnds.count - i)
                    return recordNameEnds.isEmpty ? .endsAfter : .inside
                }
                i -= 1
            }
            var k = elements.count - 1
            while k >= 0 {
                let start = k > 0 ? elements[k - 1].nameEnd : 0
                if names[start..<elements[k].nameEnd].elementsEqual(name) { return .endsBefore }
                k -= 1
            }
            return .inside
        default:
            return .inside
        }
    }

    private mutating func inRecord(_ window: inout ByteWindow, atEOF: Bool) throws(ExtractError) -> Step {
        let bytes = window.readable
        while scanned < bytes.count {
            switch tokenizer.scan(bytes, at: scanned, into: &token) {
            case .needMore:
                return try recordNeedsMore(&window, atEOF: atEOF)
            case .invalid:
                scanned += 1
                continue
            case .token:
                try checkLength(window)
            }
            let end: Int
            switch boundary(bytes) {
            case .inside:
                scanned = token.end
                continue
            case .endsAfter: end = token.end
            case .endsBefore: end = token.start
            }
            mode = .outside
            pendingConsume = end
            if recordPath.count == 1 { rootClosed = true }
            if end > maxRecordBytes {
                return .event(.oversized(line: recordLine, offset: recordOffset,
                                         prefix: Array(bytes[..<maxRecordBytes]), length: end))
            }
            return .event(.record(length: end, line: recordLine, offset: recordOffset))
        }
        return try recordNeedsMore(&window, atEOF: atEOF)
    }

    private mutating func recordNeedsMore(_ window: inout ByteWindow, atEOF: Bool) throws(ExtractError) -> Step {
        let bytes = window.readable
        if atEOF { throw endInsideRecord(window, at: scanned) }
        if bytes.count > maxRecordBytes {
            oversizedPrefix = Array(bytes[..<maxRecordBytes])
            mode = .oversized
            oversizedLength = 0
            consume(&window, scanned)
            scanned = 0
            return .again
        }
        return .needMore
    }

    private mutating func inOversized(_ window: inout ByteWindow, atEOF: Bool) throws(ExtractError) -> Step {
        let bytes = window.readable
        if bytes.isEmpty {
            if atEOF { throw endInsideRecord(window, at: 0) }
            return .needMore
        }
        switch tokenizer.scan(bytes, at: 0, into: &token) {
        case .needMore:
            if atEOF { throw endInsideRecord(window, at: 0) }
            if try startConstruct(&window) { return .again }
            if bytes.count > maxRecordBytes { throw tooLong(window, at: 0) }
            return .needMore
        case .invalid:
            consume(&window, 1)
            return .again
        case .token:
            try checkLength(window)
        }
        let end: Int
        switch boundary(bytes) {
        case .inside:
            consume(&window, token.end)
            return .again
        case .endsAfter: end = token.end
        case .endsBefore: end = token.start
        }
        consume(&window, end)
        mode = .outside
        if recordPath.count == 1 { rootClosed = true }
        let prefix = oversizedPrefix
        oversizedPrefix = []
        return .event(.oversized(line: recordLine, offset: recordOffset, prefix: prefix, length: oversizedLength))
    }

    /// A tag or DOCTYPE longer than `maxRecordBytes` stops the file (so that no more than that
    /// is held for one); comments, CDATA sections and processing instructions are skipped
    /// without being held, text as it comes.
    private func checkLength(_ window: ByteWindow) throws(ExtractError) {
        switch token.kind {
        case .startTag, .emptyElementTag, .endTag, .doctype:
            if token.end - token.start > maxRecordBytes { throw tooLong(window, at: token.start) }
        default:
            break
        }
    }

    private func tooLong(_ window: ByteWindow, at index: Int) -> ExtractError {
        let (what, expected) = XMLTokenizer.unterminated(window.readable, at: index)
        let context = mode == .outside ? "outside the records" : "in \(recordDescription)"
        return error(window, at: index, "a \(what) \(context) is longer than max_record_bytes (\(maxRecordBytes)); "
            + "expected \(expected) within \(maxRecordBytes) bytes")
    }

    private var recordDescription: String {
        "record <\(Self.text(recordPath[recordPath.count - 1].local))> starting at line \(recordLine), byte \(recordOffset)"
    }

    private func endInsideRecord(_ window: ByteWindow, at index: Int) -> ExtractError {
        let bytes = window.readable
        if index < bytes.count {
            let (what, expected) = XMLTokenizer.unterminated(bytes, at: index)
            return error(window, at: index, "the file ends inside a \(what) in \(recordDescription); expected \(expected) "
                + "before the end of the file")
        }
        var open = "the record's end tag"
        if let last = recordNameEnds.last {
            let start = recordNameEnds.count > 1 ? recordNameEnds[recordNameEnds.count - 2] : 0
            open = "</\(Self.text(recordNames[start..<last]))>"
        }
        return error(window, at: index, "the file ends inside \(recordDescription); expected \(open)")
    }

    // MARK: Skipped constructs

    /// Starts skipping the comment, processing instruction or CDATA section at the window's
    /// start without holding it; `false` when something else is there.
    private mutating func startConstruct(_ window: inout ByteWindow) throws(ExtractError) -> Bool {
        let bytes = window.readable
        let c: Construct
        let opener: Int
        if bytes.count >= 4 && bytes[1] == XMLTokenizer.bang && bytes[2] == XMLTokenizer.dash && bytes[3] == XMLTokenizer.dash {
            c = Construct(what: "comment", terminator: "'-->'", byte: XMLTokenizer.dash, count: 2,
                          line: line, offset: window.streamOffset)
            opener = 4
        } else if bytes.count >= 2 && bytes[1] == XMLTokenizer.question {
            c = Construct(what: "processing instruction", terminator: "'?>'", byte: XMLTokenizer.question, count: 1,
                          line: line, offset: window.streamOffset)
            opener = 2
        } else if bytes.count >= 9 && bytes[..<9].elementsEqual("<![CDATA[".utf8) {
            if mode == .outside && elements.isEmpty {
                throw error(window, at: 0, "a CDATA section outside the document element; expected it inside an element")
            }
            c = Construct(what: "CDATA section", terminator: "']]>'", byte: XMLTokenizer.rbracket, count: 2,
                          line: line, offset: window.streamOffset)
            opener = 9
        } else {
            return false
        }
        consume(&window, opener)
        construct = c
        return true
    }

    /// Skips bytes of the construct; `true` once its terminator has been consumed.
    private mutating func skipConstruct(_ window: inout ByteWindow) -> Bool {
        guard var c = construct else { return true }
        let bytes = window.readable
        var i = 0
        var ended = false
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if b == XMLTokenizer.gt && c.matched == c.count {
                ended = true
                break
            }
            c.matched = b == c.byte ? min(c.matched + 1, c.count) : 0
        }
        construct = ended ? nil : c
        consume(&window, i)
        return ended
    }

    private func unterminatedConstruct() -> ExtractError {
        let c = construct!
        let inRecord = mode == .outside ? "" : " in \(recordDescription)"
        return ExtractError(.malformedRecord, file: file, line: c.line, byteOffset: c.offset,
                            "the file ends inside a \(c.what)\(inRecord); expected \(c.terminator) before the end of the file")
    }

    // MARK: Positions

    /// Consumes `count` bytes, counting the lines they end.
    private mutating func consume(_ window: inout ByteWindow, _ count: Int) {
        guard count > 0 else { return }
        line += Self.lineFeeds(window.readable, from: 0, to: count)
        if mode == .oversized { oversizedLength += count }
        window.consume(count)
    }

    /// The line feeds in `bytes[from..<to]`.
    static func lineFeeds(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var n = 0
        var i = from
        while let lf = XMLTokenizer.find(0x0A, in: bytes, from: i, to: to) {
            n += 1
            i = lf + 1
        }
        return n
    }

    private func error(_ window: ByteWindow, _ problem: XMLProblem) -> ExtractError {
        error(window, at: problem.offset, "\(problem.found); expected \(problem.expected)")
    }

    private func error(_ window: ByteWindow, at index: Int, _ message: String) -> ExtractError {
        let at = min(index, window.readableCount)
        return ExtractError(.malformedRecord, file: file, line: line + Self.lineFeeds(window.readable, from: 0, to: at),
                            byteOffset: window.streamOffset + Int64(at), message)
    }

    static func text(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}
