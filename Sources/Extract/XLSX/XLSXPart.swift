import Core

/// A small part of a workbook (`xl/workbook.xml`, its relationships, `xl/styles.xml`) read
/// whole and walked element by element.
///
/// Names are matched by local name (a part's prefixes vary between producers); an attribute
/// is found by its local name and whether it has a prefix (`r:id` is `id`, prefixed).
struct XLSXPart {
    /// The largest part read whole.
    static let maxBytes = 64 << 20

    struct Element {
        /// Local names from the document element down to this one.
        var path: [String]
        var attributes: [(local: String, prefixed: Bool, value: String)]

        var name: String { path[path.count - 1] }
        var parent: String? { path.count > 1 ? path[path.count - 2] : nil }

        /// The value of the unprefixed attribute `local` (or of the prefixed one).
        func attribute(_ local: String, prefixed: Bool = false) -> String? {
            attributes.first { $0.local == local && $0.prefixed == prefixed }?.value
        }
    }

    /// The part's path in the archive.
    let path: String
    /// The name errors give: `book.xlsx!/xl/workbook.xml`.
    let name: String
    let bytes: [UInt8]

    /// Reads the part at `path`; `nil` when the archive has none.
    /// - Throws: `ExtractError(.cannotOpen)` for a part over ``maxBytes``; the archive's errors.
    static func read(_ path: String, in archive: ZipArchive, stats: inout FileStats) throws(ExtractError) -> XLSXPart? {
        guard let entry = archive.entry(path) else { return nil }
        let name = archive.memberName(entry)
        if entry.uncompressedSize > Int64(maxBytes) {
            throw ExtractError(.cannotOpen, file: name, "the part is \(entry.uncompressedSize) bytes; expected at most "
                + "\(maxBytes) for a workbook's \(path)")
        }
        let source = try archive.open(entry)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = try source.read(into: chunk)
            if n == 0 { break }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<n]))
            if bytes.count > maxBytes {
                throw ExtractError(.cannotOpen, file: name, "the part is longer than \(maxBytes) bytes; expected at most "
                    + "\(maxBytes) for a workbook's \(path)")
            }
        }
        stats.bytesRead += entry.compressedSize
        stats.bytesDecoded += Int64(bytes.count)
        return XLSXPart(path: path, name: name, bytes: bytes)
    }

    /// Calls `visit` with each element (start or empty-element tag) in document order.
    /// - Throws: `ExtractError(.cannotOpen)` with the line and byte of a well-formedness problem.
    func forEachElement(_ visit: (Element) throws(ExtractError) -> Void) throws(ExtractError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ExtractError) in
            var tokenizer = XMLTokenizer()
            var token = XMLToken()
            var path: [String] = []
            var i = 0
            if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { i = 3 }
            if buffer.count >= 2 && (buffer[0] == 0xFF && buffer[1] == 0xFE || buffer[0] == 0xFE && buffer[1] == 0xFF) {
                throw ExtractError(.cannotOpen, file: name, line: 1, byteOffset: 0,
                                   "the part is UTF-16; expected UTF-8, as Excel and other producers write")
            }
            while i < buffer.count {
                switch tokenizer.scan(buffer, at: i, into: &token) {
                case .needMore:
                    let (what, expected) = XMLTokenizer.unterminated(buffer, at: i)
                    throw problem(buffer, XMLProblem(offset: i, found: "the part ends inside a \(what)", expected: expected))
                case .invalid(let p):
                    throw problem(buffer, p)
                case .token:
                    break
                }
                if let p = token.problem { throw problem(buffer, p) }
                switch token.kind {
                case .startTag, .emptyElementTag:
                    path.append(Self.local(buffer, token.nameStart, token.nameEnd))
                    var attributes: [(local: String, prefixed: Bool, value: String)] = []
                    for a in tokenizer.attributes {
                        var value: [UInt8] = []
                        if let p = XMLCharacterData.decode(buffer, from: a.valueStart, to: a.valueEnd, attribute: true, into: &value) {
                            throw problem(buffer, p)
                        }
                        attributes.append((Self.local(buffer, a.nameStart, a.nameEnd), a.colon >= 0,
                                           String(decoding: value, as: UTF8.self)))
                    }
                    try visit(Element(path: path, attributes: attributes))
                    if token.kind == .emptyElementTag { path.removeLast() }
                case .endTag:
                    let name = Self.local(buffer, token.nameStart, token.nameEnd)
                    guard path.last == name else {
                        throw problem(buffer, XMLProblem(
                            offset: token.start, found: "mismatched end tag </\(XMLTokenizer.text(buffer, token.nameStart, token.nameEnd))>",
                            expected: path.last.map { "the end tag of <\($0)>" } ?? "no end tag after the document element"))
                    }
                    path.removeLast()
                default:
                    break
                }
                i = token.end
            }
            if let open = path.last {
                throw problem(buffer, XMLProblem(offset: buffer.count, found: "the part ends inside <\(open)>",
                                                 expected: "its end tag"))
            }
        }
    }

    private static func local(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var s = start
        if let colon = XMLTokenizer.find(XMLTokenizer.colon, in: bytes, from: start, to: end) { s = colon + 1 }
        return XMLTokenizer.text(bytes, s, end)
    }

    private func problem(_ bytes: UnsafeBufferPointer<UInt8>, _ p: XMLProblem) -> ExtractError {
        ExtractError(.cannotOpen, file: name, line: 1 + XMLRecordSplitter.lineFeeds(bytes, from: 0, to: p.offset),
                     byteOffset: Int64(p.offset), "malformed XML: \(p.found); expected \(p.expected)")
    }

    /// The path of a relationship's target: `Target` resolved against the directory of the
    /// part whose relationships these are (`xl/workbook.xml` + `worksheets/sheet1.xml` is
    /// `xl/worksheets/sheet1.xml`), or from the archive's root when it starts with `/`.
    static func resolve(_ target: String, from source: String) -> String {
        var parts: [Substring] = []
        if !target.hasPrefix("/"), let slash = source.lastIndex(of: "/") {
            parts = source[..<slash].split(separator: "/")
        }
        for step in target.split(separator: "/") {
            if step == "." { continue }
            if step == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(step)
        }
        return parts.joined(separator: "/")
    }

    /// The relationships part of `source`: `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`.
    static func relationshipsPath(of source: String) -> String {
        guard let slash = source.lastIndex(of: "/") else { return "_rels/" + source + ".rels" }
        return String(source[...slash]) + "_rels/" + String(source[source.index(after: slash)...]) + ".rels"
    }
}
