/// A decoded pipeline file. See README.md, "The pipeline file", for every key.
public struct PipelineSpec: Sendable {
    /// The pipeline file's path as given on the command line.
    public var file: String
    /// The directory relative paths in the file are resolved against: the file's own.
    public var directory: String
    /// `version` (int, required): the pipeline-file format version; only 1 exists.
    public var version: Int
    /// `name` (string, required): the pipeline's name; the run ledger groups runs by it.
    public var name: String
    /// `description` (string, optional).
    public var description: String?
    /// `sources` (list, at least one).
    public var sources: [SourceSpec]
    /// `cleanse` (mapping, optional).
    public var cleanse: CleanseSpec
    /// `load` (mapping, required).
    public var load: LoadSpec
    /// `report` (mapping, optional).
    public var report: ReportSpec
    /// `budget` (optional): the most the whole run may quarantine before it fails.
    public var budget: BudgetSpec?
    /// `dedupe` (mapping entity -> linkage, optional): probabilistic record linkage.
    public var dedupe: [LinkageSpec] = []
    /// A hex SHA-256 of the file's bytes, recorded in the run ledger.
    public var sha256: String

    /// Every pipeline field some source maps, in first-seen order.
    public var fields: [String] {
        var seen: [String] = []
        for source in sources {
            for mapping in source.fields where !seen.contains(mapping.field) {
                seen.append(mapping.field)
            }
        }
        return seen
    }

    /// The table `source` loads into.
    public func table(for source: SourceSpec) -> TableSpec? {
        load.tables.first { $0.name == source.target }
    }
}

/// One entry of `sources`.
public struct SourceSpec: Sendable {
    /// `name` (string, required, unique): names the source in lineage, quarantine and reports.
    public var name: String
    /// `path` (string, required): a file or a glob (`*`, `?`, `[...]`), relative to the pipeline
    /// file's directory. Gzip files are recognised by their magic bytes, whatever their name.
    public var path: String
    public var pathLocation: SourceLocation
    /// `format` (`csv` | `jsonl` | `json` | `xml` | `sql` | `fixed` | `xlsx`, required) and
    /// `options` (mapping, per format).
    public var format: SourceFormat
    /// `encoding` (string, default `utf-8`): a ``TextEncoding`` name or alias, or `auto`.
    public var encoding: SourceEncoding
    /// `members` (glob, default `*`): inside a zip archive that `path` matched, which members
    /// are read (matched against the member's path in the archive).
    public var members: String
    /// `key` (string, optional): the column or JSON path that identifies a record in the source
    /// system; stored in lineage and quarantine.
    public var key: String?
    /// `fields` (mapping pipeline field -> column or JSON path, required).
    public var fields: [FieldMapping]
    /// `target` (string): the `load.tables` entry the source loads into; may be left out when
    /// there is one table.
    public var target: String
    /// `on_error` (`quarantine` | `stop`, default `quarantine`): what a record the reader cannot
    /// parse does: go to quarantine, or fail the run before anything is loaded.
    public var onError: OnError
    /// `budget` (optional): the most this source may quarantine before the run fails.
    public var budget: BudgetSpec?
    /// `batch_size` (int, default 4096): records per batch.
    public var batchSize: Int
    /// `register` (mapping, optional; required for `format: scan`): the source is a paper
    /// result register with this layout and context.
    public var register: RegisterSpec?
    public var location: SourceLocation

    public init(
        name: String, path: String, pathLocation: SourceLocation, format: SourceFormat, encoding: SourceEncoding = .declared(.utf8),
        members: String = "*",
        key: String?, fields: [FieldMapping], target: String, onError: OnError = .quarantine, batchSize: Int = 4096,
        location: SourceLocation
    ) {
        self.name = name
        self.path = path
        self.pathLocation = pathLocation
        self.format = format
        self.encoding = encoding
        self.members = members
        self.key = key
        self.fields = fields
        self.target = target
        self.onError = onError
        self.batchSize = batchSize
        self.location = location
    }

    /// The columns or paths the reader must deliver: the mapped ones, then the key (a register:
    /// its layout's columns).
    public var neededColumns: [String] {
        if let register { return register.columns.map(\.header) }
        var out: [String] = []
        for m in fields where !out.contains(m.column) { out.append(m.column) }
        if let key, !out.contains(key) { out.append(key) }
        return out
    }
}

/// `field: column` in a source's `fields`.
public struct FieldMapping: Sendable {
    public var field: String
    public var column: String
    public var location: SourceLocation

