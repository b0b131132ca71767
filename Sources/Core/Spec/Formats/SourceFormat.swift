/// `format` with its `options`.
public enum SourceFormat: Sendable {
    case csv(CSVOptions)
    case jsonl(JSONLinesOptions)
    case json(JSONOptions)
    case xml(XMLOptions)
    case sql(SQLOptions)
    case fixed(FixedWidthOptions)
    case xlsx(XLSXOptions)
    /// Scanned page images (PNG, TIFF, JPEG) of a paper register, read with OCR; needs `register`.
    case scan

    /// The names `format` accepts, in the order error messages list them.
    public static let names = ["csv", "jsonl", "json", "xml", "sql", "fixed", "xlsx", "scan"]

    public var name: String {
        switch self {
        case .csv: return "csv"
        case .jsonl: return "jsonl"
        case .json: return "json"
        case .xml: return "xml"
        case .sql: return "sql"
        case .fixed: return "fixed"
        case .xlsx: return "xlsx"
        case .scan: return "scan"
        }
    }

    /// Whether the source's files are page images (`scan`), read with OCR.
    public var isImage: Bool {
        if case .scan = self { return true }
        return false
    }

    /// Whether the format is text read through the source's `encoding` (XLSX is not: its XML
    /// parts are UTF-8 by definition, and a workbook is a zip archive read whole, never
    /// expanded into its members).
    public var isText: Bool {
        switch self {
        case .xlsx, .scan: return false
        default: return true
        }
    }
}
