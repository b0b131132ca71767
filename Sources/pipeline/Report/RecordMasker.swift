import Core
import Foundation

/// Masks the personal values (`cleanse.personal`) of a quarantined record and of the detail
/// that describes it, for reports.
///
/// The record's personal columns are found through the source's field mapping (a column name
/// or a dotted JSON path); every other string of the record equal to one of those values, and
/// every occurrence of them in the detail, is masked as well. A record that was never split
/// into fields (a malformed line kept as one string) is masked whole when its source has any
/// personal field.
struct RecordMasker {
    /// Per source: the columns or paths that hold personal fields.
    private let personalColumns: [String: [String]]
    /// The personal pipeline fields.
    private let personalFields: Set<String>
    /// Per register source: the layout positions of its personal columns, to mask the cells of
    /// a page sent to manual keying.
    private let personalCells: [String: Set<Int>]

    init(spec: PipelineSpec) {
        let personal = Set(spec.cleanse.personal.map(\.field))
        var columns: [String: [String]] = [:]
        for source in spec.sources {
            columns[source.name] = source.fields.filter { personal.contains($0.field) }.map(\.column)
        }
        personalColumns = columns
        personalFields = personal
        var cells: [String: Set<Int>] = [:]
        for source in spec.sources {
            guard let register = source.register else { continue }
            let personalColumns = Set(columns[source.name] ?? [])
            cells[source.name] = Set(register.columns.indices.filter { personalColumns.contains(register.columns[$0].name) })
        }
        personalCells = cells
    }

    /// The record (JSON text) and detail of `reject` with personal values masked.
    func mask(_ reject: Reject) -> (record: String, detail: String) {
        if reject.reason == .manualKeying, let cells = personalCells[reject.source] {
            return (maskPage(reject.original, cells: cells), reject.detail)
        }
        let columns = personalColumns[reject.source] ?? []
        guard !columns.isEmpty else { return (reject.original, reject.detail) }
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(reject.original.utf8), options: [.fragmentsAllowed])
        else {
            return (Self.text(PersonalData.mask(reject.original)), Self.maskQuoted(reject.detail))
        }
        var quotedToo = false
        var values: [String] = []
        var record = parsed
        if let object = parsed as? [String: Any] {
            var copy = object
            for column in columns { Self.maskPath(column.split(separator: ".").map(String.init), in: &copy, collecting: &values) }
            record = Self.scrub(copy, values: Set(values))
        } else if let line = parsed as? String {
            values.append(line)
            record = PersonalData.mask(line)
            quotedToo = true
        }
        var detail = reject.detail
        for v in values.sorted(by: { $0.count > $1.count }) where v.count >= 2 {
            detail = detail.replacingOccurrences(of: v, with: PersonalData.mask(v))
        }
        // A detail about a personal field, or about a line never split into fields, may quote
        // part of a value: what it quotes is masked too.
        if quotedToo || reject.field.map(personalFields.contains) == true { detail = Self.maskQuoted(detail) }
        return (Self.text(record), detail)
    }

    /// A page sent to manual keying (`{file, sha256, page, rows}`) with the cells of personal
    /// columns masked in every row.
    private func maskPage(_ original: String, cells: Set<Int>) -> String {
        guard !cells.isEmpty else { return original }
        guard var page = (try? JSONSerialization.jsonObject(with: Data(original.utf8))) as? [String: Any],
              let rows = page["rows"] as? [[Any]] else { return Self.text(PersonalData.mask(original)) }
        page["rows"] = rows.map { row in
            row.enumerated().map { i, cell in cells.contains(i) ? (cell as? String).map(PersonalData.mask) ?? cell : cell }
        }
        return Self.text(page)
    }

    /// `text` with every '...' quotation masked.
    static func maskQuoted(_ text: String) -> String {
        var out = ""
        var quoted = ""
        var inQuote = false
        for c in text {
            if c == "'" {
                if inQuote { out += PersonalData.mask(quoted); quoted = "" }
                inQuote.toggle()
                out.append(c)
            } else if inQuote {
                quoted.append(c)
            } else {
                out.append(c)
            }
        }
        return out + (inQuote ? PersonalData.mask(quoted) : "")
    }

    /// Masks the string at `path` (a whole key first, then the dotted path).
    private static func maskPath(_ path: [String], in object: inout [String: Any], collecting values: inout [String]) {
        let whole = path.joined(separator: ".")
        if let v = object[whole] as? String {
            values.append(v)
            object[whole] = PersonalData.mask(v)
            return
        }
        guard let head = path.first else { return }
        if path.count == 1 {
            if let v = object[head] as? String {
                values.append(v)
                object[head] = PersonalData.mask(v)
            } else if let n = object[head] as? NSNumber, !(object[head] is Bool) {
                values.append(n.stringValue)
                object[head] = PersonalData.mask(n.stringValue)
            }
            return
        }
        if var inner = object[head] as? [String: Any] {
            maskPath(Array(path.dropFirst()), in: &inner, collecting: &values)
            object[head] = inner
        }
    }

    /// Masks any string leaf equal to one of `values`.
    private static func scrub(_ node: Any, values: Set<String>) -> Any {
        if let s = node as? String { return values.contains(s) ? PersonalData.mask(s) : s }
        if let a = node as? [Any] { return a.map { scrub($0, values: values) } }
        if let o = node as? [String: Any] { return o.mapValues { scrub($0, values: values) } }
        return node
    }

    /// JSON text with sorted keys.
    private static func text(_ node: Any) -> String {
        guard let data = try? JSONSerialization.data(
            withJSONObject: node, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
