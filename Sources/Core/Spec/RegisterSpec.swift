/// `register` on a source: the source is a paper result register, clerk-typed (`format: csv` or
/// `xlsx`) or scanned (`format: scan`, page images), with a declared column layout and the
/// register's context. See README.md, "Paper result registers".
///
/// A register source gives, besides its layout's columns, the columns `register.ref` (a stable
/// key: file, page and row), `register.file`, `register.page`, `register.row`, `register.box`
/// (the entry's pixel box on the deskewed page, scans only), `register.review` (the fields
/// waiting for a reviewer), `register.ocr` (per field: reading, confidence, box and status, as
/// JSON) and the context's `register.province`, `register.district`, `register.commune`,
/// `register.year` and `register.book`; `fields` maps pipeline fields onto any of them.
public struct RegisterSpec: Sendable {
    /// `columns` (list, required): the register's columns, left to right.
    public var columns: [RegisterColumnSpec]
    /// `context` (mapping, optional): where and when the register was kept.
    public var context: Context
    /// `min_confidence` (number 0-100, default 80): an OCR reading below this goes to review
    /// unless an independent check confirms it.
    public var minConfidence: Double
    /// `manual_keying_share` (number 0-1, default 0.3): a page with a larger share of fields
    /// waiting for review is sent whole to manual keying instead of loaded field by field.
    public var manualKeyingShare: Double
    /// `threads` (int, default: the core count): scanned pages read at once.
    public var threads: Int?
    /// `dossiers` (mapping, optional): the dossiers an entry may close, to link it to.
    public var dossiers: DossierLink?
    public var location: SourceLocation

    public struct Context: Sendable, Hashable {
        /// `province`, `district`, `commune` (strings, as the register writes them: `xã Cát Trinh`).
        public var province: String?
        public var district: String?
        public var commune: String?
        /// `year` (int): the register's year; entry numbers `N/YYYY` are checked against it.
        public var year: Int?
        /// `book` (string): the register's book number or name.
        public var book: String?

        public init(province: String? = nil, district: String? = nil, commune: String? = nil, year: Int? = nil,
                    book: String? = nil) {
            self.province = province
            self.district = district
            self.commune = commune
            self.year = year
            self.book = book
        }
    }

    public init(columns: [RegisterColumnSpec], context: Context = .init(), minConfidence: Double = 80,
                manualKeyingShare: Double = 0.3, threads: Int? = nil, location: SourceLocation) {
        self.columns = columns
        self.context = context
        self.minConfidence = minConfidence
        self.manualKeyingShare = manualKeyingShare
        self.threads = threads
        self.location = location
    }

    /// The extra columns every register source gives, beside its layout's.
    public static let provenanceColumns = [
        "register.ref", "register.file", "register.page", "register.row", "register.box", "register.review", "register.ocr",
        "register.province", "register.district", "register.commune", "register.year", "register.book",
        "register.dossier", "register.dossier_match",
    ]

    /// Every column a register source gives: the layout's, then ``provenanceColumns``.
    public var allColumns: [String] { columns.map(\.name) + Self.provenanceColumns }
}

/// `register.dossiers`: how an entry is matched to the dossier whose result it records: the
/// same person (folded name, and birth date where both have one), the same procedure, and an
/// issue date on or after the dossier's receipt. The dossier's key becomes the entry's
/// `register.dossier`; an entry no dossier matches for certain is loaded as a result on its own.
public struct DossierLink: Sendable {
    /// `table` (string, required): `schema.table` of the dossiers (loaded by this pipeline
    /// before the register's table, or by an earlier run).
    public var schema: String
    public var table: String
    /// `key` (string, required): the dossiers' key column.
    public var key: String
    /// `name`, `birth_date`, `content`, `issued` (each `{ entry: column, dossier: column }`):
    /// the register column and the dossier column compared; `birth_date` is optional.
    public var name: Pair
    public var birthDate: Pair?
    public var content: Pair
    public var issued: Pair
    public var location: SourceLocation

    /// A register column and the dossier column it is compared with.
    public struct Pair: Sendable, Hashable {
        public var entry: String
        public var dossier: String

        public init(entry: String, dossier: String) {
            self.entry = entry
            self.dossier = dossier
        }
    }

    public init(schema: String, table: String, key: String, name: Pair, birthDate: Pair?, content: Pair, issued: Pair,
                location: SourceLocation) {
        self.schema = schema
        self.table = table
        self.key = key
        self.name = name
        self.birthDate = birthDate
        self.content = content
        self.issued = issued
        self.location = location
    }
}

/// One entry of `register.columns`.
public struct RegisterColumnSpec: Sendable {
    /// What a column holds; it decides how its readings are checked.
    public enum Kind: String, Sendable, CaseIterable {
        /// `sequence`: the row number (STT), consecutive down the page.
        case sequence
        /// `entry_number`: `N/YYYY` (or `N` with the context's year), N consecutive.
        case entryNumber = "entry_number"
        /// `person_name`: a full name; the family name is checked against the list of surnames.
        case personName = "person_name"
        /// `date`: a date in any written form, given as `dd/MM/yyyy`.
        case date
        /// `address`: its commune, district and province parts are checked against the context.
        case address
        /// `text`: free text.
        case text
        /// `vocabulary`: one of `values`; close readings are snapped to it.
        case vocabulary
    }

    /// `name` (string, required): the column's name, used in `fields`.
    public var name: String
    /// `type` (required): one of ``Kind``.
    public var kind: Kind
    /// `values` (list of strings): the closed list of a `vocabulary` column.
    public var values: [String]
    /// `header` (string, default: `name`): typed registers: the file's column it is read from.
    public var header: String
    /// `carry_down` (bool, default false): typed registers: an empty cell (a merged cell) takes
    /// the value above it.
    public var carryDown: Bool
    /// `non_decreasing` (bool, default false): dates that never go back down the page (issue dates).
    public var nonDecreasing: Bool
    public var location: SourceLocation

    public init(name: String, kind: Kind, values: [String] = [], header: String? = nil, carryDown: Bool = false,
                nonDecreasing: Bool = false, location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.values = values
        self.header = header ?? name
        self.carryDown = carryDown
        self.nonDecreasing = nonDecreasing
        self.location = location
    }

    /// Whether OCR should read the column as digits and '/' only.
    public var isNumeric: Bool { kind == .sequence || kind == .entryNumber || kind == .date }
}
