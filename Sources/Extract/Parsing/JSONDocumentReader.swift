import Core

/// A JSON document parser: one JSON value holding an array of records, read as a stream.
///
/// `records` is the path of object keys from the top-level value to the array (empty: the
/// top-level value is the array). Each element of that array is one record: an object whose
/// requested field paths give the values, as in ``JSONLinesReader`` (see ``JSONScanner``), and
/// whose text is kept whole as the record's document. A record's origin is the line and byte
/// offset of the element's first byte, and its number is the element's index plus one.
///
/// Streaming: the document is never held whole. Bytes before and after the records array are
/// checked as JSON and consumed as they are scanned, whatever the size of the values skipped
/// (only an object key on the path is kept, while it is compared); an element is held only
/// until it is complete, and one longer than `max_record_bytes` is skipped while scanning,
/// keeping its first `max_record_bytes` for quarantine. Strings outside the records are not
/// checked for UTF-8.
///
/// Errors:
/// - An element that is not an object, holds invalid JSON or invalid UTF-8, or is longer than
///   `max_record_bytes` comes out as ``MalformedRecord``, with the line and byte of the problem;
///   reading goes on at the next element, whose start is found by tracking strings and nesting.
/// - What leaves the rest of the file unreadable throws `ExtractError(.malformedRecord)` with
///   its line and byte: the path not in the document, a value on the path of the wrong kind, a
///   syntax error outside the records, a closing bracket that does not match inside an element
///   (the element's end cannot be told), anything after the document, and the end of the file
///   inside it.
struct JSONDocumentReader: RecordParser {
    let file: String
    let maxRecordBytes: Int
    let paths: [String]
    /// The `records` option: the keys from the top-level object to the records array.
    let recordsPath: [String]
    private let trie: FieldPathTrie
    /// Raw key bytes longer than this cannot equal a path key (an escape is at most 6 bytes a byte).
    private let keyCap: Int

    var columns: [String]? { paths }

    /// Deeper nesting of containers is an error (outside the records, and while looking for an
    /// element's end); JSONScanner allows less inside a record.
    static let maxTrackedDepth = 1 << 16

    private static let lf = UInt8(ascii: "\n")

    // MARK: State

    private enum Phase { case start, outer, elements, done }

    /// What a value outside the records is to the path.
    private enum Role: Equatable {
        /// Not on the path: checked and skipped.
        case skip
        /// The object in which `recordsPath[k]` is looked for.
        case pathObject(Int)
        /// The records array.
        case records
    }

    private enum NumberPart { case minus, zero, integer, point, fraction, exponent, exponentSign, exponentDigits }

    /// Where the scan of the structure outside the records stands.
    private enum Outer: Equatable {
        case value(Role)
        /// After `{`: a key or `}`.
        case objectStart
        /// After `,` in an object: a key.
        case objectKey
        /// After a key: `:`.
        case afterKey
        /// After a value in an object: `,` or `}`.
        case objectNext
        /// After `[`: a value or `]`.
        case arrayStart
        /// After a value in an array: `,` or `]`.
        case arrayNext
        case string(key: Bool)
        case escape(key: Bool)
        case hex(key: Bool, left: Int)
        case number(NumberPart)
        /// `true`, `false` or `null`: its first byte and how many bytes matched.
        case literal(UInt8, Int)
        /// After the document: whitespace only.
        case end
    }

    private enum ElementState { case before(first: Bool), inside, after }

    /// How an element's end is found.
    private enum ElementForm {
        /// `{` or `[`: at the bracket that closes the first.
        case container
        /// `"`: at the closing quote.
        case string
        /// Anything else: before the `,` or `]` that follows (not an object: malformed).
        case scalar
    }

    private var phase = Phase.start
    private var started = false
    /// Line of the first unconsumed byte.
    private var line = 1

    private var outer: Outer
    /// Open containers outside the records (true: object). The first `pathFrames` are the
    /// objects on the path.
    private var stack: [Bool] = []
    private var pathFrames = 0
    /// `found[k]`: key `recordsPath[k]` was met in its object.
    private var found: [Bool]
    /// The role of the value after the key just read.
    private var pendingRole = Role.skip
    /// The raw bytes (quotes included) of an on-path key being read, while it may still match.
    private var keyRaw: [UInt8] = []
    private var collectingKey = false
    private var keyLine = 0
    private var keyOffset: Int64 = 0

