import Core

/// The parts of an XLSX workbook a sheet is read with: the sheet's part, the date system, the
/// cell formats that are dates and the shared strings.
///
/// The package is followed as Office Open XML lays it out: `_rels/.rels` names the workbook part
/// (usually `xl/workbook.xml`), whose relationships name the sheets' parts, the styles and the
/// shared strings (the conventional paths are tried when a relationship is missing).
struct XLSXWorkbook {
    struct Sheet {
        var name: String
        /// The sheet's part, `nil` when its relationship is missing.
        var path: String?
        /// Whether the relationship is a worksheet (not a chart or dialog sheet).
        var isWorksheet: Bool
    }

    let archive: ZipArchive
    let sheets: [Sheet]
    /// The sheet read.
    let sheet: Sheet
    let sheetEntry: ZipArchive.Entry
    /// `workbookPr date1904`: serials count from 1904-01-01.
    let date1904: Bool
    /// The kind of number format of each cell format (`cellXfs`), by the cells' `s`.
    let formats: [XLSXNumberFormat.Kind]
    let sharedStrings: XLSXSharedStrings

    /// Opens the workbook and finds `sheetName` (the first worksheet when `nil`).
    /// - Throws: `ExtractError(.cannotOpen)` when the file is not an XLSX workbook, a part is
    ///   missing or malformed, or the sheet is not there (naming the sheets); the archive's errors.
    init(file: InputFile, sheet sheetName: String?, stats: inout FileStats) throws(ExtractError) {
        if let member = file.member {
            throw ExtractError(.cannotOpen, file: file.name, "an XLSX workbook inside a zip archive ('\(member)') cannot "
                + "be read; expected the .xlsx file itself (extract it from the archive first)")
        }
        guard ZipArchive.isZip(path: file.path) else {
            // Let a file that cannot be opened say so.
            let magic = try FileReader(path: file.path, name: file.name).peek(8)
            if magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
                throw ExtractError(.cannotOpen, file: file.name, "not an XLSX workbook: the file is an OLE compound "
                    + "file, as a password-protected workbook or an old .xls is; expected an unencrypted .xlsx "
                    + "(save it again without a password, as .xlsx)")
            }
            throw ExtractError(.cannotOpen, file: file.name, "not an XLSX workbook: the file is not a zip archive; "
                + "expected an Office Open XML package (a .xlsx file saved by Excel, LibreOffice or another producer)")
        }
        let archive = try ZipArchive(path: file.path, name: file.name)
        self.archive = archive

        // The workbook part.
        var workbookPath = "xl/workbook.xml"
        if let rels = try XLSXPart.read("_rels/.rels", in: archive, stats: &stats) {
            for r in try Self.relationships(rels, source: "") where r.type.hasSuffix("/officeDocument") {
                workbookPath = r.target
                break
            }
        }
        guard let workbook = try XLSXPart.read(workbookPath, in: archive, stats: &stats) else {
            throw ExtractError(.cannotOpen, file: file.name, "the archive has no workbook part '\(workbookPath)'; expected "
                + "an XLSX workbook (a zip archive with xl/workbook.xml)")
        }
        var found: [(name: String, id: String?)] = []
        var date1904 = false
        try workbook.forEachElement { (e) throws(ExtractError) in
            if e.name == "sheet" && e.parent == "sheets", let name = e.attribute("name") {
                found.append((name, e.attribute("id", prefixed: true)))
            } else if e.name == "workbookPr", let value = e.attribute("date1904") {
                date1904 = value == "1" || value == "true"
            }
        }
        self.date1904 = date1904
        let relsPath = XLSXPart.relationshipsPath(of: workbookPath)
        let workbookRels = try XLSXPart.read(relsPath, in: archive, stats: &stats).map {
            (part) throws(ExtractError) in try Self.relationships(part, source: workbookPath)
        } ?? []
        sheets = found.map { sheet in
            let r = workbookRels.first { $0.id == sheet.id }
            return Sheet(name: sheet.name, path: r?.target, isWorksheet: r?.type.hasSuffix("/worksheet") ?? false)
        }

