import Core

/// Reads one `<row>` element of a worksheet into its cells: reference, type, style and text.
///
/// A cell's text is its `<v>` (the value as written: a number, a shared string index, `1` for
/// TRUE, an error code) or, for an inline string, its `<is>` text (rich-text runs concatenated,
/// phonetic runs left out). Formulas (`<f>`) are ignored: their cached value is in `<v>`. A cell
/// without `r` follows the previous one; a row without `r` is numbered by the caller.
struct XLSXRowReader {
    enum CellType: UInt8 {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate, unknown
    }

    struct Cell {
        /// 0-based column.
        var column: Int
        var type: CellType
        /// Index into the workbook's cell formats (`s`, default 0).
        var style: Int
        /// The cell's text in ``XLSXRowReader/text``.
        var textStart: Int
        var textEnd: Int
        /// Whether the cell has a `<v>` or `<is>` (a cell with only a style has neither).
        var hasValue: Bool
        /// The `t` attribute as written, for messages about an unknown type.
        var typeName: String?
    }

    /// The row's `r`, if it has one.
    private(set) var rowNumber: Int?
    private(set) var cells: [Cell] = []
    /// The cells' decoded text, concatenated.
    private(set) var text: [UInt8] = []

    private var tokenizer = XMLTokenizer()
    private var token = XMLToken()
    private var names: [(start: Int, end: Int)] = []

    init() {
        cells.reserveCapacity(64)
        text.reserveCapacity(1024)
        names.reserveCapacity(8)
    }

    private enum Capture {
        case none
        /// In `<v>`: all text.
        case value(depth: Int)
        /// In `<is>`: text of `<t>` outside `<rPh>`.
        case inline(depth: Int, textDepth: Int, phoneticDepth: Int)
    }

