internal import CLibPQ
import Glibc

/// One libpq connection. Blocking; owned by one task (not `Sendable`).
public final class PGConnection {
    private let conn: OpaquePointer

    /// Connects with a libpq connection string: a URL, `key=value` pairs, or empty for the
    /// `PG*` environment variables, `.pgpass` and service files.
    /// - Throws: ``LoadError`` `.connection` with libpq's message (which never holds the password).
    public init(conninfo: String) throws(LoadError) {
        guard let c = PQconnectdb(conninfo) else {
            throw LoadError(.connection, "cannot allocate a libpq connection")
        }
        guard PQstatus(c) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(c)).trimmingTrailingNewlines()
            PQfinish(c)
            throw LoadError(.connection, "cannot connect to PostgreSQL: \(message)")
        }
        conn = c
        _ = PQsetClientEncoding(conn, "UTF8")
    }

    deinit { PQfinish(conn) }

    /// The server's version number, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(conn)) }

    /// Runs one statement with text parameters ($1, $2, ...); values never go into SQL text.
    /// - Returns: The rows (text format) and the affected-row count.
    @discardableResult
    public func execute(_ sql: String, _ params: [String?] = []) throws(LoadError) -> PGResult {
        let result: OpaquePointer?
        if params.isEmpty {
            result = PQexec(conn, sql)
        } else {
            result = Self.withCStrings(params) { ptrs in
                PQexecParams(conn, sql, Int32(params.count), nil, ptrs, nil, nil, 0)
            }
        }
        return try consume(result, sql: sql)
    }

    /// Runs several statements separated by semicolons (no parameters).
    public func executeScript(_ sql: String) throws(LoadError) {
        _ = try consume(PQexec(conn, sql), sql: sql)
        while let more = PQgetResult(conn) { PQclear(more) }
    }

    /// Runs `COPY ... FROM STDIN` and calls `body` to write the data. The COPY always ends: if
    /// `body` throws, the COPY is aborted with the error's message and the error rethrown.
    /// - Returns: The number of rows the server copied.
    public func copy(_ sql: String, body: (CopyStream) throws -> Void) throws -> Int {
        let start = PQexec(conn, sql)
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try consume(start, sql: sql)
            throw LoadError(.copy, "the server did not enter COPY mode for: \(sql.prefix(80))")
        }
        PQclear(start)
        let stream = CopyStream(conn: conn)
        do {
            try body(stream)
            try stream.flush()
        } catch {
            _ = PQputCopyEnd(conn, "aborted by the client: \(error)")
            while let r = PQgetResult(conn) { PQclear(r) }
            throw error
        }
        guard PQputCopyEnd(conn, nil) == 1 else {
            throw LoadError(.copy, "cannot end COPY: \(errorMessage)")
        }
        let result = try consume(PQgetResult(conn), sql: sql)
        while let r = PQgetResult(conn) { PQclear(r) }
        return result.affectedRows
    }

    /// Runs `COPY ... TO STDOUT` and hands `body` each data message (in binary format, one
    /// row per message, the first one preceded by the file header).
    public func copyOut(_ sql: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let start = PQexec(conn, sql)
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            _ = try consume(start, sql: sql)
            throw LoadError(.copy, "the server did not enter COPY OUT mode for: \(sql.prefix(80))")
        }
        PQclear(start)
        var failure: (any Error)?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let n = PQgetCopyData(conn, &buffer, 0)
            if n == -1 { break }
            guard n >= 0, let buffer else {
                throw LoadError(.copy, "COPY OUT failed: \(errorMessage)")
            }
            if failure == nil {
                do { try body(UnsafeRawBufferPointer(start: buffer, count: Int(n))) } catch { failure = error }
            }
            PQfreemem(buffer)
        }
        _ = try consume(PQgetResult(conn), sql: sql)
        while let r = PQgetResult(conn) { PQclear(r) }
        if let failure { throw failure }
    }

    var errorMessage: String { String(cString: PQerrorMessage(conn)).trimmingTrailingNewlines() }

    private func consume(_ result: OpaquePointer?, sql: String) throws(LoadError) -> PGResult {
        guard let result else {
            throw LoadError(.query, "lost the connection to PostgreSQL: \(errorMessage)")
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN:
            return PGResult(result)
        default:
            let message = Self.field(result, Diag.messagePrimary) ?? errorMessage
            var detail = Self.field(result, Diag.messageDetail)
            if let context = Self.field(result, Diag.context) {
                detail = (detail.map { $0 + "\n" } ?? "") + context
            }
            throw LoadError(.query, message, sqlState: Self.field(result, Diag.sqlState), detail: detail)
        }
    }

    private static func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        guard let p = PQresultErrorField(result, code) else { return nil }
        return String(cString: p)
    }

    private static func withCStrings<R>(_ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let owned: [UnsafeMutablePointer<CChar>?] = values.map { v in v.map { strdup($0) } }
        defer { for p in owned { free(p) } }
        return body(owned.map { $0.map { UnsafePointer($0) } })
    }
}

/// The data side of a running COPY: buffers bytes and sends them in large chunks.
public final class CopyStream {
    private let conn: OpaquePointer
    private var buffer: [UInt8] = []
    private let chunk = 1 << 20

    init(conn: OpaquePointer) {
        self.conn = conn
        buffer.reserveCapacity(chunk + 4096)
    }

    /// Appends bytes; sends when the buffer passes 1 MiB.
    public func write(_ body: (inout [UInt8]) throws(LoadError) -> Void) throws(LoadError) {
        try body(&buffer)
        if buffer.count >= chunk { try flush() }
    }

    func flush() throws(LoadError) {
        guard !buffer.isEmpty else { return }
        let ok = buffer.withUnsafeBytes { raw in
            PQputCopyData(conn, raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        }
        guard ok == 1 else {
            throw LoadError(.copy, "cannot send COPY data: \(String(cString: PQerrorMessage(conn)))")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}

/// libpq's `PG_DIAG_*` field codes (C character macros, not imported).
private enum Diag {
    static let sqlState = Int32(UInt8(ascii: "C"))
    static let messagePrimary = Int32(UInt8(ascii: "M"))
    static let messageDetail = Int32(UInt8(ascii: "D"))
    static let context = Int32(UInt8(ascii: "W"))
}
