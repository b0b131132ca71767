import ArgumentParser
import Cleanse
import Core
import Extract
import Foundation

/// `pipeline preview FILE --source NAME`: the first records of a source as the pipeline maps
/// and cleanses them, with the encoding read; no database is touched.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show a source's first records as the pipeline maps them; no database is touched.",
        discussion: """
            Each record shows where it starts (file, line, byte), then every field: the column it \
            comes from, the value read and, when a rule changed it, the value loaded. A record the \
            pipeline would quarantine shows its reason instead. Values of the fields listed in \
            cleanse.personal are masked unless --unmasked is given.
            Exit status: 0 success, 64 invalid pipeline file or unknown source, 1 unreadable data.
            """)

    @Argument(help: "The pipeline file (YAML).")
    var file: String

    @Option(name: .long, help: "The source to preview (its 'name').")
    var source: String

    @Option(name: .short, help: "How many records to show.")
    var n = 20

    @Flag(name: .long, help: "Show personal data (cleanse.personal fields) unmasked.")
    var unmasked = false

    func validate() throws {
        guard n > 0 else { throw ValidationError("-n must be at least 1") }
    }

    func run() throws {
        let (spec, plan) = try PipelineValidator.loadOrFail(path: file, consequence: "nothing was read")
        var source = try PipelineValidator.source(named: self.source, in: spec, file: file)
        guard let table = spec.table(for: source) else { throw ExitCodes.badPipelineFile }
        source.batchSize = min(source.batchSize, n)
        let personal = Set(spec.cleanse.personal.map(\.field))
        do throws(ExtractError) {
            var extractor = try spec.offlineReader(for: source)
            var cleanser = RecordCleanser(plan: plan, source: source, table: table)
            Console.out("source \(source.name): format \(source.format.name), encoding \(source.encoding.name), "
                        + "\(extractor.files.count) file\(extractor.files.count == 1 ? "" : "s") matching \(source.path)")
            var shown = 0
            var lastFile = ""
            while shown < n, let batch = try extractor.nextBatch() {
                if batch.file != lastFile {
                    lastFile = batch.file
                    let stats = (extractor as? SourceExtractor)?.currentFileStats ?? extractor.fileStats.last { $0.file == batch.file }
                    Console.out("")
                    Console.out("file \(batch.file): \(describe(stats, declared: source.encoding))")
                }
                let clean = cleanser.cleanse(batch)
                var rowIndex = 0
                var entries: [(origin: RowOrigin, text: String)] = []
                for (r, origin) in batch.origins.enumerated() {
                    if rowIndex < clean.origins.count && clean.origins[rowIndex] == origin {
                        entries.append((origin, render(raw: batch, row: r, clean: clean.rows[rowIndex], table: table,
                                                       source: source, personal: personal)))
                        rowIndex += 1
                    } else if let reject = clean.rejects.first(where: { $0.origin == origin }) {
                        entries.append((origin, render(reject, personal: personal)))
                    }
                }
                for reject in batch.rejects {
                    entries.append((reject.origin, render(reject, personal: personal)))
                }
                entries.sort { $0.origin.record < $1.origin.record }
                for entry in entries where shown < n {
                    Console.out("")
                    Console.out("#\(entry.origin.record)  \(batch.file):\(entry.origin.line) (byte \(entry.origin.byteOffset))")
                    Console.out(entry.text)
                    shown += 1
                }
            }
            if shown == 0 { Console.out("(no records)") }
        } catch {
            Console.error("\(error)")
            throw ExitCodes.failure
        }
    }

    private func describe(_ stats: FileStats?, declared: SourceEncoding) -> String {
        guard let stats else { return "" }
        var parts: [String] = []
        if stats.isGzip { parts.append("gzip") }
        switch declared {
        case .auto:
            let confidence = stats.encodingConfidence.map { String(format: "%.2f", $0) } ?? "?"
            parts.append("encoding \(stats.encoding.rawValue) (detected, confidence \(confidence))")
        case .declared:
            parts.append("encoding \(stats.encoding.rawValue) (declared)")
        }
        return parts.joined(separator: ", ")
    }

    private func render(raw batch: Batch, row r: Int, clean: RecordValues, table: TableSpec,
                        source: SourceSpec, personal: Set<String>) -> String {
        let width = table.columns.map(\.name.count).max() ?? 0
        var lines: [String] = []
        for (c, column) in table.columns.enumerated() {
            let from = source.fields.first { $0.field == column.name }?.column
            let rawValue = from.flatMap { batch.columns.firstIndex(of: $0) }.flatMap { batch.rows[r][$0] }
            let hide = personal.contains(column.name) && !unmasked
            let shownRaw = quoted(rawValue, masked: hide)
            var line = "    " + column.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  " + shownRaw
            if clean[c] != rawValue {
                line += "  ->  " + quoted(clean[c], masked: hide)
            }
            if let from, from != column.name { line += "   (from \(from))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private func render(_ reject: Reject, personal: Set<String>) -> String {
        var text = "    QUARANTINED \(reject.reason.rawValue)"
        if let field = reject.field { text += " (\(field))" }
        let hide = reject.field.map { personal.contains($0) } == true && !unmasked
        text += ": " + (hide ? "(detail masked: personal field)" : reject.detail)
        return text
    }

    private func quoted(_ value: String?, masked: Bool) -> String {
        guard let value else { return "null" }
        return "\"" + (masked ? PersonalData.mask(value) : value) + "\""
    }
}
