import Core

/// Reads one complete record element strictly and takes the values of the field paths.
///
/// A field is the first match in document order (as XPath's `string()`): an element's text is
/// all the character data inside it (its descendants' included, CDATA as it is), references
/// decoded and line ends normalized, not trimmed; an empty element gives `""`; an attribute
/// gives its normalized value; no match gives `nil`. The whole record is checked: a tag with
/// bad syntax, an end tag that does not close the innermost open element, an undeclared
/// prefix, a duplicate attribute, an undefined entity or a bad character reference, a DOCTYPE
/// or an element left open makes it malformed, as does invalid UTF-8.
struct XMLRecordFields {
    enum Outcome {
        case values(ContiguousArray<String?>)
        case malformed(ReasonCode, XMLProblem)
    }

    private struct OpenElement {
        var nameStart: Int
        var nameEnd: Int
        var bindingMark: Int
        /// The trie nodes the element matches: `active[activeStart..<activeEnd]`.
        var activeStart: Int
        var activeEnd: Int
    }

    private enum Value: UInt8 {
        case absent, empty, range, buffer
    }

    let paths: XMLFieldPaths
    private var tokenizer = XMLTokenizer()
    private var token = XMLToken()
    private var stack: [OpenElement] = []
    private var active: [Int] = []
    private var attributeNamespaces: [Int32] = []

    private var state: [Value]
    private var rangeStart: [Int]
    private var rangeEnd: [Int]
    private var buffers: [[UInt8]]
    /// The depth of the element whose text a column is taking, or -1.
    private var captureDepth: [Int]
    private var capturing: [Int] = []
    private var scratch: [UInt8] = []

    init(paths: XMLFieldPaths) {
        self.paths = paths
        let n = paths.columnCount
        state = Array(repeating: .absent, count: n)
        rangeStart = Array(repeating: 0, count: n)
        rangeEnd = Array(repeating: 0, count: n)
        buffers = Array(repeating: [], count: n)
        captureDepth = Array(repeating: -1, count: n)
        stack.reserveCapacity(32)
        active.reserveCapacity(32)
    }

