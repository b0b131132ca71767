import Testing
@testable import Core
@testable import Extract

/// Sources whose `path` matches zip archives: one file per matching member.
@Suite struct ZipSourceExtractorTests {
    @Test func membersOfSeveralArchivesAreReadInPathOrder() throws {
        let source = makeSource(path: "zip/hoso*.zip", format: .csv(csvOptions()), fields: ["ho_ten", "thu_tuc"],
                                key: "ma_ho_so", members: "*.csv*")
        let (extractor, batches) = try readAll(source)
        let streamed = Fixture.path("zip/hoso-streamed.zip!/")
        let hoso = Fixture.path("zip/hoso.zip!/")
        let names = [streamed + "2024/hoso-04.csv", streamed + "2024/hoso-05.csv", hoso + "data/2023/hoso-01.csv",
                     hoso + "data/2024/hoso-02.csv", hoso + "data/2024/hoso-03.csv.gz"]
        #expect(extractor.files.map(\.name) == names)
        #expect(batches.map(\.file) == names)
        #expect(batches.allSatisfy { $0.columns == ["ma_ho_so", "ho_ten", "thu_tuc"] && $0.rejects.isEmpty })
        #expect(batches.map { $0.rows.map(Array.init) } == [
            [["HS-2024-201", "Vũ Thị Giang", "Cấp phép xây dựng"]],
            [["HS-2024-301", "Đặng Văn Hải", "Đăng ký thường trú"]],
            [["HS-2023-001", "Nguyễn Văn An", "Cấp giấy khai sinh"], ["HS-2023-002", "Trần Thị Bình", "Đăng ký kết hôn"]],
            [["HS-2024-001", "Lê Văn Cường", "Cấp lại CCCD"]],
            [["HS-2024-101", "Phạm Thị Dung", "Chứng thực bản sao"], ["HS-2024-102", "Hoàng Văn Em", "Đăng ký tạm trú, lưu trú"]],
        ])
        #expect(batches.last?.origins == [RowOrigin(line: 2, byteOffset: 25, record: 1),
                                          RowOrigin(line: 3, byteOffset: 81, record: 2)])
        #expect(extractor.fileStats.map(\.isGzip) == [false, false, false, false, true])
        #expect(extractor.fileStats.map(\.bytesDecoded) == [76, 81, 129, 71, Int64(ZipContent.hoso03.utf8.count)])
    }

    @Test func aCorruptMemberStopsTheSourceWithTheArchiveOffset() throws {
        let source = makeSource(path: "zip/bad/crc.zip", format: .csv(csvOptions()), fields: ["ho_ten"],
                                members: "data/2024/hoso-02.csv")
        let error = #expect(throws: ExtractError.self) { _ = try readAll(source) }
        #expect(error?.code == .corruptArchive)
        #expect(error?.file == Fixture.path("zip/bad/crc.zip!/data/2024/hoso-02.csv"))
        #expect(error?.byteOffset == 222)
        #expect(error?.message.hasPrefix("member 'data/2024/hoso-02.csv': CRC-32 0xDE7807F2 expected 0x366F9753") == true)
    }

    @Test func anUnsupportedMemberStopsTheSource() throws {
        let source = makeSource(path: "zip/bad/bzip2.zip", format: .csv(csvOptions()), fields: ["ho_ten"])
        var extractor = try SourceExtractor(source: source, baseDirectory: Fixture.root)
        #expect(extractor.files.map(\.member) == ["nen-bzip2.csv", "ok.csv"])
        let error = #expect(throws: ExtractError.self) { _ = try extractor.nextBatch() }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message == "member 'nen-bzip2.csv' uses compression method 12 (bzip2); expected 0 (stored) or 8 (deflate)")
    }

    @Test func noMatchingMemberFailsAtInit() throws {
        let source = makeSource(path: "zip/hoso.zip", format: .csv(csvOptions()), fields: ["ho_ten"], members: "*.json")
        let error = #expect(throws: ExtractError.self) { _ = try SourceExtractor(source: source, baseDirectory: Fixture.root) }
        #expect(error?.code == .noFiles)
        #expect(error?.message.hasPrefix("no member of archive '\(Fixture.path("zip/hoso.zip"))' matches '*.json'") == true)
    }

    @Test func xlsxSourcesKeepTheWorkbookWhole() throws {
        // A workbook is a zip archive; an xlsx source must get the file, not its parts.
        let source = makeSource(path: "zip/hoso.zip", format: .xlsx(XLSXOptions()), fields: ["a"])
        let extractor = try SourceExtractor(source: source, baseDirectory: Fixture.root)
        #expect(extractor.files.map(\.member) == [nil])
        #expect(extractor.files.map(\.name) == [Fixture.path("zip/hoso.zip")])
    }
}
