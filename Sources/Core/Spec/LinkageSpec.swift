/// One entry of `dedupe`: probabilistic record linkage of one kind of entity (people, say) among
/// the cleansed records of a table. See README.md, "De-duplication and record linkage".
public struct LinkageSpec: Sendable {
    /// The entry's key (`people`): names the entity in reports and outputs.
    public var name: String
    /// `table` (string, default: the only table): the target table whose records are linked.
    public var table: String
    /// `blocking` (list of lists of key parts, required): a pair of records is compared when
    /// every part of one rule agrees; each rule adds the pairs no earlier rule gave.
    public var blocking: [[BlockingPart]]
    /// `comparisons` (list, required): how each field compares, level by level.
    public var comparisons: [ComparisonSpec]
    /// `match_probability` (number in (0, 1), default 0.95): pairs at or above it are the same entity.
    public var matchProbability: Double
    /// `review_probability` (number in (0, 1), default 0.5, at most `match_probability`): pairs
    /// from it up to the match probability go to review.
    public var reviewProbability: Double
    /// `golden` (optional): the golden record of each entity and how each field's value is chosen.
    public var golden: GoldenSpec?
    /// `max_block_size` (int, default 5000): blocks with more records are not expanded into
    /// pairs (and are counted as skipped), so one common key cannot make the run quadratic.
    public var maxBlockSize: Int
    /// `relink` (`always` | `when_needed`, default `when_needed`): `always` links every record
    /// again and estimates the model anew on every run; `when_needed` does so only when there is
    /// no stored model, the linkage settings changed (``modelFingerprint``), or more than
    /// `relink_share` of the records are new, changed or gone since the model was estimated,
    /// and otherwise links only the new and changed records with the stored model.
    public var relink: Relink = .whenNeeded
    /// `relink_share` (number in (0, 1), default 0.1): see `relink`.
    public var relinkShare: Double = 0.1
    public var location: SourceLocation

    /// When a run links every record again.
    public enum Relink: String, Sendable, Hashable {
        case always
        case whenNeeded = "when_needed"
    }

    public init(name: String, table: String, blocking: [[BlockingPart]], comparisons: [ComparisonSpec],
                matchProbability: Double = 0.95, reviewProbability: Double = 0.5, maxBlockSize: Int = 5000,
                location: SourceLocation) {
        self.name = name
        self.table = table
        self.blocking = blocking
        self.comparisons = comparisons
        self.matchProbability = matchProbability
        self.reviewProbability = reviewProbability
        self.maxBlockSize = maxBlockSize
        self.location = location
    }
}

extension LinkageSpec {
    /// The settings a stored model and its pairs depend on, as one line: blocking rules,
    /// comparisons, both probabilities and `max_block_size`. A run whose fingerprint differs
    /// from the stored model's links everything again.
    public var modelFingerprint: String {
        func part(_ p: BlockingPart) -> String {
            switch p.transform {
            case .value: return p.field
            case .folded: return "folded(\(p.field))"
            case .first(let n): return "first(\(p.field), \(n))"
            case .last(let n): return "last(\(p.field), \(n))"
            case .year: return "year(\(p.field))"
            case .digits: return "digits(\(p.field))"
            }
        }
        func level(_ l: ComparisonSpec.Level) -> String {
            switch l {
            case .exact: return "exact"
            case .folded: return "folded"
            case .jaroWinkler(let t): return "jaro_winkler \(t)"
            case .levenshtein(let n): return "levenshtein \(n)"
            case .datePartial: return "date_partial"
            case .sameYear: return "same_year"
            case .lastDigits(let n): return "last_digits \(n)"
            case .firstLastWords: return "first_last_words"
            case .yearsApart(let n): return "years_apart \(n)"
            }
        }
        let blocks = blocking.map { "[" + $0.map(part).joined(separator: ", ") + "]" }.joined(separator: " ")
        let compared = comparisons.map { c in
            "\(c.field)\(c.citizenID ? " citizen_id" : "")\(c.termFrequencies ? " term_frequencies" : ""): "
                + c.levels.map(level).joined(separator: ", ")
        }.joined(separator: "; ")
        return "v1 blocking \(blocks) | comparisons \(compared) | match \(matchProbability) review \(reviewProbability) "
            + "max_block \(maxBlockSize)"
    }
}

