import Foundation
import Testing
@testable import Core
@testable import Extract

func sqlOptions(_ table: String, dialect: SQLDialect = .auto, maxRecordBytes: Int = 1 << 20) -> SQLOptions {
    var options = SQLOptions()
    options.table = table
    options.dialect = dialect
    options.maxRecordBytes = maxRecordBytes
    return options
}

@Suite struct SQLDumpReaderTests {
    private func reader(
        _ table: String, _ columns: [String], dialect: SQLDialect = .auto, maxRecordBytes: Int = 1 << 20
    ) throws -> SQLDumpReader {
        try SQLDumpReader(options: sqlOptions(table, dialect: dialect, maxRecordBytes: maxRecordBytes),
                          requiredColumns: columns, file: "dump.sql")
    }

    private func records(_ fixture: String, _ table: String, _ columns: [String], dialect: SQLDialect = .auto,
                         maxRecordBytes: Int = 1 << 20) throws -> [ParsedRecord] {
        try parseEveryWay(reader(table, columns, dialect: dialect, maxRecordBytes: maxRecordBytes),
                          Fixture.bytes("sql/" + fixture))
    }

    private func records(text: String, _ table: String, _ columns: [String], dialect: SQLDialect = .auto,
                         maxRecordBytes: Int = 1 << 20) throws -> [ParsedRecord] {
        try parseEveryWay(reader(table, columns, dialect: dialect, maxRecordBytes: maxRecordBytes), text.bytes)
    }

    // MARK: mysqldump

