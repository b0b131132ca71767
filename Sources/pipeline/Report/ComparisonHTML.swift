/// Renders a ``ReportComparison`` as one self-contained HTML page (same rules as ``ReportHTML``).
struct ComparisonHTML {
    let comparison: ReportComparison

    func render() -> String {
        let c = comparison
        var page = Page()
        page.raw("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">")
        page.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
        page.raw("<title>")
        page.text("Run \(c.runA) vs run \(c.runB)")
        page.raw("</title><style>\(ReportHTML.css)</style></head><body><header><h1>")
        page.text("Run \(c.runA) (\(c.pipelineA)) compared with run \(c.runB) (\(c.pipelineB))")
        page.raw("</h1></header><section id=\"inputs\"><h2>Inputs</h2><ul>")
        page.raw("<li>")
        page.text(c.pipelineChanged ? "The pipeline file changed." : "The same pipeline file.")
        page.raw("</li>")
        for change in c.inputChanges {
            page.raw("<li>")
            page.text("Input \(change)")
            page.raw("</li>")
        }
        if c.inputChanges.isEmpty { page.raw("<li>The same input files.</li>") }
        page.raw("</ul></section>\n")
        page.section("figures", "Figures that differ")
        page.table(["section", "figure", "run \(c.runA)", "run \(c.runB)", "change"], numeric: [2, 3, 4]) { rows in
            for r in c.changed {
                rows.append([.text(r.section), .text(r.figure), .text(ReportComparison.show(r.a)), .text(ReportComparison.show(r.b)),
                             .text(r.delta.map { ($0 >= 0 ? "+" : "") + ReportComparison.show($0) } ?? "-")])
            }
        }
        page.raw("</section>\n<footer>")
        page.text("report schema \(c.schema)")
        page.raw("</footer></body></html>\n")
        return page.html
    }
}
