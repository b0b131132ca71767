import Cleanse
import Core
import Extract
import Foundation
import Load

/// Reads a register source into batches: each scanned page read cell by cell (pages in parallel)
/// or each typed file read through its CSV/XLSX reader, then every entry checked against what a
/// register must be (``RegisterAssembler``), with the reviewers' corrections applied.
///
/// One batch per page or file. A field in doubt is not loaded as a value: it is left empty and
/// goes to ``review``. A page whose grid cannot be found, whose columns do not match the layout,
/// or with more doubtful fields than `manual_keying_share` is one quarantined record (reason
/// `manual_keying`), so that a person keys it in whole.
final class RegisterExtractor: BatchSource {
    let source: SourceSpec
    let register: RegisterSpec
    let files: [InputFile]
    /// The files' SHA-256s, parallel to `files`: a page's identity for corrections and review.
    let hashes: [String]
    private(set) var fileStats: [FileStats] = []
    /// The fields waiting for a reviewer, after ``prepare(corrections:targetTable:dossiers:readings:)``.
    private(set) var review: [RegisterStore.ReviewItem] = []
    private var batches: [Batch] = []
    private var next = 0
    private var dossiers: DossierMatcher?
    /// Pages, entries and doubt, for the report.
    private(set) var counts: RunSummary.RegisterCounts
    private let baseDirectory: String

    /// Finds the source's files and hashes them.
    /// - Throws: ``ExtractError`` when `path` matches no file or a file cannot be read.
    init(source: SourceSpec, register: RegisterSpec, baseDirectory: String) throws(ExtractError) {
        self.source = source
        self.register = register
        self.baseDirectory = baseDirectory
        files = try FileDiscovery.files(matching: source.path, relativeTo: baseDirectory, members: nil)
        var hashes: [String] = []
        for f in files {
            guard let h = FileHasher.sha256(path: f.path) else {
                throw ExtractError(.io, file: f.name, "cannot read the file")
            }
            hashes.append(h)
        }
        self.hashes = hashes
        counts = .init(source: source.name, pages: files.count)
    }

    /// A register read and checked without a database (for `preview`, `scan` and `link`): no
    /// reviewers' corrections, no dossiers to link.
    /// - Throws: ``ExtractError`` when the files cannot be found or read.
    static func offline(source: SourceSpec, register: RegisterSpec, baseDirectory: String) throws(ExtractError) -> RegisterExtractor {
        let reader = try RegisterExtractor(source: source, register: register, baseDirectory: baseDirectory)
        let readings = try readScans([reader], progress: nil)
        try reader.prepare(corrections: [:], targetTable: "", dossiers: nil, readings: readings[0])
        return reader
    }