/// One part of a blocking rule: a field, as it is or transformed.
public struct BlockingPart: Sendable, Hashable {
    public enum Transform: Sendable, Hashable {
        /// The value as stored.
        case value
        /// Folded: no diacritics, lower case, white space collapsed.
        case folded
        /// The first `n` bytes of the folded value.
        case first(Int)
        /// The last `n` bytes of the folded value.
        case last(Int)
        /// The first four characters (the year of a `yyyy-MM-dd` date).
        case year
        /// The decimal digits only.
        case digits
    }

    public var field: String
    public var transform: Transform
    public var location: SourceLocation

    public init(field: String, transform: Transform, location: SourceLocation) {
        self.field = field
        self.transform = transform
        self.location = location
    }
}

/// One entry of a linkage's `comparisons`.
public struct ComparisonSpec: Sendable {
    /// One level, from the strongest agreement down.
    public enum Level: Sendable, Hashable {
        /// Equal as stored (after cleansing).
        case exact
        /// Equal once folded: diacritics removed, `đ` as `d`, lower case, spaces collapsed.
        case folded
        /// Folded Jaro-Winkler similarity at least this.
        case jaroWinkler(Double)
        /// Folded edit distance at most this.
        case levenshtein(Int)
        /// Dates (`yyyy-MM-dd`): same year and month, or day and month swapped.
        case datePartial
        /// Dates: the same year.
        case sameYear
        /// Dates (`yyyy-MM-dd`): the same month and day, the years at most `n` apart (a birth
        /// year misremembered or mis-keyed by one).
        case yearsApart(Int)
        /// The last `n` digits are equal (phones written with and without the trunk prefix).
        case lastDigits(Int)
        /// The first and the last folded words are equal: a person's family and given names
        /// with a middle name dropped, added or changed ("Nguyễn Phượng", "Nguyen Mai Phuong").
        case firstLastWords
    }

    /// The most outcome patterns a linkage's comparisons may give together: per comparison its
    /// levels, "different" and "no evidence", multiplied.
    public static let maxPatterns = 1 << 20

    /// `field` (string, required).
    public var field: String
    /// `kind` (`text` | `citizen_id`, default `text`): `citizen_id` makes a CCCD/CMND pair no
    /// evidence either way.
    public var citizenID: Bool
    /// `levels` (list, required): `exact`, `folded`, `first_last_words`, `date_partial`,
    /// `same_year`, `{ jaro_winkler: 0.92 }`, `{ levenshtein: 1 }`, `{ last_digits: 9 }`,
    /// `{ years_apart: 1 }`; strongest first.
    public var levels: [Level]
    /// `term_frequencies` (bool, default false): agreeing on a rare value (folded) is stronger
    /// evidence than agreeing on a common one; the `exact` and `folded` levels' weights are
    /// adjusted by how often the value occurs among the records.
    public var termFrequencies: Bool
    public var location: SourceLocation

    public init(field: String, citizenID: Bool, levels: [Level], termFrequencies: Bool = false, location: SourceLocation) {
        self.field = field
        self.citizenID = citizenID
        self.levels = levels
        self.termFrequencies = termFrequencies
        self.location = location
    }
}

/// `golden` of a `dedupe` entity: one row per entity in `load.schema`.`table`, each field's
/// value chosen from the entity's records by its rule, with the record it came from.
public struct GoldenSpec: Sendable {
    /// How a golden field's value is chosen among the entity's records (their non-empty values).
    public enum Rule: Sendable, Hashable {
        /// The value of the record with the latest `recency` value.
        case mostRecent
        /// The value of the record with the most non-empty golden fields.
        case mostComplete
        /// The commonest value.
        case mostFrequent
        /// The value that comes first in this list (for example the most advanced status);
        /// values not listed come after, commonest first.
        case order([String])
    }

    /// `table` (string, required): the golden table's name, in `load.schema`.
    public var table: String
    /// `recency` (field, optional; required by `most_recent`): orders records in time.
    public var recency: String?
    /// `fields` (mapping field -> `most_recent` | `most_complete` | `most_frequent` |
    /// `{ order: [...] }`, required).
    public var fields: [(field: String, rule: Rule, location: SourceLocation)]
    public var location: SourceLocation

    public init(table: String, recency: String?, fields: [(field: String, rule: Rule, location: SourceLocation)],
                location: SourceLocation) {
        self.table = table
        self.recency = recency
        self.fields = fields
        self.location = location
    }
}
