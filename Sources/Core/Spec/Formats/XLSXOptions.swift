/// `options` of an `xlsx` source: one worksheet of an Office Open XML workbook.
public struct XLSXOptions: Sendable, Hashable {
    /// `sheet` (string, default the first sheet): the worksheet's name.
    public var sheet: String?
    /// `header_row` (int, default 1; 0 = no header): the row that names the columns; rows
    /// above it are skipped.
    public var headerRow: Int = 1
    /// `columns` (list of strings): the column names when `header_row: 0`, from column A on.
    public var columns: [String] = []
    /// `date_system` is read from the workbook (1900 or 1904); date cells come out as ISO
    /// 8601 (`2019-03-05`, or `2019-03-05T08:30:00` with a time).
    public init() {}
}