    @Test func mysqldumpExtendedInserts() throws {
        let rows = try records("mysqldump-hoso.sql", "ho_so",
                               ["ma_ho_so", "ho_ten", "dia_chi", "ngay_nop", "le_phi", "tep_dinh_kem"])
        #expect(rows.map(\.values) == [
            ["HS-2024-001", "Nguyễn Văn An", "Số 5, đường Trần Phú\nPhường Minh Khai", "2024-03-05", "15000.00",
             "\u{0}\u{0}PK\u{1A}"],
            ["HS-2024-002", "Trần Thị 'Bình'", "Thôn \"Nà Sài\", xã Tùng Bá\\Vị Xuyên", nil, nil, nil],
            ["HS-2024-003", "Lê Văn Cường", "100\\% xong; mã a\\_b\tc\r\u{8}d", "2024-03-07", "-1.5e3", "0xCAFE"],
            ["HS-2024-004", "Phạm Thị Dung", "It's 'quoted'", "2024-03-08", "0.00", nil],
        ])
        #expect(rows.map(\.origin) == [
            RowOrigin(line: 67, byteOffset: 2266, record: 1), RowOrigin(line: 67, byteOffset: 2397, record: 2),
            RowOrigin(line: 67, byteOffset: 2504, record: 3), RowOrigin(line: 68, byteOffset: 2628, record: 4),
        ])
    }

    @Test func aStringHoldingAnInsertIsAValueNotAStatement() throws {
        let rows = try records("mysqldump-hoso.sql", "can_bo", ["id", "ho_ten"])
        #expect(rows.map(\.values) == [["1", "Hoàng Thị Lan"], ["2", "INSERT INTO `ho_so` VALUES (99,'giả');\n"]])
    }

    @Test func columnsInRequestedOrderAndMatchedWithoutCase() throws {
        let rows = try records("mysqldump-hoso.sql", "HO_SO", ["NGAY_NOP", "id"])
        #expect(rows.map(\.values) == [["2024-03-05", "1"], [nil, "2"], ["2024-03-07", "3"], ["2024-03-08", "4"]])
        #expect(try reader("ho_so", ["NGAY_NOP", "id"]).columns == ["NGAY_NOP", "id"])
    }

    @Test func aQualifiedTableNameMustMatchItsSchema() throws {
        #expect(try records("pg_dump-hoso.sql", "public.ho_so", ["ma_ho_so"]).count == 4)
        #expect(try records("pg_dump-hoso.sql", "\"public\".\"ho_so\"", ["ma_ho_so"]).count == 4)
        let error = try parseErrorEveryWay(reader("khac.ho_so", ["ma_ho_so"]), Fixture.bytes("sql/pg_dump-hoso.sql"))
        #expect(error.code == .malformedRecord)
        #expect(error.message == "the dump has no CREATE TABLE, INSERT or COPY for table 'khac.ho_so'; its tables are "
                + "'public.ho_so', 'public.nhat_ky'")
    }

    @Test func aTableMissingFromTheDumpNamesTheTablesItHas() throws {
        let error = try parseErrorEveryWay(reader("hoso", ["ma_ho_so"]), Fixture.bytes("sql/mysqldump-hoso.sql"))
        #expect(error.code == .malformedRecord)
        #expect(error.line == nil)
        #expect(error.message == "the dump has no CREATE TABLE, INSERT or COPY for table 'hoso'; its tables are "
                + "'can_bo', 'ho_so'")
        let empty = try parseErrorEveryWay(reader("hoso", ["a"]), [])
        #expect(empty.message == "the dump has no CREATE TABLE, INSERT or COPY for table 'hoso'; it has no CREATE TABLE, "
                + "INSERT or COPY for any table")
    }

    @Test func insertsInsideAProcedureWithADelimiterAreNotRows() throws {
        // The fixture's procedure body holds `INSERT INTO ho_so VALUES (100, ...)` between DELIMITER ;; lines.
        let rows = try records("mysqldump-hoso.sql", "ho_so", ["id"])
        #expect(rows.map(\.values) == [["1"], ["2"], ["3"], ["4"]])
    }

    @Test func longExtendedInsertIsReadTupleByTuple() throws {
        var text = "-- MySQL dump 10.13\nCREATE TABLE `t` (`id` int, `ten` text, `ghi_chu` text);\nINSERT INTO `t` VALUES "
        var expected: [([String?], RowOrigin)] = []
        for i in 1...3000 {
            if i > 1 { text += "," }
            let offset = Int64(text.utf8.count)
            text += "(\(i),'Nguyễn Văn \(i)','ghi chú \\'\(i)\\'; (x),(y)')"
            expected.append((["\(i)", "Nguyễn Văn \(i)", "ghi chú '\(i)'; (x),(y)"], RowOrigin(line: 3, byteOffset: offset, record: i)))
        }
        text += ";\nINSERT INTO `t` VALUES (3001,'cuối',NULL);\n"
        #expect(text.utf8.count > 150_000)
        // A max_record_bytes far below the statement's size: only a tuple must fit.
        let rows = try records(text: text, "t", ["ten", "ghi_chu", "id"], maxRecordBytes: 128)
        #expect(rows.count == 3001)
        #expect(rows.prefix(3000).map(\.values) == expected.map { [$0.0[1], $0.0[2], $0.0[0]] })
        #expect(rows.prefix(3000).map(\.origin) == expected.map(\.1))
        #expect(rows.last?.values == ["cuối", nil, "3001"])
        #expect(rows.last?.origin.line == 4)
    }

    // MARK: pg_dump

    @Test func pgDumpCopyBlocks() throws {
        let rows = try records("pg_dump-hoso.sql", "ho_so", ["ma_ho_so", "HoTen", "dia_chi", "ngay_nop", "le_phi"])
        #expect(rows.map(\.values) == [
            ["HS-2024-001", "Nguyễn Văn An", "Số 5, đường Trần Phú\nPhường Minh Khai", "2024-03-05", "15000.00"],
            ["HS-2024-002", "Trần Thị 'Bình'", "Thôn \"Nà Sài\"\\Vị Xuyên\tgiữa\r\u{8}\u{C}\u{B}", nil, nil],
            ["HS-2024-003", "Lê Văn Cường", "\\N không phải null", "", "-1.50"],
            ["HS-2024-004", "Phạm Thị Dung", nil, "2024-03-08", "0.00"],
        ])
        #expect(rows.map(\.origin) == [
            RowOrigin(line: 84, byteOffset: 1890, record: 1), RowOrigin(line: 85, byteOffset: 1992, record: 2),
            RowOrigin(line: 86, byteOffset: 2079, record: 3), RowOrigin(line: 87, byteOffset: 2168, record: 4),
        ])
    }

    @Test func copyDataThatLooksLikeStatementsOrTheEndMarker() throws {
        let rows = try records("pg_dump-hoso.sql", "nhat_ky", ["noi_dung"])
        #expect(rows.map(\.values) == [["khởi tạo"], ["COPY public.ho_so (id) FROM stdin;"], ["\\."]])
    }

    @Test func functionBodiesInDollarQuotesAreSkipped() throws {
        // $$ ... INSERT INTO public.ho_so VALUES (99, 'giả'); ... $$ and $body$ ... $x$;COPY ...;$x$ ... $body$.
        let rows = try records("pg_dump-hoso.sql", "ho_so", ["id"])
        #expect(rows.map(\.values) == [["1"], ["2"], ["3"], ["4"]])
    }

    @Test func pgDumpInserts() throws {
        let rows = try records("pg_dump-inserts.sql", "ho_so", ["id", "ma_ho_so", "ho_ten", "dia_chi", "ngay_nop", "le_phi"])
        #expect(rows.map(\.values) == [
            ["1", "HS-2024-001", "Nguyễn Văn An", "It's C:\\temp\\n, not escaped", "2024-03-05", "15000.00"],
            ["2", "HS-2024-002", "Trần Thị\nBA", "dòng một\ndòng hai", nil, nil],
            ["3", "HS-2024-003", "Lê Văn Cường", nil, nil, nil],
            ["4", "HS-2024-004", "Phạm Thị Dung", nil, nil, nil],
            ["5", "HS-2024-005", "Đỗ", nil, "2024-03-09", "NaN"],
        ])
        #expect(rows.map(\.origin) == [
            RowOrigin(line: 20, byteOffset: 367, record: 1), RowOrigin(line: 21, byteOffset: 545, record: 2),
            RowOrigin(line: 24, byteOffset: 719, record: 3), RowOrigin(line: 25, byteOffset: 761, record: 4),
            RowOrigin(line: 26, byteOffset: 857, record: 5),
        ])
    }

    // MARK: Dialects

    @Test func standardStringsOffTurnsBackslashEscapesOn() throws {
        let text = "--\n-- PostgreSQL database dump\n--\nSET standard_conforming_strings = off;\n"
            + "INSERT INTO public.t (a, b) VALUES ('it\\'s', 'C:\\\\temp');\n"
            + "SET standard_conforming_strings = on;\nINSERT INTO public.t (a, b) VALUES ('it''s', 'C:\\temp');\n"
        let rows = try records(text: text, "t", ["a", "b"])
        #expect(rows.map(\.values) == [["it's", "C:\\temp"], ["it's", "C:\\temp"]])
    }

    @Test(arguments: [
        // Header comments decide.
        ("-- MySQL dump 10.13\nINSERT INTO t (a) VALUES ('x\\'y');\n", SQLDialect.auto, "x'y"),
        ("-- MariaDB dump 10.19\nINSERT INTO t (a) VALUES ('x\\'y');\n", .auto, "x'y"),
        ("--\n-- PostgreSQL database dump\n--\nINSERT INTO t (a) VALUES ('x\\');\n", .auto, "x\\"),
        // Else the syntax: backticks (MySQL), a quoted name (PostgreSQL).
        ("INSERT INTO `t` (`a`) VALUES ('x\\'y');\n", .auto, "x'y"),
        ("INSERT INTO public.\"t\" (a) VALUES ('x\\');\n", .auto, "x\\"),
        // A declared dialect wins.
        ("-- MySQL dump 10.13\nINSERT INTO t (a) VALUES ('x\\');\n", .postgres, "x\\"),
        ("--\n-- PostgreSQL database dump\n--\nINSERT INTO t (a) VALUES ('x\\'y');\n", .mysql, "x'y"),
        // Neither: MySQL's escaping.
        ("INSERT INTO t (a) VALUES ('x\\'y');\n", .auto, "x'y"),
    ])
    func dialect(text: String, dialect: SQLDialect, expected: String) throws {
        let rows = try records(text: text, "t", ["a"], dialect: dialect)
        #expect(rows.map(\.values) == [[expected]])
    }

    @Test func mysqlDashCommentsNeedASpace() throws {
        // In MySQL `5--1` is five minus minus one; in PostgreSQL `--1;` starts a comment that hides the `;`.
        let text = "SET @a = 5--1;\nINSERT INTO t (a) VALUES ('x');\n"
        #expect(try records(text: text, "t", ["a"], dialect: .mysql).map(\.values) == [["x"]])
        let error = try parseErrorEveryWay(reader("t", ["a"], dialect: .postgres), text.bytes)
        #expect(error.message.hasPrefix("the dump has no CREATE TABLE, INSERT or COPY for table 't'"))
    }

    @Test(arguments: [
        // PostgreSQL: comments nest; a dollar-quoted body may hold quotes, ';' and INSERTs.
        ("CREATE TABLE t (a int);\n/* x /* y; */ z; */ INSERT INTO t VALUES (1);\n", SQLDialect.postgres),
        ("CREATE TABLE t (a int);\nCREATE FUNCTION f() RETURNS text AS $$ don't; INSERT INTO t VALUES (9); $$;\nINSERT INTO t VALUES (1);\n", .postgres),
        ("CREATE TABLE t (a int);\nCREATE FUNCTION f() RETURNS text AS $fn$ $$; INSERT INTO t VALUES (9); $fn$ LANGUAGE sql;\nINSERT INTO t VALUES (1);\n",
         .postgres),
        ("COMMENT ON TABLE t IS 'it''s; INSERT INTO t VALUES (9);';\nCREATE TABLE \"t\" (\"a\" int);\nINSERT INTO t VALUES (1);\n",
         .postgres),
        // MySQL: backslash escapes, # comments, quoted names holding ';'.
        ("CREATE TABLE `t` (`a` int);\nSET @s = 'x\\\\'; # 'not a string; INSERT INTO t VALUES (9);\nINSERT INTO t VALUES (1);\n",
         .mysql),
        ("CREATE TABLE `t;x` (`a` int);\nCREATE TABLE t (a int);\nSET @s = \"\\\"; INSERT INTO t VALUES (9);\";\n"
            + "INSERT INTO t VALUES (1);\n", .mysql),
        ("CREATE TABLE t (a int);\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SET @a = 1; INSERT INTO t VALUES (9); END //\n"
            + "DELIMITER ;\nINSERT INTO t VALUES (1);\n", .mysql),
    ])
    func statementBoundaries(text: String, dialect: SQLDialect) throws {
        let rows = try records(text: text, "t", ["a"], dialect: dialect)
        #expect(rows.map(\.values) == [["1"]])
    }

    @Test func commentsAndCharsetIntroducers() throws {
        let text = "-- MySQL dump\n# a hash comment; with a semicolon\n/* block ; comment */\n"
            + "INSERT INTO t (a, b, c, d) VALUES /* between */ (_utf8mb4'một',_binary 0x4142, X'ff', N'hai'),\n"
            + "-- a line comment between tuples\n(TRUE, b'101', DEFAULT, 'x');\n"
        let rows = try records(text: text, "t", ["a", "b", "c", "d"])
        #expect(rows.map(\.values) == [["một", "0x4142", "0xff", "hai"], ["TRUE", "b'101'", "DEFAULT", "x"]])
    }

    @Test func postgresEscapeStrings() throws {
        let text = "--\n-- PostgreSQL database dump\n--\nINSERT INTO t (a, b, c) VALUES "
            + "(E'\\u1ea7\\U0001F600\\x41\\101\\t\\'', e'\\\\', 'E''s');\n"
        let rows = try records(text: text, "t", ["a", "b", "c"])
        #expect(rows.map(\.values) == [["ầ😀AA\t'", "\\", "E's"]])
    }

    // MARK: Errors

    @Test func wrongNumberOfValues() throws {
        let rows = try records("error-value-count.sql", "t", ["a", "b"])
        #expect(rows.map(\.origin) == [
            RowOrigin(line: 3, byteOffset: 97, record: 1), RowOrigin(line: 3, byteOffset: 109, record: 2),
            RowOrigin(line: 3, byteOffset: 128, record: 3), RowOrigin(line: 3, byteOffset: 132, record: 4),
        ])
        #expect(rows.map(\.values) == [["1", "một"], nil, nil, ["4", "bốn"]])
        #expect(rows[1].malformed == MalformedRecord(
            reason: .malformedRecord,
            detail: "expected 2 values (the columns of t: a, b), found 3 in the tuple starting at line 3 (byte 109)",
            raw: "(2,'hai','thừa')".bytes))
        #expect(rows[2].malformed?.detail == "expected 2 values (the columns of t: a, b), found 1 in the tuple starting at "
                + "line 3 (byte 128)")
        #expect(rows[2].malformed?.raw == "(3)".bytes)
    }

    @Test func unterminatedStringResumesAtTheNextStatement() throws {
        let rows = try records("error-unterminated.sql", "t", ["a", "b"])
        #expect(rows.map(\.origin) == [
            RowOrigin(line: 3, byteOffset: 97, record: 1), RowOrigin(line: 3, byteOffset: 109, record: 2),
            RowOrigin(line: 4, byteOffset: 151, record: 3),
        ])
        #expect(rows.map(\.values) == [["1", "một"], nil, ["4", "bốn"]])
        #expect(rows[1].malformed == MalformedRecord(
            reason: .malformedRecord,
            detail: "the tuple starting at line 3 (byte 109) does not end before the statement at line 4 (an unterminated "
                + "string or a missing ')'?); expected ')' and then ',' or ';'",
            raw: "(2,'hai),(3,'ba');\n".bytes))
    }

    @Test func unterminatedStringAtTheEndOfTheFile() throws {
        let text = "-- MySQL dump\nINSERT INTO t (a) VALUES ('một'),\n('hai);\n"
        let rows = try records(text: text, "t", ["a"])
        #expect(rows.map(\.values) == [["một"], nil])
        #expect(rows[1].origin == RowOrigin(line: 3, byteOffset: 50, record: 2))
        #expect(rows[1].malformed?.detail == "unterminated string starting at line 3 (byte 51) in the tuple starting at "
                + "line 3 (byte 50); expected a closing ''' before the end of the file")
        #expect(rows[1].malformed?.raw == "('hai);\n".bytes)
    }

    @Test func garbageBetweenTuples() throws {
        let rows = try records("error-garbage.sql", "t", ["a", "b"])
        #expect(rows.map(\.values) == [["1", "một"], ["2", "hai"], nil, ["3", "ba"], ["4", "bốn"], nil, ["5", "năm"],
                                       ["6", "sáu"], ["7", "bảy"], nil])
        #expect(rows.map(\.origin.byteOffset) == [97, 109, 119, 128, 137, 173, 176, 211, 278, 291])
        #expect(rows.map(\.origin.record) == Array(1...10))
        #expect(rows[2].malformed == MalformedRecord(
            reason: .malformedRecord,
            detail: "unexpected '@' at line 3 (byte 119) after a tuple; expected ',' or ';'; 8 bytes skipped up to the next tuple",
            raw: "@@ 'x;y'".bytes))
        #expect(rows[5].malformed?.detail == "unexpected '?' at line 4 (byte 173); expected a tuple '(...)'; 2 bytes "
                + "skipped up to the next tuple")
        #expect(rows[9].origin.line == 6)
        #expect(rows[9].malformed?.detail == "unexpected '$' at line 6 (byte 291); expected a tuple '(...)'; 2 bytes "
                + "skipped up to the end of the statement")
    }

    @Test func valuesThatAreNotLiterals() throws {
        let rows = try records("error-bad-value.sql", "t", ["a", "b"])
        #expect(rows.map(\.values) == [nil, nil, ["3", "ba"], nil, nil, ["6", "sáu"]])
        #expect(rows.map(\.origin.byteOffset) == [97, 115, 123, 132, 137, 171])
        #expect(rows.map(\.origin.line) == [3, 3, 3, 3, 3, 4])
        #expect(rows[0].malformed?.detail == "expected ',' or ')' after value 2 at line 3 (byte 108), found '''")
        #expect(rows[1].malformed?.detail == "expected a value (a string, a number or NULL) at line 3 (byte 118), found '('")
        #expect(rows[3].malformed?.detail == "expected a value (a string, a number or NULL) at line 3 (byte 135), found ')'")
        #expect(rows[4].malformed?.detail == "unexpected ';' at line 3 (byte 146) inside the tuple starting at line 3 "
                + "(byte 137); expected ')' to close it")
        #expect(rows[4].malformed?.raw == "(5,'năm'".bytes)
    }

    @Test func invalidUTF8InAColumnThePipelineReads() throws {
        let rows = try records("error-invalid-utf8.sql", "t", ["a", "b"])
        #expect(rows.map(\.values) == [nil, ["2", "tốt"], nil])
        #expect(rows.map(\.origin.byteOffset) == [107, 125, 152])
        #expect(rows[0].malformed?.reason == .invalidEncoding)
        #expect(rows[0].malformed?.detail == "invalid UTF-8 (byte 0xE1) in value 2 (b) at line 3 (byte 115); expected UTF-8 text")
        #expect(rows[2].malformed?.detail == "invalid UTF-8 (byte 0xC3) in value 2 (b) at line 3 (byte 157); expected UTF-8 text")
        // The blob is only checked when the pipeline reads it.
        let withBlob = try records("error-invalid-utf8.sql", "t", ["c"])
        #expect(withBlob.map(\.values) == [["ok"], nil, ["y"]])
        #expect(withBlob[1].malformed?.detail == "invalid UTF-8 (byte 0xFF) in value 3 (c) starting at line 3 (byte 144) "
                + "once its escapes are decoded; expected UTF-8 text")
    }

    @Test func copyLineErrors() throws {
        let rows = try records("error-copy.sql", "t", ["a", "b"])
        #expect(rows.map(\.values) == [["1", "một"], nil, nil, nil, ["5", "năm"], nil])
        #expect(rows.map(\.origin) == [
            RowOrigin(line: 6, byteOffset: 68, record: 1), RowOrigin(line: 7, byteOffset: 76, record: 2),
            RowOrigin(line: 8, byteOffset: 89, record: 3), RowOrigin(line: 9, byteOffset: 91, record: 4),
            RowOrigin(line: 10, byteOffset: 102, record: 5), RowOrigin(line: 11, byteOffset: 109, record: 6),
        ])
        #expect(rows[1].malformed == MalformedRecord(
            reason: .malformedRecord,
            detail: "expected 2 tab-separated fields (the columns of public.t: a, b), found 3 on line 7",
            raw: "2\thai\tthừa".bytes))
        #expect(rows[2].malformed?.detail == "expected 2 tab-separated fields (the columns of public.t: a, b), found 1 on line 8")
        #expect(rows[3].malformed?.reason == .invalidEncoding)
        #expect(rows[3].malformed?.detail == "invalid UTF-8 (byte 0xFF) in field 2 (b) at line 9 (byte 93) once its escapes "
                + "are decoded; expected UTF-8 text")
        #expect(rows[5].malformed?.reason == .invalidEncoding)
        #expect(rows[5].malformed?.detail == "invalid UTF-8 (byte 0xFF) in value 2 (b) at line 11 (byte 115); expected UTF-8 text")
    }

    @Test func overlongTupleIsSkippedToItsEnd() throws {
        let long = String(repeating: "x", count: 60)
        let text = "-- MySQL dump\nINSERT INTO t (a, b) VALUES (1,'ngắn'),(2,'\(long)'),(3,'ba');\n"
        let rows = try records(text: text, "t", ["b"], maxRecordBytes: 32)
        #expect(rows.map(\.values) == [["ngắn"], nil, ["ba"]])
        #expect(rows[1].origin == RowOrigin(line: 2, byteOffset: 55, record: 2))
        #expect(rows[1].malformed == MalformedRecord(
            reason: .malformedRecord,
            detail: "the tuple starting at line 2 (byte 55) is longer than max_record_bytes (32); the first 32 of its 66 "
                + "bytes are kept",
            raw: Array("(2,'\(long)".utf8.prefix(32)), truncated: true))
    }

    @Test func overlongCopyLineIsSkipped() throws {
        let text = "COPY t (a) FROM stdin;\nngắn\n\(String(repeating: "y", count: 40))\nba\n\\.\n"
        let rows = try records(text: text, "t", ["a"], maxRecordBytes: 16)
        #expect(rows.map(\.values) == [["ngắn"], nil, ["ba"]])
        #expect(rows[1].origin == RowOrigin(line: 3, byteOffset: 30, record: 2))
        #expect(rows[1].malformed?.detail == "COPY line 3 is longer than max_record_bytes (16); the first 16 of its 40 bytes "
                + "are kept")
        #expect(rows[1].malformed?.truncated == true)
    }

    @Test func noColumnListAndNoCreateTable() throws {
        let error = try parseErrorEveryWay(reader("t", ["a"]), Fixture.bytes("sql/error-no-columns.sql"))
        #expect(error.code == .malformedRecord)
        #expect(error.line == 2)
        #expect(error.byteOffset == 36)
        #expect(error.message == "INSERT INTO t at line 2 has no column list and no CREATE TABLE for t came before it, so "
                + "its columns are unknown; expected a dump with CREATE TABLE statements or column lists (mysqldump "
                + "--complete-insert, pg_dump --column-inserts)")
    }

    @Test func aColumnThePipelineReadsIsMissing() throws {
        let error = try parseErrorEveryWay(reader("t", ["a", "c"]), Fixture.bytes("sql/error-missing-column.sql"))
        #expect(error.code == .malformedRecord)
        #expect(error.line == 3)
        #expect(error.byteOffset == 74)
        #expect(error.message == "INSERT INTO t at line 3 lacks column 'c' that the pipeline reads; expected 'a', 'c', "
                + "found 'a', 'b' (from the CREATE TABLE at line 2)")
        let copy = try parseErrorEveryWay(reader("ho_so", ["ho_ten"]), Fixture.bytes("sql/pg_dump-hoso.sql"))
        #expect(copy.line == 83)
        #expect(copy.byteOffset == 1809)
        #expect(copy.message == "COPY public.ho_so at line 83 lacks column 'ho_ten' that the pipeline reads; expected "
                + "'ho_ten', found 'id', 'ma_ho_so', 'HoTen', 'dia_chi', 'ngay_nop', 'le_phi' (from its column list)")
    }

    @Test func insertWithoutValues() throws {
        let text = "CREATE TABLE t (a int);\nINSERT INTO t SELECT 1;\nINSERT INTO t VALUES (2);\n"
        let rows = try records(text: text, "t", ["a"], dialect: .postgres)
        #expect(rows.map(\.values) == [nil, ["2"]])
        #expect(rows[0].malformed == MalformedRecord(
            reason: .malformedRecord,
            detail: "INSERT INTO t at line 2 has no VALUES list (INSERT ... SELECT or SET); expected INSERT ... VALUES (...)",
            raw: "INSERT INTO t SELECT 1".bytes))
        #expect(rows.map(\.origin) == [RowOrigin(line: 2, byteOffset: 24, record: 1), RowOrigin(line: 3, byteOffset: 69, record: 2)])
    }

    @Test func anEmptyTableOption() throws {
        #expect(throws: ExtractError.self) { _ = try reader("", ["a"]) }
        #expect(throws: ExtractError.self) { _ = try reader("public.", ["a"]) }
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let text = "\u{FEFF}-- MySQL dump\r\nINSERT INTO t (a) VALUES ('một'),\r\n('hai');\r\n"
        let rows = try records(text: text, "t", ["a"])
        #expect(rows.map(\.values) == [["một"], ["hai"]])
        #expect(rows.map(\.origin) == [RowOrigin(line: 2, byteOffset: 43, record: 1),
                                       RowOrigin(line: 3, byteOffset: 55, record: 2)])
    }
}

