public import Core

/// Assembles the rows of a register page (a scan read cell by cell, or a clerk's typed file)
/// into entries, validating every field against what is known: syntax, the page's consecutive
/// numbers, the order of issue dates, surnames, possible syllables, the register's own units and
/// closed vocabularies. Whatever it cannot vouch for is `doubtful` and not loaded.
///
/// Rows:
/// - Header rows are skipped up to the body: the first row where at least two of the sequence,
///   entry-number and date cells parse (one if the layout has only one such column). In the body,
///   empty rows, column-number rows ("(1) (2) … (7)", "1 2 3 …") and repeated header rows (cells
///   naming the columns, nothing parsing) are skipped too.
/// - A row whose sequence and entry-number cells are empty and that has text only in name,
///   address or text columns continues the entry above: its cells are appended with one space.
/// - Empty cells of `carryDown` columns take the value above (`corrected(reason: "carry_down")`).
///
/// Scans and confidence: a page is a scan when any cell carries a confidence. A scanned field
/// read below `minimumConfidence` is doubtful (`low_confidence`, the validated value as
/// candidate) unless an independent check confirms its exact value: a sequence or entry number
/// that agrees with the page's run of numbers (a run of three or a strong majority), a vocabulary
/// value (the closed list, with a clear margin to any other value), or an address whose parts are
/// each one of the register's own units or a part (hamlet, street) the same page reads in another
/// entry with enough confidence. Names, dates and free text have no such check (a date that merely
/// equals its neighbour is not confirmed: 16/04 and 18/04 are one misread digit apart). A scanned entry's cell
/// read as empty is doubtful (`missing_reading`), since the register has no blank columns that
/// OCR could tell from unread ones.
///
/// Corrections (`corrected`) are made only when certain: a sequence or entry number from a strong
/// run of the page (scans only; on typed registers a disagreeing number is doubtful), a surname
/// that has exactly one family name with its letters, a unit name close to the register's own and
/// to no other real unit of its district or province, a vocabulary value close to one value and
/// clearly farther from every other. Canonical forms (dates as dd/MM/yyyy, entry numbers as
/// N/YYYY, whitespace collapsed, stray edge characters from ruled lines dropped) are `certain`.
///
/// Reason codes are listed on ``RegisterField``.
public struct RegisterAssembler: Sendable {
    public let columns: [RegisterColumn]
    public let context: RegisterContext
    public let minimumConfidence: Float
    let units: RegisterUnits
    /// Per vocabulary column: its values' keys.
    let vocabularyKeys: [[[Character]]]
    /// Per column: the folded keys of its name and heading, which a header row repeats.
    let headingKeys: [[String]]

    public init(columns: [RegisterColumn], context: RegisterContext, minimumConfidence: Float = 80) {
        self.columns = columns.map { column in
            var c = column
            if case .vocabulary(let values) = c.kind { c.kind = .vocabulary(values.map { RegisterText.collapsed($0) }) }
            return c
        }
        self.context = context
        self.minimumConfidence = minimumConfidence
        let needsUnits = columns.contains { if case .address = $0.kind { return true }; return false }
        units = needsUnits ? RegisterUnits(context) : RegisterUnits(RegisterContext())
        vocabularyKeys = self.columns.map { column in
            if case .vocabulary(let values) = column.kind { return values.map { RegisterText.key($0) } }
            return []
        }
        headingKeys = columns.map { c in
            ([c.name] + (c.heading.map { [$0] } ?? [])).map { String(RegisterText.foldedKey($0)) }.filter { !$0.isEmpty }
        }
    }

    /// A field being validated.
    struct Work {
        var reading: String
        var confidence: Float?
        /// What is validated: the reading without stray edge characters, or the value carried down.
        var source: String = ""
        var value: String?
        var status: RegisterField.Status = .empty
        /// An independent check confirmed the exact value: confidence does not matter.
        var confirmed = false
        var reviewed = false
        var carried = false
        /// Addresses: the parts that are not the register's own units.
        var otherParts: [String]?
        var isEmpty: Bool { source.isEmpty && !reviewed }
    }

