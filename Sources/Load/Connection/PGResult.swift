internal import CLibPQ

/// The rows of a small result, copied out of libpq in text form.
public struct PGResult: Sendable {
    public let columns: [String]
    public let rows: [[String?]]
    /// `PQcmdTuples`: rows affected by INSERT/UPDATE/DELETE/COPY, 0 otherwise.
    public let affectedRows: Int

    init(_ result: OpaquePointer) {
        let nfields = Int(PQnfields(result))
        let ntuples = Int(PQntuples(result))
        columns = (0..<nfields).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(ntuples)
        for r in 0..<ntuples {
            var row: [String?] = []
            row.reserveCapacity(nfields)
            for f in 0..<nfields {
                if PQgetisnull(result, Int32(r), Int32(f)) == 1 {
                    row.append(nil)
                } else {
                    row.append(String(cString: PQgetvalue(result, Int32(r), Int32(f))))
                }
            }
            rows.append(row)
        }
        self.rows = rows
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// The first column of the first row.
    public var scalar: String? { rows.first?.first ?? nil }
}
