/// Small charts drawn as inline SVG for the HTML report: no script, no font, no network.
enum SVGChart {
    /// One bar of a chart.
    struct Bar {
        var label: String
        var value: Int
        /// A CSS colour.
        var color: String
    }

    static let loaded = "#2f7d4f"
    static let merged = "#3a6ea5"
    static let quarantined = "#c0392b"
    static let flagged = "#d68910"
    static let neutral = "#5d6d7e"

    /// Horizontal bars, one per row, each labelled with its name and value.
    /// - Complexity: O(bars).
    static func bars(_ bars: [Bar], width: Int = 640, title: String) -> String {
        guard !bars.isEmpty else { return "" }
        let row = 22, labelWidth = 220, valueWidth = 90
        let plot = width - labelWidth - valueWidth
        let top = max(1, bars.map(\.value).max() ?? 1)
        var svg = header(width: width, height: bars.count * row + 4, title: title)
        for (i, bar) in bars.enumerated() {
            let y = i * row + 2
            let w = bar.value == 0 ? 0 : max(1, Int((Double(bar.value) / Double(top) * Double(plot)).rounded()))
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(HTML.escape(bar.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(row - 6)\" fill=\"\(bar.color)\"/>"
            svg += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 15)\">\(Number.grouped(bar.value))</text>"
        }
        return svg + "</svg>"
    }

    /// One bar split into parts (for example loaded, merged and quarantined of a source).
    static func stacked(_ parts: [Bar], width: Int = 640, title: String) -> String {
        let total = parts.reduce(0) { $0 + $1.value }
        var svg = header(width: width, height: 26, title: title)
        guard total > 0 else { return svg + "</svg>" }
        var x = 0.0
        for part in parts where part.value > 0 {
            let w = Double(part.value) / Double(total) * Double(width)
            svg += "<rect x=\"\(Number.fixed(x, 1))\" y=\"2\" width=\"\(Number.fixed(max(w, 1), 1))\" height=\"22\" fill=\"\(part.color)\">"
                + "<title>\(HTML.escape(part.label)): \(Number.grouped(part.value))</title></rect>"
            x += w
        }
        return svg + "</svg>"
    }

    /// A small line chart of one figure over runs, with its first and last values.
    static func sparkline(_ values: [Double], labels: [String], width: Int = 300, height: Int = 60, color: String,
                          title: String) -> String {
        var svg = header(width: width, height: height, title: title)
        guard !values.isEmpty else { return svg + "</svg>" }
        let lo = values.min()!, hi = values.max()!
        let span = hi - lo == 0 ? 1 : hi - lo
        let pad = 6.0
        func point(_ i: Int) -> (Double, Double) {
            let x = values.count == 1 ? Double(width) / 2 : pad + Double(i) / Double(values.count - 1) * (Double(width) - 2 * pad)
            let y = Double(height) - pad - (values[i] - lo) / span * (Double(height) - 2 * pad)
            return (x, y)
        }
        let points = values.indices.map { i -> String in
            let (x, y) = point(i)
            return "\(Number.fixed(x, 1)),\(Number.fixed(y, 1))"
        }
        svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        for i in values.indices {
            let (x, y) = point(i)
            svg += "<circle cx=\"\(Number.fixed(x, 1))\" cy=\"\(Number.fixed(y, 1))\" r=\"3\" fill=\"\(color)\">"
                + "<title>\(HTML.escape(labels[i]))</title></circle>"
        }
        return svg + "</svg>"
    }

    private static func header(width: Int, height: Int, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
    }
}