    /// Assembles a page's rows into entries.
    /// - Parameters:
    ///   - rows: cells per input row (a page's table rows top to bottom incl. header rows, or a
    ///     typed file's data rows).
    ///   - corrections: a reviewer's values by input row index (the entry's first row) and
    ///     column name; applied as `.reviewed`.
    /// - Returns: the entries, the rows skipped, and the share of doubtful fields.
    /// - Complexity: O(n log n) in the rows, plus O(k²) per cell of k characters.
    public func assemble(_ rows: [[RegisterCell]], corrections: [Int: [String: String]] = [:]) -> RegisterPageResult {
        let width = columns.count
        let table: [[RegisterCell]] = rows.map { row in
            (0..<width).map { c in
                guard c < row.count else { return RegisterCell(text: "") }
                let text = RegisterText.collapsed(row[c].text)
                return RegisterCell(text: text, confidence: text.isEmpty ? nil : row[c].confidence)
            }
        }
        let isScan = rows.contains { $0.contains { $0.confidence != nil } }
        let (groups, skipped) = group(table)

        var works: [[Work]] = groups.map { rowIndices in
            (0..<width).map { c in
                let parts = rowIndices.map { table[$0][c] }.filter { !$0.text.isEmpty }
                let reading = parts.map(\.text).joined(separator: " ")
                let confidence = parts.compactMap(\.confidence).min()
                return Work(reading: reading, confidence: confidence)
            }
        }
        // Stray edge characters, then reviewers' values, then merged cells.
        for e in works.indices {
            for c in 0..<width {
                works[e][c].source = cleaned(works[e][c].reading, columns[c].kind)
                if let given = corrections[groups[e][0]]?[columns[c].name] {
                    let v = RegisterText.collapsed(given)
                    works[e][c].reviewed = true
                    works[e][c].value = v.isEmpty ? nil : canonical(v, columns[c].kind)
                    works[e][c].status = .reviewed
                    works[e][c].confirmed = true
                }
            }
        }
        for (c, column) in columns.enumerated() where column.carryDown {
            for e in works.indices.dropFirst() where works[e][c].isEmpty && !works[e - 1][c].isEmpty {
                works[e][c].source = works[e - 1][c].reviewed ? (works[e - 1][c].value ?? "") : works[e - 1][c].source
                works[e][c].confidence = works[e - 1][c].confidence
                works[e][c].carried = true
            }
        }

        validateNumbers(&works, isScan: isScan)
        for (c, column) in columns.enumerated() {
            switch column.kind {
            case .sequence, .entryNumber: break
            case .date: validateDates(&works, column: c, isScan: isScan)
            case .personName: for e in works.indices { validateName(&works[e][c]) }
            case .address: for e in works.indices { validateAddress(&works[e][c]) }
            case .vocabulary(let values): for e in works.indices { validateVocabulary(&works[e][c], values, vocabularyKeys[c]) }
            case .text:
                for e in works.indices where !works[e][c].reviewed && !works[e][c].source.isEmpty {
                    works[e][c].value = works[e][c].source
                    works[e][c].status = .certain
                }
            }
        }
        checkBirthBeforeIssue(&works)
        if isScan { confirmAddresses(&works) }

        var entries: [RegisterEntry] = []
        entries.reserveCapacity(works.count)
        var nonEmpty = 0, doubtful = 0
        for (e, entry) in works.enumerated() {
            var fields: [RegisterField] = []
            fields.reserveCapacity(width)
            for (c, w) in entry.enumerated() {
                var status = w.status
                var value = w.value
                if w.carried, status == .certain { status = .corrected(reason: "carry_down") }
                if isScan, !w.reviewed, !w.confirmed, let conf = w.confidence, conf < minimumConfidence {
                    switch status {
                    case .certain, .corrected:
                        status = .doubtful(reason: "low_confidence", candidates: value.map { [$0] } ?? [])
                    default: break
                    }
                }
                if isScan, status == .empty, !columns[c].carryDown {
                    status = .doubtful(reason: "missing_reading", candidates: [])
                }
                if case .doubtful = status { value = nil }
                if case .empty = status { value = nil }
                if status != .empty {
                    nonEmpty += 1
                    if case .doubtful = status { doubtful += 1 }
                }
                fields.append(RegisterField(value: value, reading: w.reading, confidence: w.confidence, status: status))
            }
            entries.append(RegisterEntry(fields: fields, rows: groups[e]))
        }
        return RegisterPageResult(entries: entries, skippedRows: skipped,
                                  doubtfulShare: nonEmpty == 0 ? 0 : Double(doubtful) / Double(nonEmpty))
    }

    /// A scanned address read below the minimum confidence is confirmed when every part is either
    /// one of the register's own units (as checked and corrected) or a part (hamlet, street) that
    /// the same page reads, in another entry, with enough confidence and valid: the reading's
    /// doubt is then in the unit name that the context settled, and the rest is the page's own.
    func confirmAddresses(_ works: inout [[Work]]) {
        for c in columns.indices {
            guard case .address = columns[c].kind else { continue }
            var known: [String: Set<Int>] = [:]
            for e in works.indices {
                let w = works[e][c]
                guard w.status.isLoaded, !w.reviewed, let parts = w.otherParts,
                      w.confidence.map({ $0 >= minimumConfidence }) ?? false else { continue }
                for p in parts { known[p, default: []].insert(e) }
            }
            for e in works.indices {
                let w = works[e][c]
                guard w.status.isLoaded, !w.reviewed, let parts = w.otherParts,
                      let conf = w.confidence, conf < minimumConfidence else { continue }
                if parts.allSatisfy({ known[$0].map { !$0.subtracting([e]).isEmpty } ?? false }) {
                    works[e][c].confirmed = true
                }
            }
        }
    }

