import Foundation
import Testing
@testable import Core
@testable import Extract

@Suite struct SourceExtractorTests {
    private let quotedRows: [[String?]] = [
        ["1", "Nguyễn, Văn A", "said \"xin chào\""],
        ["2", "line one\nline two", "plain"],
        ["3", "", ""],
        ["4", "", ""],
        ["5", "Trần Thị B", "last without newline"],
    ]

    @Test func batchesOfBatchSizeFromOneFile() throws {
        let source = makeSource(name: "qb", path: "csv/quoted.csv", format: .csv(csvOptions()), fields: ["name", "note"],
                                key: "id", batchSize: 2)
        let (extractor, batches) = try readAll(source)
        #expect(extractor.files.map(\.name) == [Fixture.path("csv/quoted.csv")])
        #expect(batches.map(\.recordCount) == [2, 2, 1])
        #expect(batches.allSatisfy { $0.source == "qb" && $0.file == Fixture.path("csv/quoted.csv") })
        #expect(batches.allSatisfy { $0.columns == ["id", "name", "note"] && $0.documents.isEmpty && $0.rejects.isEmpty })
        #expect(batches.flatMap { $0.rows.map(Array.init) } == quotedRows)
        #expect(batches.flatMap(\.origins).map(\.record) == [1, 2, 3, 4, 5])
        #expect(batches.flatMap(\.origins).map(\.line) == [2, 3, 5, 6, 7])
        #expect(extractor.fileStats == [FileStats(file: Fixture.path("csv/quoted.csv"), isGzip: false, bytesRead: 132,
                                                  bytesDecoded: 132, records: 5, rows: 5, rejects: 0)])
    }

    @Test(arguments: ["gzip/single.csv.gz", "gzip/multi.csv.gz", "gzip/padded.csv.gz", "gzip/disguised.csv",
                      "gzip/plain-named.csv.gz"])
    func gzipReadsLikeThePlainFile(file: String) throws {
        let source = makeSource(path: file, format: .csv(csvOptions()), fields: ["id"])
        let (extractor, batches) = try readAll(source)
        #expect(batches.count == 1)
        #expect(batches.first.map { $0.rows.map(Array.init) } == quotedRows)
        #expect(batches.first?.origins.map(\.byteOffset) == [13, 55, 83, 87, 95])
        let stats = try #require(extractor.fileStats.first)
        #expect(stats.isGzip == (file != "gzip/plain-named.csv.gz"))
        #expect(stats.bytesDecoded == 132)
        #expect(stats.bytesRead == extractor.files[0].size)
    }

    @Test func globYieldsOneFileAtATimeInPathOrder() throws {
        let source = makeSource(path: "csv/glob/*.csv", format: .csv(csvOptions()), fields: ["v"], key: "id")
        let (extractor, batches) = try readAll(source)
        let names = ["part-1.csv", "part-10.csv", "part-2.csv"].map { Fixture.path("csv/glob/" + $0) }
        #expect(batches.map(\.file) == names)
        #expect(batches.map { $0.rows.map(Array.init) } == [[["1", "a"]], [["10", "j"]], [["2", "b"], ["3", "c"]]])
        #expect(batches.map { $0.origins.map(\.record) } == [[1], [1], [1, 2]])
        #expect(extractor.fileStats.map(\.file) == names)
        #expect(extractor.fileStats.map(\.records) == [1, 1, 2])
    }

    @Test func noMatchingFileFailsAtInit() throws {
        let source = makeSource(path: "csv/nothing-*.csv", format: .csv(csvOptions()), fields: ["id"])
        let error = #expect(throws: ExtractError.self) { _ = try SourceExtractor(source: source, baseDirectory: Fixture.root) }
        #expect(error?.code == .noFiles)
        #expect(error?.message == "no file matches 'csv/nothing-*.csv' in directory '\(Fixture.root)'; expected at least one file")
    }

    @Test func malformedRecordsGoToQuarantineAndCountTowardTheBatch() throws {
        let source = makeSource(name: "qb", path: "csv/malformed.csv", format: .csv(csvOptions()), fields: ["name"],
                                batchSize: 3)
        let (extractor, batches) = try readAll(source)
        #expect(batches.map(\.recordCount) == [3, 3, 1])
        #expect(batches.map(\.rows.count) == [1, 0, 1])
        let rejects = batches.flatMap(\.rejects)
        #expect(rejects.map(\.origin) == [
            RowOrigin(line: 3, byteOffset: 23, record: 2), RowOrigin(line: 4, byteOffset: 36, record: 3),
            RowOrigin(line: 5, byteOffset: 54, record: 4), RowOrigin(line: 6, byteOffset: 65, record: 5),
            RowOrigin(line: 7, byteOffset: 73, record: 6),
        ])
        let first = try #require(rejects.first)
        #expect(first.source == "qb")
        #expect(first.file == Fixture.path("csv/malformed.csv"))
        #expect(first.reason == .malformedRecord)
        #expect(first.field == nil)
        #expect(first.detail.hasPrefix("stray quote in unquoted field 2 at line 3, byte 27"))
        #expect(first.original == "{\"raw\":\"2,ab\\\"c,stray\"}")
        #expect(rejects.last?.original == "{\"raw\":\"6,\\\"multi\\nline\\\"z,q\"}")
        #expect(extractor.fileStats.map(\.rejects) == [5])
        #expect(extractor.fileStats.map(\.rows) == [2])
        #expect(extractor.fileStats.map(\.records) == [7])
    }

    @Test func invalidUTF8IsKeptAsBase64() throws {
        let source = makeSource(path: "csv/invalid_utf8.csv", format: .csv(csvOptions()), fields: ["name"])
        let (_, batches) = try readAll(source)
        let reject = try #require(batches.first?.rejects.first)
        #expect(reject.reason == .invalidEncoding)
        #expect(reject.original == "{\"raw_base64\":\"MSxOZ3V54W4=\"}")
        #expect(batches.first?.rows.map(Array.init) == [["2", "ok"]])
    }

    @Test func oversizedOriginalIsMarkedTruncated() throws {
        let source = makeSource(path: "csv/oversized.csv", format: .csv(csvOptions(maxRecordBytes: 64)), fields: ["text"])
        let (_, batches) = try readAll(source)
        let reject = try #require(batches.first?.rejects.first)
        #expect(reject.original == "{\"raw\":\"2,\(String(repeating: "x", count: 62))\",\"truncated\":true}")
    }

    @Test func stopThrowsAtTheFirstMalformedRecord() throws {
        let source = makeSource(path: "csv/malformed.csv", format: .csv(csvOptions()), fields: ["name"], onError: .stop)
        var extractor = try SourceExtractor(source: source, baseDirectory: Fixture.root)
        let error = #expect(throws: ExtractError.self) { _ = try extractor.nextBatch() }
        #expect(error?.code == .malformedRecord)
        #expect(error?.file == Fixture.path("csv/malformed.csv"))
        #expect(error?.line == 3)
        #expect(error?.byteOffset == 23)
        #expect(error?.message.hasPrefix("stray quote in unquoted field 2 at line 3, byte 27") == true)
        #expect(try extractor.nextBatch() == nil)  // a stopped source stays stopped
    }

    @Test func stopOnBadEncodingUsesItsCode() throws {
        let source = makeSource(path: "csv/invalid_utf8.csv", format: .csv(csvOptions()), fields: ["name"], onError: .stop)
        let error = #expect(throws: ExtractError.self) { _ = try readAll(source) }
        #expect(error?.code == .invalidEncoding)
        #expect(error?.line == 2)
        #expect(error?.byteOffset == 8)
    }

    @Test func stopInAJSONLinesFile() throws {
        let source = makeSource(path: "jsonl/errors.jsonl", format: .jsonl(jsonlOptions()), fields: ["a"], onError: .stop)
        let error = #expect(throws: ExtractError.self) { _ = try readAll(source) }
        #expect(error?.code == .malformedRecord)
        #expect(error?.line == 2)
        #expect(error?.byteOffset == 8)
        #expect(error?.message == "invalid JSON on line 2: expected ':' after the key at byte offset 5 of the line, found '1'")
    }

    @Test func csvHeaderWithoutNeededColumnsFailsFast() throws {
        let source = makeSource(path: "csv/quoted.csv", format: .csv(csvOptions()), fields: ["name", "SoCCCD"], key: "MaHoSo")
        let error = #expect(throws: ExtractError.self) { _ = try readAll(source) }
        #expect(error?.code == .malformedRecord)
        #expect(error?.line == 1)
        #expect(error?.message == "the header lacks columns 'SoCCCD', 'MaHoSo' that the pipeline reads; expected "
                + "'name', 'SoCCCD', 'MaHoSo', found 'id', 'name', 'note'")
    }

    @Test func jsonLinesBatchesCarryDocumentsAndPathColumns() throws {
        let source = makeSource(name: "qt", path: "gzip/multi.jsonl.gz", format: .jsonl(jsonlOptions()),
                                fields: ["applicant.fullName", "fee"], key: "dossierCode", batchSize: 4)
        let (extractor, batches) = try readAll(source)
        #expect(batches.map(\.recordCount) == [4, 1])
        #expect(batches.allSatisfy { $0.columns == ["applicant.fullName", "fee", "dossierCode"] })
        #expect(batches.allSatisfy { $0.documents.count == $0.rows.count })
        #expect(batches.flatMap { $0.rows.map(Array.init) } == [
            ["Nguyễn Văn A", "15000", "QT-1"], ["Trần \"B\"\\ / \n", "-1.5e3", "QT-2"], [nil, nil, "QT-3"],
            ["Lê D", nil, "QT-4"], [nil, "0", "QT-5"],
        ])
        #expect(batches.last?.documents.first == "{\"dossier\\u0043ode\":\"QT-5\",\"fee\":0,\"paid\":null,\"applicant\":{}}")
        #expect(batches.flatMap(\.origins).map(\.line) == [1, 3, 5, 6, 7])
        #expect(extractor.fileStats.first?.isGzip == true)
        #expect(extractor.fileStats.first?.bytesDecoded == 528)
    }

    @Test func truncatedGzipStopsTheSourceWithItsOffset() throws {
        let source = makeSource(path: "gzip/truncated.csv.gz", format: .csv(csvOptions()), fields: ["id"])
        let error = #expect(throws: ExtractError.self) { _ = try readAll(source) }
        #expect(error?.code == .truncatedGzip)
        #expect(error?.file == Fixture.path("gzip/truncated.csv.gz"))
        #expect(error?.byteOffset == 123)
    }

    @Test func emptyLinesDoNotCountAsRecords() throws {
        let source = makeSource(path: "csv/empty_lines.csv", format: .csv(csvOptions()), fields: ["a"])
        let (extractor, batches) = try readAll(source)
        #expect(batches.count == 1)
        #expect(batches.first?.columns == ["a", "b"])
        #expect(extractor.fileStats.first?.records == 2)
        #expect(extractor.fileStats.first?.bytesDecoded == 18)
    }

    @Test func filesWithoutRecordsGiveNoBatchButAreCounted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data().write(to: dir.appendingPathComponent("a.csv"))
        try Data("id,name\r\n".utf8).write(to: dir.appendingPathComponent("b.csv"))
        try Data("id,name\n7,x\n".utf8).write(to: dir.appendingPathComponent("c.csv"))
        let source = makeSource(path: "*.csv", format: .csv(csvOptions()), fields: ["name"])
        let (extractor, batches) = try readAll(source, base: dir.path)
        #expect(batches.map(\.file) == [dir.path + "/c.csv"])
        #expect(batches.first?.rows.map(Array.init) == [["7", "x"]])
        #expect(extractor.fileStats.map(\.records) == [0, 0, 1])
        #expect(extractor.fileStats.map(\.bytesDecoded) == [0, 9, 12])
    }

    @Test func largeFileAcrossReadChunksKeepsEveryPosition() throws {
        // ~2.6 MB: records straddle the 1 MiB read chunks; every fifth has a quoted line break.
        var text = "id,name,note\n"
        var expected: [(values: [String?], origin: RowOrigin)] = []
        var line = 2
        for i in 1...60_000 {
            let offset = Int64(text.utf8.count)
            let note = i % 5 == 0 ? "dòng một\ndòng \"\"hai\"\"" : "ghi chú \(i)"
            let value = i % 5 == 0 ? "dòng một\ndòng \"hai\"" : note
            text += "\(i),Nguyễn Văn \(i),\(i % 5 == 0 ? "\"" + note + "\"" : note)\r\n"
            expected.append((["\(i)", "Nguyễn Văn \(i)", value], RowOrigin(line: line, byteOffset: offset, record: i)))
            line += i % 5 == 0 ? 2 : 1
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(text.utf8).write(to: dir.appendingPathComponent("big.csv"))
        let source = makeSource(path: "big.csv", format: .csv(csvOptions()), fields: ["name"], batchSize: 4096)
        let (extractor, batches) = try readAll(source, base: dir.path)
        #expect(batches.map(\.recordCount) == Array(repeating: 4096, count: 14) + [60_000 - 14 * 4096])
        let rows = batches.flatMap { $0.rows.map(Array.init) }
        let origins = batches.flatMap(\.origins)
        #expect(rows.count == expected.count)
        let mismatches = zip(expected, zip(rows, origins)).filter { $0.0.values != $0.1.0 || $0.0.origin != $0.1.1 }
        #expect(mismatches.isEmpty, "first mismatch: \(String(describing: mismatches.first))")
        #expect(extractor.fileStats.first?.bytesDecoded == Int64(text.utf8.count))
        #expect(text.utf8.count > 2 << 20)
    }
}