    private var element = ElementState.before(first: true)
    /// Elements met so far, malformed ones included.
    private var ordinal = 0
    private var elementForm = ElementForm.container
    private var elementScanned = 0
    private var elementKinds: [Bool] = []
    private var elementInString = false
    private var elementEscape = false
    private var elementNewlines = 0
    private var elementLine = 1
    private var elementOffset: Int64 = 0
    /// An element longer than `maxRecordBytes`, being skipped.
    private var skipping = false
    private var skipPrefix: [UInt8] = []
    private var skipConsumed = 0

    private var scratch: [UInt8] = []

    /// - Parameters:
    ///   - options: The source's JSON options (`records`, `max_record_bytes`).
    ///   - paths: The dot-separated field paths to extract from each record, in column order.
    ///   - file: The file's name, for errors.
    init(options: JSONOptions, paths: [String], file: String) throws(ExtractError) {
        self.file = file
        self.maxRecordBytes = max(options.maxRecordBytes, 1)
        self.paths = paths
        self.recordsPath = options.records
        self.trie = FieldPathTrie(paths: paths)
        self.keyCap = 6 * (options.records.map(\.utf8.count).max() ?? 0) + 2
        self.found = Array(repeating: false, count: options.records.count)
        self.outer = .value(options.records.isEmpty ? .records : .pathObject(0))
    }

    // MARK: RecordParser

    mutating func next(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        try step(&input, atEOF: false)
    }

    mutating func finish(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        if phase == .done { return nil }
        if let record = try step(&input, atEOF: true) { return record }
        if phase == .outer && outer == .end {
            phase = .done
            return nil
        }
        throw endOfFileError(input)
    }

    /// Runs the phases until a record is complete or the window is used up.
    private mutating func step(_ input: inout ByteWindow, atEOF: Bool) throws(ExtractError) -> ParsedRecord? {
        while true {
            switch phase {
            case .done:
                return nil
            case .start:
                let bytes = input.readable
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                let k = min(bytes.count, 3)
                if (0..<k).allSatisfy({ bytes[$0] == bom[$0] }) {
                    if k < 3 && !atEOF { return nil }
                    if k == 3 { input.consume(3) }
                }
                phase = .outer
            case .outer:
                try runOuter(&input)
                if phase == .outer { return nil }
            case .elements:
                if let record = try runElements(&input) { return record }
                if phase == .elements { return nil }
            }
        }
    }

    // MARK: Outside the records