    /// Reads the scanned pages of `registers` (those with `format: scan`) in parallel, on up to
    /// the largest `threads` they declare (default: the core count).
    /// - Parameter progress: Called after each page with pages done, total and the page's file.
    /// - Returns: Per register, its pages' readings in file order (`nil`: no ruled grid), or `nil`
    ///   for a typed register.
    /// - Throws: ``ExtractError`` for a page that cannot be read as an image.
    static func readScans(_ registers: [RegisterExtractor], progress: (@Sendable (Int, Int, String) -> Void)?)
        throws(ExtractError) -> [[ScannedPageReading]?] {
        // Every page of every file: a multi-page TIFF has several.
        var pages: [(register: Int, file: Int, path: String, page: Int)] = []
        var threads = 0
        for (k, r) in registers.enumerated() {
            guard r.source.format.isImage else { continue }
            for (i, f) in r.files.enumerated() {
                for page in 1...(try ScannedPage.pageCount(path: f.path)) { pages.append((k, i, f.path, page)) }
            }
            threads = max(threads, r.register.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        }
        var out: [[ScannedPageReading]?] = registers.map { r in r.source.format.isImage ? [] : nil }
        guard !pages.isEmpty else { return out }
        let names = Dictionary(registers.flatMap { r in r.files.map { ($0.path, relativeName($0, base: r.baseDirectory)) } },
                               uniquingKeysWith: { a, _ in a })
        let content = registers.map(\.columnContent)
        let results = RegisterPageReader.readAll(pages: pages.map { ($0.path, $0.page, content[$0.register]) }, threads: threads) {
            done, total, path in progress?(done, total, names[path] ?? path)
        }
        for (p, result) in zip(pages, results) {
            switch result {
            case .success(let reading): out[p.register]?.append(ScannedPageReading(file: p.file, page: p.page, reading: reading))
            case .failure(let error): throw error
            }
        }
        return out
    }

    /// What OCR reads in each column: digits for numbers and dates, text for the rest.
    private var columnContent: [CellContent] { register.columns.map { $0.isNumeric ? CellContent.numeric : .text } }

    /// Checks every page or file. Must be called once before ``nextBatch()``.
    /// - Parameters:
    ///   - corrections: The reviewers' corrections by file SHA-256.
    ///   - targetTable: The qualified table the source loads into, for the review queue.
    ///   - dossiers: The dossiers entries may close (`register.dossiers`), when declared.
    ///   - readings: A scanned register's pages as ``readScans(_:progress:)`` read them.
    /// - Throws: ``ExtractError`` for a typed file that cannot be read.
    func prepare(corrections: [String: [RegisterStore.Correction]], targetTable: String, dossiers: DossierMatcher?,
                 readings: [ScannedPageReading]?) throws(ExtractError) {
        self.dossiers = dossiers
        let assembler = RegisterAssembler(columns: register.columns.map(Self.column), context: register.context,
                                          minimumConfidence: Float(register.minConfidence))
        if let readings {
            counts.pages = readings.count
            for r in readings {
                var page = PageInput(file: files[r.file], sha: hashes[r.file], page: r.page, base: baseDirectory)
                page.corrections = corrections[hashes[r.file]]?.filter { $0.page == r.page } ?? []
                add(page: page, reading: r.reading, assembler: assembler, targetTable: targetTable)
            }
        } else {
            try readTyped(assembler: assembler, corrections: corrections, targetTable: targetTable)
        }
    }

    func nextBatch() throws(ExtractError) -> Batch? {
        guard next < batches.count else { return nil }
        defer { next += 1 }
        let batch = batches[next]
        batches[next] = Batch(source: batch.source, file: batch.file, columns: [])
        return batch
    }

    // MARK: scans

    /// One page of a scanned register as read: its file (index into `files`), its page number
    /// from 1, and its reading (`nil`: no ruled grid).
    struct ScannedPageReading {
        var file: Int
        var page: Int
        var reading: PageReading?
    }

    private struct PageInput {
        var file: InputFile
        var sha: String
        var page: Int
        var corrections: [RegisterStore.Correction] = []
        /// The file's path relative to the pipeline file's directory: the same wherever the
        /// pipeline is run from, so it can name the entry in `register.ref`.
        var name: String

        init(file: InputFile, sha: String, page: Int, corrections: [RegisterStore.Correction] = [], base: String) {
            self.file = file
            self.sha = sha
            self.page = page
            self.corrections = corrections
            name = RegisterExtractor.relativeName(file, base: base)
        }
    }

    private func add(page: PageInput, reading: PageReading?, assembler: RegisterAssembler, targetTable: String) {
        var batch = Batch(source: source.name, file: page.file.name, columns: register.allColumns)
        defer {
            batches.append(batch)
            // One entry per file, its pages added up.
            if let last = fileStats.indices.last, fileStats[last].file == page.file.name {
                fileStats[last].records += batch.recordCount
                fileStats[last].rows += batch.rows.count
                fileStats[last].rejects += batch.rejects.count
            } else {
                fileStats.append(FileStats(file: page.file.name, bytesRead: page.file.size, records: batch.recordCount,
                                           rows: batch.rows.count, rejects: batch.rejects.count))
            }
        }
        let width = register.columns.count
        guard let reading else {
            batch.rejects.append(manualKeying(page, "no ruled grid found on page \(page.page); expected a table with ruled rows and columns",
                                              rows: []))
            return
        }
        let texts = reading.cells.map { $0.map(\.text) }
        if let wrong = reading.cells.first(where: { $0.count != width }) {
            batch.rejects.append(manualKeying(
                page, "the ruled grid of page \(page.page) has \(wrong.count) columns; the register's layout has \(width)",
                rows: texts))
            return
        }
        let rows = reading.cells.map { $0.map { RegisterCell(text: $0.text, confidence: $0.confidence) } }
        let result = assembler.assemble(rows, corrections: Self.byRow(page.corrections, offset: 1))
        if result.doubtfulShare > register.manualKeyingShare {
            func percent(_ x: Double) -> String { Number.fixed(x * 100, 1) + "%" }
            batch.rejects.append(manualKeying(
                page, "\(percent(result.doubtfulShare)) of the fields on page \(page.page) are in doubt, more than "
                    + "register.manual_keying_share (\(percent(register.manualKeyingShare)))", rows: texts))
            return
        }
        for (ordinal, entry) in result.entries.enumerated() {
            let row = (entry.rows.first ?? 0) + 1
            let boxes = entry.rows.flatMap { r in reading.cells[r].map(\.box) }
            let cellBoxes = register.columns.indices.map { c in
                entry.rows.first.map { reading.cells[$0][c].box }.map { [$0.x, $0.y, $0.width, $0.height] }
            }
            append(entry, to: &batch, page: page, row: row, box: Self.union(boxes),
                   cellBoxes: cellBoxes, origin: RowOrigin(line: row, byteOffset: 0, record: ordinal + 1),
                   targetTable: targetTable)
        }
    }

    /// Turns an entry into a batch row, its doubtful fields into review items.
    private func append(_ entry: RegisterEntry, to batch: inout Batch, page: PageInput, row: Int, box: [Int]?,
                        cellBoxes: [[Int]?], origin: RowOrigin, targetTable: String) {
        let ref = "\(page.name):\(page.page):\(row)"
        var values = ContiguousArray<String?>()
        values.reserveCapacity(register.allColumns.count)
        var waiting: [String] = []
        var ocr: [(String, String)] = []
        counts.entries += 1
        for (c, column) in register.columns.enumerated() {
            let field = entry.fields[c]
            values.append(field.value)
            if field.status != .empty { counts.fields += 1 }
            var parts: [(String, String?)] = [("reading", field.reading)]
            switch field.status {
            case .certain: parts.append(("status", "certain"))
            case .empty: parts.append(("status", "empty"))
            case .reviewed:
                parts.append(("status", "reviewed"))
                counts.reviewed += 1
            case .corrected(let reason):
                parts.append(("status", "corrected"))
                counts.corrected[reason, default: 0] += 1
                parts.append(("reason", reason))
            case .doubtful(let reason, let candidates):
                parts.append(("status", "doubtful"))
                parts.append(("reason", reason))
                waiting.append(column.name)
                counts.review[reason, default: 0] += 1
                review.append(RegisterStore.ReviewItem(
                    source: source.name, file: page.name, fileSHA256: page.sha, page: page.page, row: row,
                    field: column.name, reading: field.reading, confidence: field.confidence.map(Double.init),
                    box: cellBoxes[c], reason: reason, candidates: candidates, targetTable: targetTable, entryRef: ref))
            }
            var json = JSONText.object(parts)
            // Confidence and box are numbers: spliced in after the strings.
            json.removeLast()
            if let confidence = field.confidence { json += ",\"confidence\":\(Double(Int(confidence * 10)) / 10)" }
            if let b = cellBoxes[c] { json += ",\"box\":[\(b.map(String.init).joined(separator: ","))]" }
            json += "}"
            ocr.append((column.name, json))
        }
        let context = register.context
        values.append(ref)
        values.append(page.name)
        values.append(String(page.page))
        values.append(String(row))
        values.append(box.map { "[" + $0.map(String.init).joined(separator: ",") + "]" })
        values.append("[" + waiting.map { JSONText.string($0) }.joined(separator: ",") + "]")
        values.append("{" + ocr.map { JSONText.string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}")
        values.append(context.province)
        values.append(context.district)
        values.append(context.commune)
        values.append(context.year.map(String.init))
        values.append(context.book)
        let link = dossierLink(entry)
        values.append(link.key)
        values.append(link.why)
        batch.rows.append(values)
        batch.origins.append(origin)
    }

    /// The entry's dossier key and how it was found (JSON), or why none was.
    private func dossierLink(_ entry: RegisterEntry) -> (key: String?, why: String?) {
        guard let dossiers, let spec = register.dossiers else { return (nil, nil) }
        func value(_ column: String) -> String? {
            register.columns.firstIndex { $0.name == column }.flatMap { entry.fields[$0].value }
        }
        guard let name = value(spec.name.entry), let content = value(spec.content.entry), let issued = value(spec.issued.entry) else {
            return (nil, "{\"status\":\"not_compared\",\"reason\":\"name, content or issue date missing or in doubt\"}")
        }
        switch dossiers.match(.init(name: name, birthDate: spec.birthDate.flatMap { value($0.entry) }, content: content,
                                    issued: issued)) {
        case .matched(let key, let why):
            counts.linked += 1
            return (key, "{\"status\":\"matched\"," + why.dropFirst())
        case .ambiguous(let keys):
            counts.ambiguous += 1
            return (nil, "{\"status\":\"ambiguous\",\"candidates\":[" + keys.map { JSONText.string($0) }.joined(separator: ",") + "]}")
        case .none:
            return (nil, "{\"status\":\"none\"}")
        }
    }

    private func manualKeying(_ page: PageInput, _ detail: String, rows: [[String]]) -> Reject {
        counts.manualKeying += 1
        var original = JSONText.object([("file", page.name), ("sha256", page.sha), ("page", String(page.page))])
        original.removeLast()
        let cells: [String] = rows.map { row in "[" + row.map { JSONText.string($0) }.joined(separator: ",") + "]" }
        original += ",\"rows\":[" + cells.joined(separator: ",") + "]}"
        // The page stands where a record number would: the record is the page.
        return Reject(source: source.name, file: page.file.name, origin: RowOrigin(line: 0, byteOffset: 0, record: page.page),
                      reason: .manualKeying, detail: detail, original: original)
    }

    // MARK: typed registers

    /// Reads each typed file whole through its format's reader, then checks its rows.
    private func readTyped(assembler: RegisterAssembler, corrections: [String: [RegisterStore.Correction]],
                           targetTable: String) throws(ExtractError) {
        var reader = try SourceExtractor(source: source, baseDirectory: baseDirectory)
        var byFile: [String: (rows: [[RegisterCell]], origins: [RowOrigin], rejects: [Reject])] = [:]
        while let batch = try reader.nextBatch() {
            let index = register.columns.map { c in batch.columns.firstIndex(of: c.header) }
            var entry = byFile[batch.file] ?? ([], [], [])
            for (r, values) in batch.rows.enumerated() {
                entry.rows.append(index.map { i in RegisterCell(text: i.flatMap { values[$0] } ?? "") })
                entry.origins.append(batch.origins[r])
            }
            entry.rejects += batch.rejects
            byFile[batch.file] = entry
        }
        fileStats = reader.fileStats
        for (i, file) in files.enumerated() {
            let read = byFile[file.name] ?? ([], [], [])
            var batch = Batch(source: source.name, file: file.name, columns: register.allColumns)
            batch.rejects = read.rejects
            let page = PageInput(file: file, sha: hashes[i], page: 1,
                                 corrections: corrections[hashes[i]]?.filter { $0.page == 1 } ?? [], base: baseDirectory)
            // Corrections name the record number; the assembler wants the row's index.
            var byIndex: [Int: [String: String]] = [:]
            for c in page.corrections {
                if let r = read.origins.firstIndex(where: { $0.record == c.row }) { byIndex[r, default: [:]][c.field] = c.value }
            }
            let result = assembler.assemble(read.rows, corrections: byIndex)
            // A typed line that is no entry (a repeated header, a column-number or an empty row)
            // is a record read: it is quarantined, not dropped. A continuation line is part of
            // the entry above it, as a quoted CSV field may run over several lines.
            for r in result.skippedRows {
                let cells = zip(register.columns, read.rows[r]).map { ($0.header, Optional($1.text)) }
                batch.rejects.append(Reject(
                    source: source.name, file: file.name, origin: read.origins[r], reason: .notAnEntry,
                    detail: "record \(read.origins[r].record) is not a register entry (a header, column-number or empty row)",
                    original: JSONText.object(cells)))
            }
            for entry in result.entries {
                let origin = entry.rows.first.map { read.origins[$0] } ?? RowOrigin(line: 0, byteOffset: 0, record: 0)
                append(entry, to: &batch, page: page, row: origin.record, box: nil,
                       cellBoxes: Array(repeating: nil, count: register.columns.count), origin: origin, targetTable: targetTable)
            }
            batches.append(batch)
        }
    }

    // MARK: helpers

    /// `file`'s path relative to `base` (the pipeline file's directory) when it lies under it.
    static func relativeName(_ file: InputFile, base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return !base.isEmpty && base != "." && file.name.hasPrefix(prefix) ? String(file.name.dropFirst(prefix.count)) : file.name
    }

    /// Corrections by the assembler's row index (`row - offset`) and field.
    private static func byRow(_ corrections: [RegisterStore.Correction], offset: Int) -> [Int: [String: String]] {
        var out: [Int: [String: String]] = [:]
        for c in corrections { out[c.row - offset, default: [:]][c.field] = c.value }
        return out
    }

    /// The smallest box holding `boxes`, as x, y, width, height.
    private static func union(_ boxes: [TesseractEngine.PixelBox]) -> [Int]? {
        guard let first = boxes.first else { return nil }
        var x0 = first.x, y0 = first.y, x1 = first.x + first.width, y1 = first.y + first.height
        for b in boxes.dropFirst() {
            x0 = min(x0, b.x)
            y0 = min(y0, b.y)
            x1 = max(x1, b.x + b.width)
            y1 = max(y1, b.y + b.height)
        }
        return [x0, y0, x1 - x0, y1 - y0]
    }

    private static func column(_ spec: RegisterColumnSpec) -> RegisterColumn {
        let kind: RegisterColumnKind
        switch spec.kind {
        case .sequence: kind = .sequence
        case .entryNumber: kind = .entryNumber
        case .personName: kind = .personName
        case .date: kind = .date
        case .address: kind = .address
        case .text: kind = .text
        case .vocabulary: kind = .vocabulary(spec.values)
        }
        return RegisterColumn(name: spec.name, kind: kind, carryDown: spec.carryDown, nonDecreasing: spec.nonDecreasing,
                              heading: spec.header == spec.name ? nil : spec.header)
    }
}
