/// An HTML page being written.
struct Page {
    enum Cell {
        case text(String)
        case number(Int)
        case code(String)
    }

    private(set) var html = ""

    mutating func raw(_ s: String) { html += s }

    mutating func text(_ s: String) { html += HTML.escape(s) }

    mutating func section(_ id: String, _ title: String) {
        html += "<section id=\"\(id)\"><h2>\(HTML.escape(title))</h2>"
    }

    /// A table; `numeric` columns are right-aligned.
    mutating func table(_ headers: [String], numeric: Set<Int>, _ fill: (inout [[Cell]]) -> Void) {
        var rows: [[Cell]] = []
        fill(&rows)
        html += "<table><thead><tr>"
        for h in headers { html += "<th>\(HTML.escape(h))</th>" }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
            for (i, cell) in row.enumerated() {
                switch cell {
                case .text(let s): html += numeric.contains(i) ? "<td class=\"n\">\(HTML.escape(s))</td>" : "<td>\(HTML.escape(s))</td>"
                case .number(let n): html += "<td class=\"n\">\(Number.grouped(n))</td>"
                case .code(let s): html += "<td><code>\(HTML.escape(s))</code></td>"
                }
            }
            html += "</tr>"
        }
        html += "</tbody></table>"
    }
}