    public init(field: String, column: String, location: SourceLocation) {
        self.field = field
        self.column = column
        self.location = location
    }
}

public enum OnError: String, Sendable {
    case quarantine
    case stop
}

/// `cleanse`.
public struct CleanseSpec: Sendable {
    /// `default` (rule list, default `[nfc, trim]`): the rules of every field not listed in
    /// `fields`.
    public var defaultRules: [RuleSpec]
    /// `fields` (mapping field -> rule list): a field's own rules, replacing `default`.
    public var fields: [FieldRules]
    /// `required` (list of fields): a record missing one (null or empty after the rules) goes
    /// to quarantine as `missing_required`.
    public var required: [(field: String, location: SourceLocation)]
    /// `personal` (list of fields): fields holding personal data (names, citizen IDs, phones,
    /// addresses); their values are masked in everything the pipeline prints or reports unless
    /// a command's `--unmasked` flag asks otherwise.
    public var personal: [(field: String, location: SourceLocation)]
    /// `ids` (list): citizen identity numbers checked against birth date and gender, CMND
    /// routed to a field of its own. Run after the field rules.
    public var ids: [IDStep] = []
    /// `units` (list): old addresses mapped onto the 2025 administrative units.
    public var units: [UnitStep] = []
    /// `derive` (mapping field -> { from, rules }): fields computed from others.
    public var derive: [DerivedField] = []
    /// `checks` (list): conditions between fields, checked last.
    public var checks: [CheckSpec] = []

    public init(defaultRules: [RuleSpec], fields: [FieldRules], required: [(field: String, location: SourceLocation)],
                personal: [(field: String, location: SourceLocation)] = []) {
        self.defaultRules = defaultRules
        self.fields = fields
        self.required = required
        self.personal = personal
    }

    /// The fields the record-level steps write (`cmnd_into`, the units' `into`, `derive`).
    public var producedFields: [String] {
        var out: [String] = []
        for s in ids { if let f = s.cmndInto, !out.contains(f) { out.append(f) } }
        for u in units { for (_, f) in u.into where !out.contains(f) { out.append(f) } }
        for d in derive where !out.contains(d.field) { out.append(d.field) }
        return out
    }

    /// The rules that apply to `field`.
    public func rules(for field: String) -> [RuleSpec] {
        fields.first { $0.field == field }?.rules ?? defaultRules
    }
}

/// One entry of `cleanse.fields`.
public struct FieldRules: Sendable {
    public var field: String
    public var rules: [RuleSpec]
    public var location: SourceLocation
}

/// A rule in a rule list: `name`, or `{ name: options }`.
public struct RuleSpec: Sendable {
    public var name: String
    public var options: SpecNode?
    public var location: SourceLocation

    public init(name: String, options: SpecNode? = nil, location: SourceLocation) {
        self.name = name
        self.options = options
        self.location = location
    }
}

/// `load`.
public struct LoadSpec: Sendable {
    /// `database` (string, optional): a libpq URL or `key=value` string; `${VAR}` allowed.
    /// Left out: `--database`, then the `PG*` variables, then the embedded cluster.
    public var database: String?
    /// `schema` (string, default `public`): the target schema; `etl` is reserved.
    public var schema: String
    /// `tables` (mapping name -> table, at least one).
    public var tables: [TableSpec]
}

/// One entry of `load.tables`.
public struct TableSpec: Sendable {
    public var name: String
    public var location: SourceLocation
    /// `key` (field or list of fields, required): the primary key; records with the same key
    /// are one row.
    public var key: [String]
    /// `columns` (mapping field -> type, required).
    public var columns: [ColumnSpec]

    public init(name: String, location: SourceLocation, key: [String], columns: [ColumnSpec]) {
        self.name = name
        self.location = location
        self.key = key
        self.columns = columns
    }

    public func column(_ name: String) -> ColumnSpec? { columns.first { $0.name == name } }
}

/// `field: type` in a table's `columns`.
public struct ColumnSpec: Sendable {
    public var name: String
    public var type: ColumnType
    public var location: SourceLocation

    public init(name: String, type: ColumnType, location: SourceLocation) {
        self.name = name
        self.type = type
        self.location = location
    }
}

/// The column types a table may declare.
public enum ColumnType: String, Sendable, CaseIterable {
    case text, integer, bigint, numeric, boolean, date, timestamptz, timestamp, jsonb
}

/// `report`.
public struct ReportSpec: Sendable {
    /// `dir` (string, default `reports`): where run reports are written, relative to the
    /// working directory.
    public var dir: String
}
