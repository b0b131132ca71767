internal import Core

/// One entry of a register: a line of the table, with its continuation lines.
public struct RegisterEntry: Sendable {
    /// One field per column, in layout order.
    public var fields: [RegisterField]
    /// The input row indices it was built from: its own first, then continuation lines.
    public var rows: [Int]

    public init(fields: [RegisterField], rows: [Int]) {
        self.fields = fields
        self.rows = rows
    }
}
