/// A name a path step matches: a local name, in one namespace or (unprefixed) in any.
struct XMLNameTest: Equatable {
    var local: [UInt8]
    /// A namespace id of ``XMLNamespaceScope``, or `nil` for any namespace.
    var namespace: Int32?

    func matches(local name: UnsafeBufferPointer<UInt8>, namespace ns: Int32) -> Bool {
        if let namespace, namespace != ns { return false }
        return local.count == name.count && local.elementsEqual(name)
    }

    /// The test for `qualified` (`ten`, `p:ten`), its prefix looked up in `prefixes`.
    /// - Returns: `nil` when the prefix is not in `prefixes`.
    static func parse(_ qualified: Substring, prefixes: [String: Int32]) -> XMLNameTest? {
        if let colon = qualified.firstIndex(of: ":") {
            let prefix = String(qualified[..<colon])
            guard let ns = prefixes[prefix] else { return nil }
            return XMLNameTest(local: Array(qualified[qualified.index(after: colon)...].utf8), namespace: ns)
        }
        return XMLNameTest(local: Array(qualified.utf8), namespace: nil)
    }
}
