/// The JSON field paths a source reads (`applicant.fullName`), as a trie of object keys.
///
/// Node 0 is the root object; a node with a `column` is a requested path whose value goes into
/// that column; its children are keys one level deeper.
struct FieldPathTrie {
    struct Node {
        var key: [UInt8]
        var children: [Int] = []
        var column: Int?
    }

    private(set) var nodes: [Node] = [Node(key: [])]

    /// - Parameter paths: Dot-separated key paths; path `i` fills column `i`.
    init(paths: [String]) {
        for (column, path) in paths.enumerated() {
            var node = 0
            var key: [UInt8] = []
            var components: [[UInt8]] = []
            for b in path.utf8 {
                if b == UInt8(ascii: ".") {
                    components.append(key)
                    key.removeAll()
                } else {
                    key.append(b)
                }
            }
            components.append(key)
            for component in components {
                if let existing = nodes[node].children.first(where: { nodes[$0].key == component }) {
                    node = existing
                } else {
                    nodes.append(Node(key: component))
                    nodes[node].children.append(nodes.count - 1)
                    node = nodes.count - 1
                }
            }
            if nodes[node].column == nil { nodes[node].column = column }
        }
    }

    /// Whether `node` has keys below it.
    func hasChildren(_ node: Int) -> Bool { !nodes[node].children.isEmpty }

    /// The column `node` fills, if it is a requested path.
    func column(_ node: Int) -> Int? { nodes[node].column }

    /// The child of `node` named `key`.
    func child(of node: Int, key: UnsafeBufferPointer<UInt8>) -> Int? {
        for c in nodes[node].children where nodes[c].key.elementsEqual(key) { return c }
        return nil
    }
}
