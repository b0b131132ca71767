/// The field paths an XML source reads, relative to the record element, as a trie of element
/// steps.
///
/// `ten` is the text of child element `ten`, `nguoi/ho_ten` of a grandchild, `@ma` an attribute
/// of the record element, `nguoi/@cccd` an attribute of a child, `.` the record element's own
/// text. A step may carry a prefix the source's `namespaces` declare (`p:ten`: that namespace);
/// an unprefixed step matches its local name in any namespace.
struct XMLFieldPaths {
    struct Node {
        var test: XMLNameTest
        var children: [Int] = []
        var attributes: [(test: XMLNameTest, column: Int)] = []
        /// The column taking this element's text.
        var textColumn: Int?
    }

    struct PathError: Error {
        var message: String
    }

    /// Node 0 is the record element.
    private(set) var nodes: [Node] = [Node(test: XMLNameTest(local: [], namespace: nil))]
    let columnCount: Int

    /// - Parameters:
    ///   - paths: Path `i` fills column `i`.
    ///   - prefixes: The prefixes a step may use, with their namespace ids.
    /// - Throws: `PathError` for an empty step, an `@` before the last step, or an undeclared prefix.
    init(paths: [String], prefixes: [String: Int32]) throws(PathError) {
        columnCount = paths.count
        for (column, path) in paths.enumerated() {
            if path == "." {
                if nodes[0].textColumn == nil { nodes[0].textColumn = column }
                continue
            }
            let steps = path.split(separator: "/", omittingEmptySubsequences: false)
            var node = 0
            for (index, step) in steps.enumerated() {
                let isLast = index == steps.count - 1
                let isAttribute = step.hasPrefix("@")
                let name = isAttribute ? step.dropFirst() : step
                if name.isEmpty || name.hasPrefix(":") || name.hasSuffix(":") || name.contains("@") {
                    throw PathError(message: "field '\(path)' is not an element path; expected steps such as "
                        + "'ten', 'nguoi/ho_ten', '@ma' or 'nguoi/@cccd'")
                }
                if isAttribute && !isLast {
                    throw PathError(message: "field '\(path)' has an attribute step '\(step)' before its end; "
                        + "expected '@name' only as the last step")
                }
                guard let test = XMLNameTest.parse(name, prefixes: prefixes) else {
                    let prefix = name.prefix { $0 != ":" }
                    let declared = prefixes.keys.filter { $0 != "xml" }.sorted()
                    throw PathError(message: "field '\(path)' uses the prefix '\(prefix)', which 'namespaces' does not "
                        + "declare; expected " + (declared.isEmpty ? "a prefix declared in 'namespaces' (it declares none)"
                            : "one of: " + declared.joined(separator: ", ")))
                }
                if isAttribute {
                    if !nodes[node].attributes.contains(where: { $0.test == test }) {
                        nodes[node].attributes.append((test, column))
                    }
                    break
                }
                if let existing = nodes[node].children.first(where: { nodes[$0].test == test }) {
                    node = existing
                } else {
                    nodes.append(Node(test: test))
                    nodes[node].children.append(nodes.count - 1)
                    node = nodes.count - 1
                }
                if isLast && nodes[node].textColumn == nil { nodes[node].textColumn = column }
            }
        }
    }
}
