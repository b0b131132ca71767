/// The namespace declarations in scope while reading a document (`xmlns`, `xmlns:p`), as a
/// stack that elements push onto and truncate when they end.
///
/// Namespace URIs are compared once, when declared, against the URIs the source names
/// (`namespaces` in its options); a binding then carries that URI's index, so matching a name
/// is an integer comparison.
struct XMLNamespaceScope {
    /// A name's namespace when it is in none (an unprefixed attribute, or an unprefixed
    /// element without a default namespace).
    static let noNamespace: Int32 = -2
    /// A namespace the source does not name.
    static let otherNamespace: Int32 = -1
    /// The URI the `xml` prefix is bound to without a declaration.
    static let xmlURI = "http://www.w3.org/XML/1998/namespace"

    private struct Binding {
        var prefixStart: Int
        var prefixEnd: Int
        var namespace: Int32
    }

    /// The URIs the source names; a namespace id indexes this list. The last is ``xmlURI``.
    let uris: [[UInt8]]
    private var prefixBytes: [UInt8] = []
    private var bindings: [Binding] = []

    /// - Parameter uris: The URIs names are matched against, without duplicates.
    init(uris: [String]) {
        var list = uris.map { Array($0.utf8) }
        list.append(Array(Self.xmlURI.utf8))
        self.uris = list
        prefixBytes.reserveCapacity(256)
        bindings.reserveCapacity(16)
    }

    /// The id of the `xml` prefix's namespace.
    var xmlNamespace: Int32 { Int32(uris.count - 1) }

    /// The number of bindings in scope: an element keeps it and ``truncate(to:)``s back to it.
    var count: Int { bindings.count }

    /// The id of a URI, or ``otherNamespace``; the empty URI (`xmlns=""`) is ``noNamespace``.
    func id(ofURI uri: some Collection<UInt8>) -> Int32 {
        if uri.isEmpty { return Self.noNamespace }
        for (i, known) in uris.enumerated() where known.elementsEqual(uri) { return Int32(i) }
        return Self.otherNamespace
    }

    /// Binds `prefix` (empty for the default namespace) to the URI with id `namespace`.
    mutating func declare(prefix: UnsafeBufferPointer<UInt8>, namespace: Int32) {
        let start = prefixBytes.count
        prefixBytes.append(contentsOf: prefix)
        bindings.append(Binding(prefixStart: start, prefixEnd: prefixBytes.count, namespace: namespace))
    }

    /// Drops the bindings declared after the scope had `count` of them.
    mutating func truncate(to count: Int) {
        guard count < bindings.count else { return }
        prefixBytes.removeLast(prefixBytes.count - bindings[count].prefixStart)
        bindings.removeLast(bindings.count - count)
    }

    /// The namespace `prefix` is bound to (empty: the default namespace, ``noNamespace`` when
    /// none is declared); `nil` for an undeclared prefix.
    func resolve(prefix: UnsafeBufferPointer<UInt8>) -> Int32? {
        var i = bindings.count - 1
        while i >= 0 {
            let b = bindings[i]
            if b.prefixEnd - b.prefixStart == prefix.count
                && prefixBytes[b.prefixStart..<b.prefixEnd].elementsEqual(prefix) {
                return b.namespace
            }
            i -= 1
        }
        if prefix.isEmpty { return Self.noNamespace }
        if prefix.count == 3 && prefix[0] == UInt8(ascii: "x") && prefix[1] == UInt8(ascii: "m")
            && prefix[2] == UInt8(ascii: "l") {
            return xmlNamespace
        }
        return nil
    }
}