        // The sheet.
        let quotedNames = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
        let chosen: Sheet
        if let sheetName {
            guard let s = sheets.first(where: { $0.name == sheetName }) else {
                throw ExtractError(.cannotOpen, file: file.name, "the workbook has no sheet '\(sheetName)'; expected one of: "
                    + (sheets.isEmpty ? "(no sheets)" : quotedNames))
            }
            chosen = s
        } else {
            guard let s = sheets.first(where: \.isWorksheet) ?? sheets.first else {
                throw ExtractError(.cannotOpen, file: file.name, "the workbook has no sheets; expected at least one worksheet")
            }
            chosen = s
        }
        guard let path = chosen.path else {
            throw ExtractError(.cannotOpen, file: file.name, "sheet '\(chosen.name)' has no part: relationship "
                + "'\(found.first { $0.name == chosen.name }?.id ?? "")' is not in \(relsPath)")
        }
        guard chosen.isWorksheet else {
            throw ExtractError(.cannotOpen, file: file.name, "sheet '\(chosen.name)' is not a worksheet (a chart or dialog "
                + "sheet); expected one of the worksheets: "
                + sheets.filter(\.isWorksheet).map { "'\($0.name)'" }.joined(separator: ", "))
        }
        guard let entry = archive.entry(path) else {
            throw ExtractError(.cannotOpen, file: file.name, "the archive has no part '\(path)' for sheet '\(chosen.name)'; "
                + "expected the worksheet's XML")
        }
        sheet = chosen
        sheetEntry = entry

        // Styles: which cell formats are dates.
        let stylesPath = workbookRels.first { $0.type.hasSuffix("/styles") }?.target ?? "xl/styles.xml"
        var formats: [XLSXNumberFormat.Kind] = []
        if let styles = try XLSXPart.read(stylesPath, in: archive, stats: &stats) {
            var custom: [Int: XLSXNumberFormat.Kind] = [:]
            var xfs: [Int] = []
            try styles.forEachElement { (e) throws(ExtractError) in
                if e.name == "numFmt" && e.parent == "numFmts",
                   let id = e.attribute("numFmtId").flatMap({ Int($0) }), let code = e.attribute("formatCode") {
                    custom[id] = XLSXNumberFormat.kind(code: code)
                } else if e.name == "xf" && e.parent == "cellXfs" {
                    xfs.append(e.attribute("numFmtId").flatMap { Int($0) } ?? 0)
                }
            }
            formats = xfs.map { custom[$0] ?? XLSXNumberFormat.kind(builtIn: $0) }
        }
        self.formats = formats

        // Shared strings, streamed.
        let stringsPath = workbookRels.first { $0.type.hasSuffix("/sharedStrings") }?.target ?? "xl/sharedStrings.xml"
        if let stringsEntry = archive.entry(stringsPath) {
            let source = try archive.open(stringsEntry)
            stats.bytesRead += stringsEntry.compressedSize
            sharedStrings = try XLSXSharedStrings(reading: source, name: archive.memberName(stringsEntry), stats: &stats)
        } else {
            sharedStrings = XLSXSharedStrings()
        }
    }

    private struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    private static func relationships(_ part: XLSXPart, source: String) throws(ExtractError) -> [Relationship] {
        var out: [Relationship] = []
        try part.forEachElement { (e) throws(ExtractError) in
            guard e.name == "Relationship", e.attribute("TargetMode") != "External",
                  let id = e.attribute("Id"), let target = e.attribute("Target") else { return }
            out.append(Relationship(id: id, type: e.attribute("Type") ?? "", target: XLSXPart.resolve(target, from: source)))
        }
        return out
    }

    /// The kind of number format of cell format `style`.
    func format(_ style: Int) -> XLSXNumberFormat.Kind {
        style < formats.count ? formats[style] : .number
    }
}