    // MARK: rows

    /// The input rows of each entry (its own, then continuation lines), and the rows skipped.
    func group(_ table: [[RegisterCell]]) -> (groups: [[Int]], skipped: [Int]) {
        let structured = columns.indices.filter {
            switch columns[$0].kind {
            case .sequence, .entryNumber, .date: return true
            default: return false
            }
        }
        func parsing(_ row: [RegisterCell]) -> Int {
            structured.filter { c in
                let text = cleaned(row[c].text, columns[c].kind)
                switch columns[c].kind {
                case .sequence: return Int(text) != nil
                case .entryNumber: return parseEntryNumber(text) != nil
                default: return RegisterDate.parse(text, registerYear: context.year) != nil
                }
            }.count
        }
        let need = min(2, structured.count)
        var bodyStart = 0
        if need > 0 {
            bodyStart = table.firstIndex { parsing($0) >= need } ?? table.firstIndex { parsing($0) >= 1 } ?? 0
        }
        let numbered = columns.indices.filter {
            switch columns[$0].kind {
            case .sequence, .entryNumber: return true
            default: return false
            }
        }
        var groups: [[Int]] = []
        var skipped: [Int] = Array(0..<min(bodyStart, table.count))
        for r in table.indices where r >= bodyStart {
            let row = table[r]
            if row.allSatisfy({ $0.text.isEmpty }) || isColumnNumberRow(row) || (parsing(row) == 0 && isHeaderRow(row)) {
                skipped.append(r)
                continue
            }
            let continues = !numbered.isEmpty && numbered.allSatisfy { row[$0].text.isEmpty }
                && row.indices.allSatisfy { c in
                    if row[c].text.isEmpty { return true }
                    switch columns[c].kind {
                    case .text, .address, .personName: return true
                    default: return false
                    }
                }
            if continues, !groups.isEmpty {
                groups[groups.count - 1].append(r)
            } else {
                groups.append([r])
            }
        }
        return (groups, skipped)
    }

    /// "(1) (2) … (7)" or "1 2 3 …": at least two cells numbered by their column, all short.
    func isColumnNumberRow(_ row: [RegisterCell]) -> Bool {
        let filled = row.indices.filter { !row[$0].text.isEmpty }
        guard filled.count >= 2, filled.allSatisfy({ row[$0].text.count <= 5 }) else { return false }
        let numbered = filled.filter { c in String(row[c].text.filter { $0.isASCII && $0.isNumber }) == String(c + 1) }
        return numbered.count >= 2 && numbered.count * 2 >= filled.count
    }

    /// At least two cells naming their column ("STT", "Họ và tên người yêu cầu" under "Họ và tên").
    func isHeaderRow(_ row: [RegisterCell]) -> Bool {
        var hits = 0
        for (c, cell) in row.enumerated() where !cell.text.isEmpty {
            guard c < headingKeys.count else { continue }
            let text = String(RegisterText.foldedKey(cell.text))
            if text.count >= 2, headingKeys[c].contains(where: { text.contains($0) || $0.contains(text) }) { hits += 1 }
        }
        return hits >= 2
    }

    // MARK: cleaning

    /// The reading without stray edge characters, for its column's kind.
    func cleaned(_ reading: String, _ kind: RegisterColumnKind) -> String {
        switch kind {
        case .sequence, .entryNumber:
            return RegisterText.strippingEdges(reading) { $0.isASCII && $0.isNumber }
        default:
            return RegisterText.strippingEdges(reading)
        }
    }

    /// A reviewer's value in its column's canonical form when it parses, else as given.
    func canonical(_ value: String, _ kind: RegisterColumnKind) -> String {
        switch kind {
        case .date:
            return RegisterDate.parse(value, registerYear: context.year)?.text ?? value
        case .entryNumber:
            guard let (n, year) = parseEntryNumber(value) else { return value }
            return (year ?? context.year).map { "\(n)/\($0)" } ?? "\(n)"
        case .sequence:
            return Int(value).map { "\($0)" } ?? value
        default:
            return value
        }
    }

    /// "123/2019" -> (123, 2019); "124" -> (124, nil); "125/19" -> (125, 2019) with the
    /// register's century.
    func parseEntryNumber(_ text: String) -> (Int, Int?)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let first = parts.first, (1...6).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(first) else { return nil }
        guard parts.count == 2 else { return (n, nil) }
        let y = parts[1]
        guard y.count == 4 || y.count == 2, y.allSatisfy({ $0.isASCII && $0.isNumber }), var year = Int(y) else { return nil }
        if y.count == 2 {
            let base = context.year ?? 2000
            year += base / 100 * 100
            if year > base { year -= 100 }
        }
        return (n, year)
    }
}