    /// Scans the structure outside the records array, consuming what it scans, until the window
    /// is used up or the records array opens.
    private mutating func runOuter(_ input: inout ByteWindow) throws(ExtractError) {
        let bytes = input.readable
        let n = bytes.count
        var i = 0
        defer { input.consume(i) }
        while i < n {
            let b = bytes[i]
            switch outer {
            case .value(let role):
                if Self.isWhitespace(b) {
                    if b == Self.lf { line += 1 }
                    i += 1
                    continue
                }
                started = true
                try startValue(b, role: role, at: i, input)
                i += 1
                if phase == .elements { return }
            case .objectStart, .objectKey:
                if Self.isWhitespace(b) {
                    if b == Self.lf { line += 1 }
                } else if b == UInt8(ascii: "\"") {
                    beginKey(at: i, input)
                } else if b == UInt8(ascii: "}") && outer == .objectStart {
                    try closeObject(at: i, input)
                } else {
                    throw syntaxError(outer == .objectStart ? "expected a string key or '}'" : "expected a string key after ','",
                                      found: b, at: i, input)
                }
                i += 1
            case .afterKey:
                if Self.isWhitespace(b) {
                    if b == Self.lf { line += 1 }
                } else if b == UInt8(ascii: ":") {
                    outer = .value(pendingRole)
                    pendingRole = .skip
                } else {
                    throw syntaxError("expected ':' after the key", found: b, at: i, input)
                }
                i += 1
            case .objectNext:
                if Self.isWhitespace(b) {
                    if b == Self.lf { line += 1 }
                } else if b == UInt8(ascii: ",") {
                    outer = .objectKey
                } else if b == UInt8(ascii: "}") {
                    try closeObject(at: i, input)
                } else {
                    throw syntaxError("expected ',' or '}' after a value in an object", found: b, at: i, input)
                }
                i += 1
            case .arrayStart, .arrayNext:
                if Self.isWhitespace(b) {
                    if b == Self.lf { line += 1 }
                    i += 1
                } else if b == UInt8(ascii: "]") {
                    stack.removeLast()
                    valueDone()
                    i += 1
                } else if outer == .arrayStart {
                    outer = .value(.skip)  // the byte starts the first value
                } else if b == UInt8(ascii: ",") {
                    outer = .value(.skip)
                    i += 1
                } else {
                    throw syntaxError("expected ',' or ']' after a value in an array", found: b, at: i, input)
                }
            case .string(let key):
                // Straight to the next quote, backslash or control character.
                var k = i
                while k < n {
                    let c = bytes[k]
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
                    k += 1
                }
                if key && collectingKey { appendKey(bytes, i, k) }
                i = k
                guard i < n else { break }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    if key && collectingKey { keyRaw.append(c) }
                    i += 1
                    if key {
                        try endKey(input)
                    } else {
                        valueDone()
                    }
                } else if c == UInt8(ascii: "\\") {
                    if key && collectingKey { appendKey(bytes, i, i + 1) }
                    outer = .escape(key: key)
                    i += 1
                } else {
                    throw syntaxError("expected a control character in a string to be escaped", found: c, at: i, input)
                }
            case .escape(let key):
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    outer = .string(key: key)
                case UInt8(ascii: "u"):
                    outer = .hex(key: key, left: 4)
                default:
                    throw syntaxError("expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\'",
                                      found: b, at: i, input)
                }
                if key && collectingKey { appendKey(bytes, i, i + 1) }
                i += 1
            case .hex(let key, let left):
                guard Self.isHexDigit(b) else { throw syntaxError("expected 4 hex digits after '\\u'", found: b, at: i, input) }
                if key && collectingKey { appendKey(bytes, i, i + 1) }
                outer = left == 1 ? .string(key: key) : .hex(key: key, left: left - 1)
                i += 1
            case .number(let part):
                if let next = try numberStep(part, b, at: i, input) {
                    outer = .number(next)
                    i += 1
                } else {
                    valueDone()  // the byte ends the number and is read again
                }
            case .literal(let first, let matched):
                let word: StaticString = first == UInt8(ascii: "t") ? "true" : first == UInt8(ascii: "f") ? "false" : "null"
                guard b == word.utf8Start[matched] else {
                    throw syntaxError("invalid literal; expected true, false or null", found: b, at: i, input)
                }
                if matched + 1 == word.utf8CodeUnitCount {
                    valueDone()
                } else {
                    outer = .literal(first, matched + 1)
                }
                i += 1
            case .end:
                guard Self.isWhitespace(b) else {
                    throw syntaxError("expected the end of the file after the JSON document", found: b, at: i, input)
                }
                if b == Self.lf { line += 1 }
                i += 1
            }
        }
    }

    /// Starts the value whose first byte is `b`.
    private mutating func startValue(_ b: UInt8, role: Role, at i: Int, _ input: ByteWindow) throws(ExtractError) {
        switch role {
        case .records:
            guard b == UInt8(ascii: "[") else {
                let what = recordsPath.isEmpty ? "the top-level value" : "the value at '\(pathName(recordsPath.count))'"
                throw wrongKind(what, b, expected: "an array of records", at: i, input)
            }
            phase = .elements
            element = .before(first: true)
        case .pathObject(let k):
            guard b == UInt8(ascii: "{") else {
                let what = k == 0 ? "the top-level value" : "the value at '\(pathName(k))'"
                throw wrongKind(what, b, expected: "an object with key '\(recordsPath[k])'", at: i, input)
            }
            try push(true, at: i, input)
            pathFrames += 1
            outer = .objectStart
        case .skip:
            switch b {
            case UInt8(ascii: "{"):
                try push(true, at: i, input)
                outer = .objectStart
            case UInt8(ascii: "["):
                try push(false, at: i, input)
                outer = .arrayStart
            case UInt8(ascii: "\""): outer = .string(key: false)
            case UInt8(ascii: "-"): outer = .number(.minus)
            case UInt8(ascii: "0"): outer = .number(.zero)
            case UInt8(ascii: "1")...UInt8(ascii: "9"): outer = .number(.integer)
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): outer = .literal(b, 1)
            default:
                throw syntaxError("expected a value (object, array, string, number, true, false or null)", found: b,
                                  at: i, input)
            }
        }
    }

    private mutating func push(_ isObject: Bool, at i: Int, _ input: ByteWindow) throws(ExtractError) {
        guard stack.count < Self.maxTrackedDepth else {
            throw syntaxError("expected at most \(Self.maxTrackedDepth) levels of nesting", found: isObject ? 0x7B : 0x5B,
                              at: i, input)
        }
        stack.append(isObject)
    }

    /// The next part of a number after `b`, or `nil` when `b` ends it.
    private func numberStep(_ part: NumberPart, _ b: UInt8, at i: Int, _ input: ByteWindow) throws(ExtractError) -> NumberPart? {
        let digit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
        let exponent = b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
        switch part {
        case .minus:
            guard digit else { throw syntaxError("expected a digit in a number", found: b, at: i, input) }
            return b == UInt8(ascii: "0") ? .zero : .integer
        case .zero:
            if digit { throw syntaxError("expected no leading zeros in a number", found: b, at: i, input) }
            return b == UInt8(ascii: ".") ? .point : exponent ? .exponent : nil
        case .integer:
            return digit ? .integer : b == UInt8(ascii: ".") ? .point : exponent ? .exponent : nil
        case .point:
            guard digit else { throw syntaxError("expected a digit after the decimal point", found: b, at: i, input) }
            return .fraction
        case .fraction:
            return digit ? .fraction : exponent ? .exponent : nil
        case .exponent:
            if b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { return .exponentSign }
            guard digit else { throw syntaxError("expected a digit in the exponent", found: b, at: i, input) }
            return .exponentDigits
        case .exponentSign:
            guard digit else { throw syntaxError("expected a digit in the exponent", found: b, at: i, input) }
            return .exponentDigits
        case .exponentDigits:
            return digit ? .exponentDigits : nil
        }
    }

    /// A value outside the records is complete: back to its container.
    private mutating func valueDone() {
        if let isObject = stack.last {
            outer = isObject ? .objectNext : .arrayNext
        } else {
            outer = .end
        }
    }

    private mutating func closeObject(at i: Int, _ input: ByteWindow) throws(ExtractError) {
        if stack.count == pathFrames {
            let k = pathFrames - 1
            guard found[k] else {
                throw ExtractError(.malformedRecord, file: file, line: line, byteOffset: input.streamOffset + Int64(i),
                                   "no key '\(recordsPath[k])' in \(objectName(k)); expected the records at "
                                       + "'\(pathName(recordsPath.count))'")
            }
            pathFrames -= 1
        }
        stack.removeLast()
        valueDone()
    }

    private mutating func beginKey(at i: Int, _ input: ByteWindow) {
        outer = .string(key: true)
        collectingKey = stack.count == pathFrames
        if collectingKey {
            keyRaw.removeAll(keepingCapacity: true)
            keyRaw.append(UInt8(ascii: "\""))
            keyLine = line
            keyOffset = input.streamOffset + Int64(i)
        }
    }

    private mutating func appendKey(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
        guard to > from else { return }
        if keyRaw.count + (to - from) > keyCap {
            collectingKey = false  // too long to be the path's key
            return
        }
        keyRaw.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<to]))
    }

    /// A key has been read: decides the role of its value.
    private mutating func endKey(_ input: ByteWindow) throws(ExtractError) {
        outer = .afterKey
        pendingRole = .skip
        guard collectingKey else { return }
        collectingKey = false
        let k = pathFrames - 1
        let text: String
        do {
            text = try keyRaw.withUnsafeBufferPointer { raw throws(JSONScanner.SyntaxError) -> String in
                var scanner = JSONScanner(bytes: raw, trie: trie, columnCount: 0, scratch: [], endName: "the end of the key")
                return try scanner.scanWholeString()
            }
        } catch {
            throw ExtractError(.malformedRecord, file: file, line: keyLine, byteOffset: keyOffset + Int64(error.offset),
                               error.message(at: "line \(keyLine), byte \(keyOffset + Int64(error.offset))"))
        }
        guard text.utf8.elementsEqual(recordsPath[k].utf8) else { return }
        guard !found[k] else {
            throw ExtractError(.malformedRecord, file: file, line: keyLine, byteOffset: keyOffset,
                               "a second key '\(recordsPath[k])' in \(objectName(k)); expected the records at "
                                   + "'\(pathName(recordsPath.count))' once")
        }
        found[k] = true
        pendingRole = k + 1 < recordsPath.count ? .pathObject(k + 1) : .records
    }

    // MARK: The records

    /// Reads the records array: returns the next record, or `nil` when the window is used up or
    /// the array has ended.
    private mutating func runElements(_ input: inout ByteWindow) throws(ExtractError) -> ParsedRecord? {
        while true {
            switch element {
            case .before(let first):
                guard let b = skipWhitespace(&input) else { return nil }
                if b == UInt8(ascii: "]") && first {
                    input.consume(1)
                    endOfRecords()
                    return nil
                }
                if b == UInt8(ascii: "]") || b == UInt8(ascii: ",") {
                    throw syntaxError(first ? "expected a record or ']' in the records array" : "expected a record after ','",
                                      found: b, at: 0, input)
                }
                elementLine = line
                elementOffset = input.streamOffset
                elementForm = b == UInt8(ascii: "{") || b == UInt8(ascii: "[") ? .container
                    : b == UInt8(ascii: "\"") ? .string : .scalar
                elementScanned = 0
                elementKinds.removeAll(keepingCapacity: true)
                elementInString = false
                elementEscape = false
                elementNewlines = 0
                element = .inside
            case .inside:
                let bytes = input.readable
                let n = bytes.count
                if skipping {
                    if let end = try trackElement(bytes, from: 0, to: n, input) {
                        input.consume(end)
                        skipConsumed += end
                        return endSkipping()
                    }
                    input.consume(n)
                    skipConsumed += n
                    return nil
                }
                let limit = min(n, maxRecordBytes + 1)
                if let end = try trackElement(bytes, from: elementScanned, to: limit, input) {
                    if end > maxRecordBytes {
                        skipPrefix = Array(bytes[..<maxRecordBytes])
                        input.consume(end)
                        skipConsumed = end
                        return endSkipping()
                    }
                    var textEnd = end
                    while textEnd > 0 && Self.isWhitespace(bytes[textEnd - 1]) { textEnd -= 1 }  // after a scalar
                    let record = makeRecord(UnsafeBufferPointer(rebasing: bytes[..<textEnd]))
                    input.consume(end)
                    line = elementLine + elementNewlines
                    element = .after
                    return record
                }
                elementScanned = limit
                guard limit > maxRecordBytes else { return nil }
                skipping = true
                skipPrefix = Array(bytes[..<maxRecordBytes])
                input.consume(limit)
                skipConsumed = limit
            case .after:
                guard let b = skipWhitespace(&input) else { return nil }
                if b == UInt8(ascii: ",") {
                    input.consume(1)
                    element = .before(first: false)
                } else if b == UInt8(ascii: "]") {
                    input.consume(1)
                    endOfRecords()
                    return nil
                } else {
                    throw syntaxError("expected ',' or ']' after record \(ordinal) in the records array", found: b, at: 0,
                                      input)
                }
            }
        }
    }

    private mutating func endOfRecords() {
        phase = .outer
        valueDone()
    }

    /// Consumes whitespace; returns the next byte, or `nil` when the window is used up.
    private mutating func skipWhitespace(_ input: inout ByteWindow) -> UInt8? {
        let bytes = input.readable
        var i = 0
        while i < bytes.count && Self.isWhitespace(bytes[i]) {
            if bytes[i] == Self.lf { line += 1 }
            i += 1
        }
        let next = i < bytes.count ? bytes[i] : nil
        input.consume(i)
        return next
    }

    /// Scans the pending element in `from..<to`; returns the end of its text when found there.
    /// - Throws: `ExtractError` when a closing bracket does not match (the end cannot be told).
    private mutating func trackElement(
        _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ input: ByteWindow
    ) throws(ExtractError) -> Int? {
        var i = from
        switch elementForm {
        case .container, .string:
            while i < to {
                let b = bytes[i]
                if elementInString {
                    if elementEscape {
                        elementEscape = false
                    } else if b == UInt8(ascii: "\\") {
                        elementEscape = true
                    } else if b == UInt8(ascii: "\"") {
                        elementInString = false
                        if elementForm == .string { return i + 1 }
                    } else if b == Self.lf {
                        elementNewlines += 1
                    }
                    i += 1
                    continue
                }
                switch b {
                case UInt8(ascii: "\""):
                    elementInString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard elementKinds.count < Self.maxTrackedDepth else {
                        throw elementError("record \(ordinal + 1) nests more than \(Self.maxTrackedDepth) levels deep, "
                                               + "so where it ends cannot be told", at: i, input)
                    }
                    elementKinds.append(b == UInt8(ascii: "{"))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    let closesObject = b == UInt8(ascii: "}")
                    guard elementKinds.last == closesObject else {
                        throw elementError("\(UTF8Check.describe(b)) does not close the "
                                               + "\(closesObject ? "'['" : "'{'") before it in record \(ordinal + 1), so where "
                                               + "the record ends cannot be told; expected \(closesObject ? "']'" : "'}'")",
                                           at: i, input)
                    }
                    elementKinds.removeLast()
                    if elementKinds.isEmpty { return i + 1 }
                case Self.lf:
                    elementNewlines += 1
                default:
                    break
                }
                i += 1
            }
        case .scalar:
            // To the `,` or `]` after it, whitespace before that included (the text leaves it out).
            while i < to {
                let b = bytes[i]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "]") { return i }
                if b == Self.lf { elementNewlines += 1 }
                i += 1
            }
        }
        return nil
    }

    /// The record of a complete element.
    private mutating func makeRecord(_ content: UnsafeBufferPointer<UInt8>) -> ParsedRecord {
        ordinal += 1
        let origin = RowOrigin(line: elementLine, byteOffset: elementOffset, record: ordinal)
        if let bad = UTF8Check.firstInvalidIndex(content) {
            let detail = "invalid UTF-8 (\(UTF8Check.describe(content[bad]))) in record \(ordinal) at "
                + "\(position(content, bad)); expected UTF-8 text"
            return ParsedRecord(origin: origin, content: .malformed(
                MalformedRecord(reason: .invalidEncoding, detail: detail, raw: Array(content))))
        }
        var scanner = JSONScanner(bytes: content, trie: trie, columnCount: paths.count, scratch: scratch,
                                  endName: "the end of the record")
        defer { scratch = scanner.takeScratch() }
        do {
            try scanner.scanWholeObject(after: "expected ',' or ']' after the record")
        } catch {
            let prefix = content[0] == UInt8(ascii: "{") ? "invalid JSON in record \(ordinal): "
                : "record \(ordinal) is not an object: "
            return ParsedRecord(origin: origin, content: .malformed(MalformedRecord(
                reason: .malformedRecord, detail: prefix + error.message(at: position(content, error.offset)),
                raw: Array(content))))
        }
        return ParsedRecord(origin: origin, content: .row(scanner.values),
                            document: UTF8Text.string(validated: content))
    }

    /// The oversized element just skipped, as a malformed record.
    private mutating func endSkipping() -> ParsedRecord {
        ordinal += 1
        let origin = RowOrigin(line: elementLine, byteOffset: elementOffset, record: ordinal)
        let detail = "record \(ordinal), which starts at line \(elementLine), byte \(elementOffset), is longer than "
            + "max_record_bytes (\(maxRecordBytes)); expected a record within \(maxRecordBytes) bytes; the first "
            + "\(maxRecordBytes) of its \(skipConsumed) bytes are kept"
        let raw = Array(UTF8Check.scalarBoundaryPrefix(skipPrefix))
        line = elementLine + elementNewlines
        skipping = false
        skipPrefix = []
        skipConsumed = 0
        element = .after
        return ParsedRecord(origin: origin, content: .malformed(
            MalformedRecord(reason: .malformedRecord, detail: detail, raw: raw, truncated: true)))
    }

    // MARK: Messages

    /// `line L, byte B` of offset `k` in an element's text.
    private func position(_ content: UnsafeBufferPointer<UInt8>, _ k: Int) -> String {
        var at = elementLine
        for j in 0..<min(k, content.count) where content[j] == Self.lf { at += 1 }
        return "line \(at), byte \(elementOffset + Int64(k))"
    }

    /// `data.items` for the first `k` keys of the path.
    private func pathName(_ k: Int) -> String { recordsPath[..<k].joined(separator: ".") }

    /// The on-path object in which key `k` is looked for.
    private func objectName(_ k: Int) -> String {
        k == 0 ? "the top-level object" : "the object at '\(pathName(k))'"
    }

    private func syntaxError(_ expected: String, found b: UInt8, at i: Int, _ input: ByteWindow) -> ExtractError {
        ExtractError(.malformedRecord, file: file, line: line, byteOffset: input.streamOffset + Int64(i),
                     "\(expected), found \(UTF8Check.describe(b))")
    }

    private func wrongKind(_ what: String, _ b: UInt8, expected: String, at i: Int, _ input: ByteWindow) -> ExtractError {
        let kind = JSONScanner.kind(of: b).map { "is \($0)" } ?? "starts with \(UTF8Check.describe(b))"
        return ExtractError(.malformedRecord, file: file, line: line, byteOffset: input.streamOffset + Int64(i),
                            "\(what) \(kind); expected \(expected)")
    }

    /// An error inside the pending element at window index `i`.
    private func elementError(_ message: String, at i: Int, _ input: ByteWindow) -> ExtractError {
        ExtractError(.malformedRecord, file: file, line: elementLine + elementNewlines,
                     byteOffset: input.streamOffset + Int64(i), message)
    }

    /// The file ended before the document did.
    private func endOfFileError(_ input: ByteWindow) -> ExtractError {
        let offset = input.streamOffset + Int64(input.readableCount)
        let cut = "; was the file cut short?"
        if !started {
            let expected = recordsPath.isEmpty ? "an array of records" : "an object with key '\(recordsPath[0])'"
            return ExtractError(.malformedRecord, file: file, line: line, byteOffset: offset,
                                "the file holds no JSON document; expected \(expected)")
        }
        if phase == .elements {
            let expected: String
            switch element {
            case .before(let first):
                expected = first ? "a record or ']'" : "a record"
            case .after:
                expected = "',' or ']' after record \(ordinal)"
            case .inside:
                return ExtractError(
                    .malformedRecord, file: file, line: elementLine, byteOffset: elementOffset,
                    "the file ends at line \(elementLine + elementNewlines), byte \(offset), inside record \(ordinal + 1), "
                        + "which starts at line \(elementLine), byte \(elementOffset); expected the rest of the record "
                        + "and ']' to close the records array" + cut)
            }
            return ExtractError(.malformedRecord, file: file, line: line, byteOffset: offset,
                                "the file ends inside the records array; expected \(expected)" + cut)
        }
        let expected: String
        switch outer {
        case .value(.skip): expected = "a value"
        case .value: expected = "the value on the path to the records"
        case .objectStart: expected = "a string key or '}'"
        case .objectKey: expected = "a string key"
        case .afterKey: expected = "':' after the key"
        case .objectNext: expected = "',' or '}'"
        case .arrayStart: expected = "a value or ']'"
        case .arrayNext: expected = "',' or ']'"
        case .string, .escape, .hex: expected = "'\"' to close the string"
        case .number, .literal: expected = "the rest of the document"
        case .end: expected = "nothing"
        }
        return ExtractError(.malformedRecord, file: file, line: line, byteOffset: offset,
                            "the file ends inside the JSON document; expected \(expected)" + cut)
    }

    // MARK: Bytes

    private static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    private static func isHexDigit(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }
}