@Suite struct SQLSourceExtractorTests {
    @Test func aMysqldumpAsASource() throws {
        let source = makeSource(path: "sql/mysqldump-hoso.sql", format: .sql(sqlOptions("ho_so")), fields: ["ho_ten"],
                                key: "ma_ho_so", batchSize: 3)
        let (extractor, batches) = try readAll(source)
        #expect(batches.map(\.recordCount) == [3, 1])
        #expect(batches.allSatisfy { $0.columns == ["ho_ten", "ma_ho_so"] })
        #expect(batches.flatMap { $0.rows.map(Array.init) } == [
            ["Nguyễn Văn An", "HS-2024-001"], ["Trần Thị 'Bình'", "HS-2024-002"], ["Lê Văn Cường", "HS-2024-003"],
            ["Phạm Thị Dung", "HS-2024-004"],
        ])
        #expect(extractor.fileStats.first?.records == 4)
    }

    @Test func malformedTuplesGoToQuarantine() throws {
        let source = makeSource(path: "sql/error-value-count.sql", format: .sql(sqlOptions("t")), fields: ["b"])
        let (_, batches) = try readAll(source)
        let rejects = batches.flatMap(\.rejects)
        #expect(rejects.map(\.origin.record) == [2, 3])
        #expect(rejects.first?.original == "{\"raw\":\"(2,'hai','thừa')\"}")
    }
}