    /// Reads the record element in `bytes` (complete: from its `<` to its end tag).
    /// - Parameter scope: The namespaces in scope at the record; left as it was.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, scope: inout XMLNamespaceScope) -> Outcome {
        let mark = scope.count
        defer {
            scope.truncate(to: mark)
            reset()
        }
        if let problem = walk(bytes, scope: &scope) { return .malformed(.malformedRecord, problem) }
        if let bad = UTF8Check.firstInvalidIndex(bytes) {
            return .malformed(.invalidEncoding, XMLProblem(
                offset: bad, found: "invalid UTF-8 (\(UTF8Check.describe(bytes[bad])))", expected: "UTF-8 text"))
        }
        var values = ContiguousArray<String?>()
        values.reserveCapacity(state.count)
        for c in state.indices {
            switch state[c] {
            case .absent: values.append(nil)
            case .empty: values.append("")
            case .range: values.append(UTF8Text.string(validated: UnsafeBufferPointer(rebasing: bytes[rangeStart[c]..<rangeEnd[c]])))
            case .buffer: values.append(buffers[c].withUnsafeBufferPointer { UTF8Text.string(validated: $0) })
            }
        }
        return .values(values)
    }

    private mutating func reset() {
        for c in state.indices where state[c] != .absent {
            state[c] = .absent
            buffers[c].removeAll(keepingCapacity: true)
            captureDepth[c] = -1
        }
        capturing.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        active.removeAll(keepingCapacity: true)
    }

    /// Walks the tokens; the first problem, if any.
    private mutating func walk(_ bytes: UnsafeBufferPointer<UInt8>, scope: inout XMLNamespaceScope) -> XMLProblem? {
        var i = 0
        while i < bytes.count {
            switch tokenizer.scan(bytes, at: i, into: &token) {
            case .needMore:
                let (what, expected) = XMLTokenizer.unterminated(bytes, at: i)
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
                if let problem = text(bytes) { return problem }
            case .cdata:
                if !capturing.isEmpty {
                    if XMLTokenizer.find(0x0D, in: bytes, from: token.contentStart, to: token.contentEnd) == nil {
                        appendRaw(bytes, token.contentStart, token.contentEnd)
                    } else {
                        scratch.removeAll(keepingCapacity: true)
                        XMLCharacterData.appendNormalizingLineEnds(bytes, from: token.contentStart, to: token.contentEnd,
                                                                   into: &scratch)
                        appendScratch(bytes)
                    }
                }
            case .comment, .processingInstruction:
                break
            case .doctype:
                return XMLProblem(offset: token.start, found: "a DOCTYPE inside a record",
                                  expected: "a DOCTYPE only before the document element")
            case .startTag, .emptyElementTag:
                if let problem = startTag(bytes, scope: &scope) { return problem }
            case .endTag:
                if let problem = endTag(bytes, scope: &scope) { return problem }
            }
            if stack.isEmpty { break }
        }
        if let open = stack.last {
            let name = XMLTokenizer.text(bytes, open.nameStart, open.nameEnd)
            return XMLProblem(offset: i, found: "the end of the record with <\(name)> open",
                              expected: "</\(name)> before the enclosing element's end tag")
        }
        return nil
    }

    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> XMLProblem? {
        let start = token.start
        let end = token.end
        if capturing.isEmpty { return XMLCharacterData.validate(bytes, from: start, to: end) }
        if !XMLCharacterData.needsDecoding(bytes, from: start, to: end, attribute: false) {
            appendRaw(bytes, start, end)
            return nil
        }
        scratch.removeAll(keepingCapacity: true)
        if let problem = XMLCharacterData.decode(bytes, from: start, to: end, attribute: false, into: &scratch) {
            return problem
        }
        appendScratch(bytes)
        return nil
    }

    private mutating func startTag(_ bytes: UnsafeBufferPointer<UInt8>, scope: inout XMLNamespaceScope) -> XMLProblem? {
        let attributes = tokenizer.attributes
        let mark = scope.count
        for a in attributes {
            guard let prefix = XMLRecordSplitter.declaredPrefix(bytes, a) else { continue }
            switch XMLRecordSplitter.value(bytes, a) {
            case .success(let uri): scope.declare(prefix: prefix, namespace: scope.id(ofURI: uri))
            case .failure(let problem): return problem
            }
        }
        let nameStart = token.nameStart
        let nameEnd = token.nameEnd
        let colon = XMLTokenizer.find(XMLTokenizer.colon, in: bytes, from: nameStart, to: nameEnd)
        let prefix = UnsafeBufferPointer(rebasing: bytes[nameStart..<(colon ?? nameStart)])
        guard let namespace = scope.resolve(prefix: prefix) else {
            return undeclared(bytes, prefix: prefix, at: nameStart, in: nameStart, nameEnd)
        }
        let local = UnsafeBufferPointer(rebasing: bytes[(colon.map { $0 + 1 } ?? nameStart)..<nameEnd])

        // Attributes: prefixes resolved, values checked, duplicates refused.
        attributeNamespaces.removeAll(keepingCapacity: true)
        for (index, a) in attributes.enumerated() {
            var ns = XMLNamespaceScope.noNamespace
            if a.colon >= 0 {
                let p = UnsafeBufferPointer(rebasing: bytes[a.nameStart..<a.colon])
                if XMLRecordSplitter.declaredPrefix(bytes, a) == nil {
                    guard let resolved = scope.resolve(prefix: p) else {
                        return undeclared(bytes, prefix: p, at: a.nameStart, in: nameStart, nameEnd)
                    }
                    ns = resolved
                }
            }
            attributeNamespaces.append(ns)
            let qname = bytes[a.nameStart..<a.nameEnd]
            for earlier in attributes[..<index] where bytes[earlier.nameStart..<earlier.nameEnd].elementsEqual(qname) {
                return XMLProblem(offset: a.nameStart, found: "a second attribute '\(XMLTokenizer.text(bytes, a.nameStart, a.nameEnd))' "
                                  + "in <\(XMLTokenizer.text(bytes, nameStart, nameEnd))>",
                                  expected: "each attribute once per element")
            }
            if let problem = XMLCharacterData.validate(bytes, from: a.valueStart, to: a.valueEnd) { return problem }
        }

        // The trie nodes this element matches.
        let depth = stack.count
        let activeStart = active.count
        if depth == 0 {
            active.append(0)
        } else {
            let parent = stack[depth - 1]
            for p in parent.activeStart..<parent.activeEnd {
                for child in paths.nodes[active[p]].children
                where paths.nodes[child].test.matches(local: local, namespace: namespace) {
                    active.append(child)
                }
            }
        }
        let activeEnd = active.count
        for k in activeStart..<activeEnd {
            let node = paths.nodes[active[k]]
            for (test, column) in node.attributes where state[column] == .absent {
                for (index, a) in attributes.enumerated() where XMLRecordSplitter.declaredPrefix(bytes, a) == nil {
                    let attrLocal = UnsafeBufferPointer(rebasing: bytes[(a.colon >= 0 ? a.colon + 1 : a.nameStart)..<a.nameEnd])
                    if test.matches(local: attrLocal, namespace: attributeNamespaces[index]) {
                        setAttribute(bytes, a, column: column)
                        break
                    }
                }
            }
            if let column = node.textColumn, state[column] == .absent {
                state[column] = .empty
                if token.kind == .startTag {
                    captureDepth[column] = depth
                    capturing.append(column)
                }
            }
        }
        if token.kind == .emptyElementTag {
            scope.truncate(to: mark)
            active.removeLast(active.count - activeStart)
        } else {
            stack.append(OpenElement(nameStart: nameStart, nameEnd: nameEnd, bindingMark: mark,
                                     activeStart: activeStart, activeEnd: activeEnd))
        }
        return nil
    }

    private func undeclared(
        _ bytes: UnsafeBufferPointer<UInt8>, prefix: UnsafeBufferPointer<UInt8>, at offset: Int, in nameStart: Int, _ nameEnd: Int
    ) -> XMLProblem {
        let p = String(decoding: prefix, as: UTF8.self)
        return XMLProblem(offset: offset, found: "undeclared prefix '\(p)' in <\(XMLTokenizer.text(bytes, nameStart, nameEnd))>",
                          expected: "an xmlns:\(p) declaration in scope")
    }

    private mutating func endTag(_ bytes: UnsafeBufferPointer<UInt8>, scope: inout XMLNamespaceScope) -> XMLProblem? {
        guard let open = stack.last else { return nil }
        let name = bytes[token.nameStart..<token.nameEnd]
        let openName = bytes[open.nameStart..<open.nameEnd]
        guard name.elementsEqual(openName) else {
            let opened = XMLTokenizer.text(bytes, open.nameStart, open.nameEnd)
            return XMLProblem(offset: token.start, found: "mismatched end tag </\(XMLTokenizer.text(bytes, token.nameStart, token.nameEnd))>",
                              expected: "</\(opened)>, the end tag of the innermost open element")
        }
        let depth = stack.count - 1
        if !capturing.isEmpty {
            capturing.removeAll { column in
                guard captureDepth[column] == depth else { return false }
                captureDepth[column] = -1
                return true
            }
        }
        scope.truncate(to: open.bindingMark)
        active.removeLast(active.count - open.activeStart)
        stack.removeLast()
        return nil
    }

    // MARK: Values

    private mutating func setAttribute(_ bytes: UnsafeBufferPointer<UInt8>, _ a: XMLAttribute, column: Int) {
        if a.valueStart == a.valueEnd {
            state[column] = .empty
        } else if !XMLCharacterData.needsDecoding(bytes, from: a.valueStart, to: a.valueEnd, attribute: true) {
            state[column] = .range
            rangeStart[column] = a.valueStart
            rangeEnd[column] = a.valueEnd
        } else {
            state[column] = .buffer
            buffers[column].removeAll(keepingCapacity: true)
            // Validated above: decoding cannot fail.
            _ = XMLCharacterData.decode(bytes, from: a.valueStart, to: a.valueEnd, attribute: true, into: &buffers[column])
        }
    }

    /// Appends `bytes[start..<end]` (needing no decoding) to every capturing column.
    private mutating func appendRaw(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard start < end else { return }
        for column in capturing {
            switch state[column] {
            case .absent, .empty:
                state[column] = .range
                rangeStart[column] = start
                rangeEnd[column] = end
            case .range:
                toBuffer(bytes, column)
                buffers[column].append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            case .buffer:
                buffers[column].append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
        }
    }

    /// Appends `scratch` (decoded text) to every capturing column.
    private mutating func appendScratch(_ bytes: UnsafeBufferPointer<UInt8>) {
        for column in capturing {
            toBuffer(bytes, column)
            buffers[column].append(contentsOf: scratch)
        }
    }

    private mutating func toBuffer(_ bytes: UnsafeBufferPointer<UInt8>, _ column: Int) {
        switch state[column] {
        case .absent, .empty:
            buffers[column].removeAll(keepingCapacity: true)
        case .range:
            buffers[column].removeAll(keepingCapacity: true)
            buffers[column].append(contentsOf: UnsafeBufferPointer(rebasing: bytes[rangeStart[column]..<rangeEnd[column]]))
        case .buffer:
            return
        }
        state[column] = .buffer
    }
}
