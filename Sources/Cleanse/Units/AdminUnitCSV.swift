/// The reference CSV files' dialect (RFC 4180: comma separated, `"` quoting with `""` for a
/// quote, `\n` line ends, a header row), read from embedded text at load time.
enum AdminUnitCSV {
    /// The column positions named by `text`'s header row, and the rows after it.
    static func rows(_ text: String) -> (columns: [String: Int], rows: [[String]]) {
        var all: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        while i < utf8.endIndex {
            let c = utf8[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    let next = utf8.index(after: i)
                    if next < utf8.endIndex && utf8[next] == UInt8(ascii: "\"") {
                        field.append(c)
                        i = next
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\"") {
                quoted = true
            } else if c == UInt8(ascii: ",") {
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if c == UInt8(ascii: "\n") {
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                all.append(row)
                row.removeAll(keepingCapacity: true)
            } else {
                field.append(c)
            }
            i = utf8.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(String(decoding: field, as: UTF8.self))
            all.append(row)
        }
        guard let header = all.first else { return ([:], []) }
        var columns: [String: Int] = [:]
        for (k, name) in header.enumerated() { columns[name] = k }
        return (columns, Array(all.dropFirst()))
    }
}
