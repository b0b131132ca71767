/// One token of XML text as ``XMLTokenizer`` delimits it; offsets index the scanned bytes.
struct XMLToken {
    enum Kind: UInt8 {
        /// Character data up to the next `<` (or the end of the bytes scanned so far).
        case text
        /// `<name attr="v">`; its attributes are in ``XMLTokenizer/attributes``.
        case startTag
        /// `<name attr="v"/>`.
        case emptyElementTag
        /// `</name>`.
        case endTag
        /// `<!-- ... -->`.
        case comment
        /// `<![CDATA[ ... ]]>`; `contentStart..<contentEnd` is the text.
        case cdata
        /// `<?target ... ?>`, the XML declaration included.
        case processingInstruction
        /// `<!DOCTYPE ... [ ... ]>`, skipped whole.
        case doctype
    }

    var kind = Kind.text
    /// The first byte (`<` for all but text).
    var start = 0
    /// One past the last byte.
    var end = 0
    /// The qualified name of a tag (or the target of a processing instruction).
    var nameStart = 0
    var nameEnd = 0
    /// The content of a CDATA section or a comment.
    var contentStart = 0
    var contentEnd = 0
    /// A well-formedness problem inside a tag whose end could still be found (bad attribute
    /// syntax): the token is usable for finding element boundaries, not for its content.
    var problem: XMLProblem?
}

/// One attribute of a start tag: byte ranges of its qualified name and its raw value (between
/// the quotes, references not decoded).
struct XMLAttribute {
    var nameStart: Int
    var nameEnd: Int
    /// The index of the name's first `:`, or -1.
    var colon: Int
    var valueStart: Int
    var valueEnd: Int
}
