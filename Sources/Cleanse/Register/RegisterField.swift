internal import Core

/// One field of an assembled register entry: what was read, what is loaded, and why.
///
/// Reasons of `doubtful` (stable, snake_case):
/// - `low_confidence`: read below the assembler's minimum confidence and not confirmed by an
///   independent check (the candidates hold the value validation would have loaded);
/// - `invalid_date`: not a date (or not a real one, or one out of range);
/// - `invalid_number`: a sequence number or entry number that does not parse;
/// - `sequence_mismatch`: a sequence or entry number that disagrees with the page's run and
///   cannot be corrected with certainty (weak majority, typed register, or two readings that
///   agree with each other against the page);
/// - `year_mismatch`: an entry number whose year is not the register's year;
/// - `date_order`: a date that goes back down a non-decreasing column (or a date after the
///   entry's issue date);
/// - `misread_surname`: a surname that is not a family name but could be several with other
///   marks;
/// - `impossible_letters`: a word that cannot be a Vietnamese syllable (letters, letter case,
///   tone mark placement);
/// - `stray_punctuation`: an address with punctuation inside a word that addresses do not have
///   ("Xóm.11", "huyện-Diễn", "Đông; xã"), what ruled lines and specks leave;
/// - `unknown_value`: a vocabulary reading with no unique close value;
/// - `unit_mismatch`: an address unit of the register's own level whose name is too far from
///   the register's to be corrected but too close to be another unit;
/// - `missing_reading`: a scanned entry's cell that OCR read as empty.
///
/// Reasons of `corrected`: `sequence` (STT or entry number from the page's run), `surname`,
/// `vocabulary`, `unit` (the register's own unit name), `carry_down` (a typed register's merged
/// cell).
public struct RegisterField: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        /// Read and valid as read (the value is the reading in canonical form: whitespace and stray
        /// edge characters removed, dates as dd/MM/yyyy, entry numbers as N/YYYY).
        case certain
        /// Validation fixed the reading with certainty.
        case corrected(reason: String)
        /// A reviewer's correction was applied.
        case reviewed
        /// Goes to review; not loaded.
        case doubtful(reason: String, candidates: [String])
        case empty
    }

    /// What is loaded: `nil` when empty or doubtful.
    public var value: String?
    /// What was read (OCR's best reading or the typed text), whitespace collapsed.
    public var reading: String
    public var confidence: Float?
    public var status: Status

    public init(value: String?, reading: String, confidence: Float?, status: Status) {
        self.value = value
        self.reading = reading
        self.confidence = confidence
        self.status = status
    }
}