    /// Reads the row element in `bytes` (complete, from `<row` to `</row>`).
    /// - Returns: The first problem and its kind (malformed XML or invalid UTF-8), if any.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) -> (ReasonCode, XMLProblem)? {
        rowNumber = nil
        cells.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        names.removeAll(keepingCapacity: true)
        var capture = Capture.none
        var inCell = false
        var i = 0
        var nextColumn = 0
        while i < bytes.count {
            switch tokenizer.scan(bytes, at: i, into: &token) {
            case .needMore:
                let (what, expected) = XMLTokenizer.unterminated(bytes, at: i)
                return (.malformedRecord, XMLProblem(offset: i, found: "an unterminated \(what)", expected: expected))
            case .invalid(let problem):
                return (.malformedRecord, problem)
            case .token:
                break
            }
            if let problem = token.problem { return (.malformedRecord, problem) }
            i = token.end
            switch token.kind {
            case .text, .cdata:
                var keep = false
                switch capture {
                case .none: break
                case .value: keep = true
                case .inline(_, let t, let ph): keep = t >= 0 && ph < 0
                }
                if token.kind == .cdata {
                    if keep {
                        XMLCharacterData.appendNormalizingLineEnds(bytes, from: token.contentStart, to: token.contentEnd, into: &text)
                    }
                } else if keep {
                    if let problem = XMLCharacterData.decode(bytes, from: token.start, to: token.end, attribute: false, into: &text) {
                        return (.malformedRecord, problem)
                    }
                } else if let problem = XMLCharacterData.validate(bytes, from: token.start, to: token.end) {
                    return (.malformedRecord, problem)
                }
                if keep, !cells.isEmpty { cells[cells.count - 1].textEnd = text.count }
            case .startTag, .emptyElementTag:
                for a in tokenizer.attributes {
                    if let problem = XMLCharacterData.validate(bytes, from: a.valueStart, to: a.valueEnd) {
                        return (.malformedRecord, problem)
                    }
                }
                let local = XLSXSharedStrings.localName(bytes, token)
                let depth = names.count
                if depth == 0 {
                    if let problem = readRowAttributes(bytes) { return (.malformedRecord, problem) }
                } else if depth == 1 && local.elementsEqual("c".utf8) {
                    if let problem = startCell(bytes, nextColumn: &nextColumn) { return (.malformedRecord, problem) }
                    inCell = token.kind == .startTag
                } else if depth == 2 && inCell {
                    if local.elementsEqual("v".utf8) {
                        cells[cells.count - 1].hasValue = true
                        if token.kind == .startTag { capture = .value(depth: depth) }
                    } else if local.elementsEqual("is".utf8) {
                        cells[cells.count - 1].hasValue = true
                        if token.kind == .startTag { capture = .inline(depth: depth, textDepth: -1, phoneticDepth: -1) }
                    }
                } else if case .inline(let d, var t, var ph) = capture, token.kind == .startTag {
                    if ph < 0 && local.elementsEqual("rPh".utf8) { ph = depth }
                    if t < 0 && local.elementsEqual("t".utf8) { t = depth }
                    capture = .inline(depth: d, textDepth: t, phoneticDepth: ph)
                }
                if token.kind == .startTag { names.append((token.nameStart, token.nameEnd)) }
            case .endTag:
                guard let open = names.last else { break }
                guard bytes[open.start..<open.end].elementsEqual(bytes[token.nameStart..<token.nameEnd]) else {
                    return (.malformedRecord, XMLProblem(
                        offset: token.start, found: "mismatched end tag </\(XMLTokenizer.text(bytes, token.nameStart, token.nameEnd))>",
                        expected: "</\(XMLTokenizer.text(bytes, open.start, open.end))>"))
                }
                names.removeLast()
                let depth = names.count
                if depth == 1 { inCell = false }
                switch capture {
                case .none: break
                case .value(let d): if d == depth { capture = .none }
                case .inline(let d, var t, var ph):
                    if d == depth {
                        capture = .none
                    } else {
                        if t == depth { t = -1 }
                        if ph == depth { ph = -1 }
                        capture = .inline(depth: d, textDepth: t, phoneticDepth: ph)
                    }
                }
            case .doctype:
                return (.malformedRecord, XMLProblem(offset: token.start, found: "a DOCTYPE inside a row",
                                                     expected: "a DOCTYPE only before the document element"))
            case .comment, .processingInstruction:
                break
            }
            if names.isEmpty { break }
        }
        if let open = names.last {
            let name = XMLTokenizer.text(bytes, open.start, open.end)
            return (.malformedRecord, XMLProblem(offset: i, found: "the end of the row with <\(name)> open",
                                                 expected: "</\(name)> before </sheetData>"))
        }
        if let bad = UTF8Check.firstInvalidIndex(bytes) {
            return (.invalidEncoding, XMLProblem(offset: bad, found: "invalid UTF-8 (\(UTF8Check.describe(bytes[bad])))",
                                                 expected: "UTF-8 text"))
        }
        return nil
    }

    private mutating func readRowAttributes(_ bytes: UnsafeBufferPointer<UInt8>) -> XMLProblem? {
        for a in tokenizer.attributes where a.colon < 0 && bytes[a.nameStart..<a.nameEnd].elementsEqual("r".utf8) {
            var n = 0
            var i = a.valueStart
            while i < a.valueEnd, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9"), n <= XLSXCellReference.maxRow {
                n = n * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i == a.valueEnd, n >= 1, n <= XLSXCellReference.maxRow else {
                return XMLProblem(offset: a.valueStart, found: "row number '\(XMLTokenizer.text(bytes, a.valueStart, a.valueEnd))'",
                                  expected: "a number from 1 to \(XLSXCellReference.maxRow)")
            }
            rowNumber = n
        }
        return nil
    }

    private mutating func startCell(_ bytes: UnsafeBufferPointer<UInt8>, nextColumn: inout Int) -> XMLProblem? {
        var column = nextColumn
        var type = CellType.number
        var typeName: String?
        var style = 0
        for a in tokenizer.attributes where a.colon < 0 {
            let name = bytes[a.nameStart..<a.nameEnd]
            let value = UnsafeBufferPointer(rebasing: bytes[a.valueStart..<a.valueEnd])
            if name.elementsEqual("r".utf8) {
                guard let ref = XLSXCellReference.parse(value) else {
                    return XMLProblem(offset: a.valueStart, found: "cell reference '\(String(decoding: value, as: UTF8.self))'",
                                      expected: "a reference such as C7 (column letters up to XFD, then the row)")
                }
                column = ref.column
            } else if name.elementsEqual("t".utf8) {
                if value.count == 1 && value[0] == UInt8(ascii: "s") {
                    type = .sharedString
                } else if value.count == 1 && value[0] == UInt8(ascii: "n") {
                    type = .number
                } else if value.count == 1 && value[0] == UInt8(ascii: "b") {
                    type = .boolean
                } else if value.count == 1 && value[0] == UInt8(ascii: "e") {
                    type = .error
                } else if value.count == 1 && value[0] == UInt8(ascii: "d") {
                    type = .isoDate
                } else if value.elementsEqual("str".utf8) {
                    type = .formulaString
                } else if value.elementsEqual("inlineStr".utf8) {
                    type = .inlineString
                } else {
                    type = .unknown
                    typeName = String(decoding: value, as: UTF8.self)
                }
            } else if name.elementsEqual("s".utf8) {
                var n = 0
                for b in value {
                    guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") && n < 1 << 24 else {
                        return XMLProblem(offset: a.valueStart, found: "style index '\(String(decoding: value, as: UTF8.self))'",
                                          expected: "a number")
                    }
                    n = n * 10 + Int(b - UInt8(ascii: "0"))
                }
                style = n
            }
        }
        nextColumn = column + 1
        cells.append(Cell(column: column, type: type, style: style, textStart: text.count, textEnd: text.count,
                          hasValue: false, typeName: typeName))
        return nil
    }
}
