internal import Core

/// Where the register import keeps its doubt, in the run's transaction: the fields waiting for a
/// reviewer (`etl.register_review`, the queue as of the last run that read their page) and the
/// reviewers' corrections (`etl.register_corrections`, written by people and applied on every
/// later run of the same pages).
///
/// A page is named by its file's SHA-256 and its page number, so a correction follows the page
/// whatever the file is called; `row` is the table row on the page, 1-based from the top rule
/// (header rows counted), or the record number in a typed register's file.
public struct RegisterStore {
    /// A field waiting for a reviewer.
    public struct ReviewItem: Sendable, Hashable {
        public var source: String
        public var file: String
        public var fileSHA256: String
        public var page: Int
        public var row: Int
        public var field: String
        /// What was read: OCR's best reading, or the typed text.
        public var reading: String
        /// OCR confidence, 0 to 100; `nil` for typed registers.
        public var confidence: Double?
        /// The cell's box on the deskewed page: x, y, width, height; `nil` for typed registers.
        public var box: [Int]?
        /// Why it waits: `low_confidence`, `invalid_date`, `sequence_mismatch`...
        public var reason: String
        /// What the value may be instead, best first.
        public var candidates: [String]
        /// The target table (qualified), and the entry's `register.ref` (file, page and row).
        public var targetTable: String
        public var entryRef: String

        public init(source: String, file: String, fileSHA256: String, page: Int, row: Int, field: String, reading: String,
                    confidence: Double?, box: [Int]?, reason: String, candidates: [String], targetTable: String,
                    entryRef: String) {
            self.source = source
            self.file = file
            self.fileSHA256 = fileSHA256
            self.page = page
            self.row = row
            self.field = field
            self.reading = reading
            self.confidence = confidence
            self.box = box
            self.reason = reason
            self.candidates = candidates
            self.targetTable = targetTable
            self.entryRef = entryRef
        }
    }

    /// A reviewer's value for one field of one row of one page.
    public struct Correction: Sendable, Hashable {
        public var page: Int
        public var row: Int
        public var field: String
        public var value: String
    }

    static let ddl = """
        CREATE TABLE IF NOT EXISTS etl.register_review (
            run_id bigint NOT NULL,
            source text NOT NULL,
            file text NOT NULL,
            file_sha256 text NOT NULL,
            page integer NOT NULL,
            "row" integer NOT NULL,
            field text NOT NULL,
            reading text NOT NULL,
            confidence real,
            box integer[],
            reason text NOT NULL,
            candidates jsonb NOT NULL,
            target_table text NOT NULL,
            entry_ref text NOT NULL,
            PRIMARY KEY (file_sha256, page, "row", field)
        );
        CREATE TABLE IF NOT EXISTS etl.register_corrections (
            file_sha256 text NOT NULL,
            page integer NOT NULL,
            "row" integer NOT NULL,
            field text NOT NULL,
            value text NOT NULL,
            corrected_by text,
            corrected_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (file_sha256, page, "row", field)
        );
        """

    private let connection: PGConnection

    public init(connection: PGConnection) { self.connection = connection }

    /// The reviewers' corrections for the files with these SHA-256s: file hash -> corrections.
    public func corrections(files: [String]) throws(LoadError) -> [String: [Correction]] {
        guard !files.isEmpty else { return [:] }
        let list = "{" + files.joined(separator: ",") + "}"
        let rows = try connection.execute(
            "SELECT file_sha256, page, \"row\", field, value FROM etl.register_corrections WHERE file_sha256 = ANY($1::text[]) "
                + "ORDER BY file_sha256, page, \"row\", field", [list]).rows
        var out: [String: [Correction]] = [:]
        for row in rows {
            guard let sha = row[0], let page = row[1].flatMap({ Int($0) }), let r = row[2].flatMap({ Int($0) }),
                  let field = row[3], let value = row[4] else { continue }
            out[sha, default: []].append(Correction(page: page, row: r, field: field, value: value))
        }
        return out
    }

    /// Whether `schema.table` exists.
    public func tableExists(schema: String, table: String) throws(LoadError) -> Bool {
        let name = SQL.identifier(schema) + "." + SQL.identifier(table)
        return try connection.execute("SELECT to_regclass($1) IS NOT NULL", [name]).rows.first?[0] == "t"
    }

    /// Replaces the review queue of the files with these SHA-256s by `items`.
    public func replaceReview(files: [String], runId: Int64, items: [ReviewItem]) throws {
        guard !files.isEmpty else { return }
        try connection.execute("DELETE FROM etl.register_review WHERE file_sha256 = ANY($1::text[])",
                               ["{" + files.joined(separator: ",") + "}"])
        guard !items.isEmpty else { return }
        let columns = "run_id, source, file, file_sha256, page, \"row\", field, reading, confidence, box, reason, candidates, "
            + "target_table, entry_ref"
        // Text COPY: the array and JSON columns are given in their text forms.
        _ = try connection.copy("COPY etl.register_review (\(columns)) FROM STDIN") { stream in
            for item in items {
                var fields: [String?] = [
                    String(runId), item.source, item.file, item.fileSHA256, String(item.page), String(item.row), item.field,
                    item.reading, item.confidence.map { String(Float($0)) },
                    item.box.map { "{" + $0.map(String.init).joined(separator: ",") + "}" }, item.reason,
                    "[" + item.candidates.map { JSONText.string($0) }.joined(separator: ",") + "]", item.targetTable, item.entryRef,
                ]
                try stream.write { out in
                    for i in fields.indices {
                        if i > 0 { out.append(0x09) }
                        Self.appendCopyText(fields[i], &out)
                    }
                    out.append(0x0A)
                }
                fields.removeAll()
            }
        }
    }

    /// A value in COPY's text format: `\N` for null, backslash, tab and line breaks escaped.
    private static func appendCopyText(_ value: String?, _ out: inout [UInt8]) {
        guard let value else {
            out.append(contentsOf: [0x5C, 0x4E])
            return
        }
        for b in value.utf8 {
            switch b {
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            default: out.append(b)
            }
        }
    }
}
