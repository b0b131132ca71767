import Foundation
import Testing
@testable import Core
@testable import Extract

/// The contents the zip fixtures hold (see Tests/Fixtures/zip/make-zip-fixtures.py).
enum ZipContent {
    static let hoso01 = "ma_ho_so,ho_ten,thu_tuc\nHS-2023-001,Nguyễn Văn An,Cấp giấy khai sinh\n"
        + "HS-2023-002,Trần Thị Bình,Đăng ký kết hôn\n"
    static let hoso02 = "ma_ho_so,ho_ten,thu_tuc\nHS-2024-001,Lê Văn Cường,Cấp lại CCCD\n"
    static let hoso03 = "ma_ho_so,ho_ten,thu_tuc\r\nHS-2024-101,Phạm Thị Dung,Chứng thực bản sao\r\n"
        + "HS-2024-102,Hoàng Văn Em,\"Đăng ký tạm trú, lưu trú\"\r\n"
    static let hoso04 = "ma_ho_so,ho_ten,thu_tuc\nHS-2024-201,Vũ Thị Giang,Cấp phép xây dựng\n"
    static let hoso05 = "ma_ho_so,ho_ten,thu_tuc\nHS-2024-301,Đặng Văn Hải,Đăng ký thường trú\n"
    static let readme = "Xuất từ hệ thống một cửa, tỉnh Hà Giang.\n"
    static let note = "Ghi chú: " + String(repeating: "dữ liệu thử nghiệm. ", count: 40) + "\n"
}

/// Reads `source` to its end, `chunk` bytes at a time.
func drain(_ source: any ByteSource, chunk: Int) throws(ExtractError) -> [UInt8] {
    var out: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let n = try source.read(into: buffer)
        if n == 0 { return out }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<n]))
    }
}

@Suite struct ZipArchiveTests {
    private func archive(_ name: String) throws -> ZipArchive {
        try ZipArchive(path: Fixture.path("zip/" + name), name: name)
    }

    /// Opens `member` of `archive` afresh and reads it `chunk` bytes at a time.
    private func read(_ archiveName: String, _ member: String, chunk: Int) throws -> [UInt8] {
        let zip = try archive(archiveName)
        let entry = try #require(zip.entry(member))
        return try drain(zip.open(entry), chunk: chunk)
    }

    @Test func centralDirectoryInOrder() throws {
        let zip = try archive("hoso.zip")
        #expect(zip.entries.map(\.path) == [
            "README.txt", "data/", "data/2024/", "data/2024/hoso-02.csv", "data/2024/hoso-03.csv.gz",
            "data/2024/ghi-chu.txt", "data/2023/", "data/2023/hoso-01.csv",
        ])
        #expect(zip.entries.map(\.isDirectory) == [false, true, true, false, false, false, true, false])
        #expect(zip.entries.map(\.method) == [0, 0, 0, 0, 0, 8, 0, 8])
        #expect(zip.entries.map(\.localHeaderOffset) == [0, 96, 131, 171, 293, 491, 591, 631])
        #expect(zip.entries.map(\.compressedSize) == [56, 0, 0, 71, 144, 49, 0, 121])
        #expect(zip.entries.map(\.uncompressedSize) == [56, 0, 0, 71, 144, 1131, 0, 129])
        let hoso02 = try #require(zip.entry("data/2024/hoso-02.csv"))
        #expect(hoso02.crc32 == 0x366F_9753)
        #expect(zip.entry("data/2024/missing.csv") == nil)
        #expect(zip.size == 1315)
        #expect(zip.memberName(hoso02) == "hoso.zip!/data/2024/hoso-02.csv")
    }

    @Test(arguments: [1, 3, 7, 64, 4096, 1 << 20])
    func storedAndDeflatedMembersInAnyReadSize(chunk: Int) throws {
        #expect(try read("hoso.zip", "README.txt", chunk: chunk) == ZipContent.readme.bytes)
        #expect(try read("hoso.zip", "data/2024/hoso-02.csv", chunk: chunk) == ZipContent.hoso02.bytes)
        #expect(try read("hoso.zip", "data/2024/ghi-chu.txt", chunk: chunk) == ZipContent.note.bytes)
        #expect(try read("hoso.zip", "data/2023/hoso-01.csv", chunk: chunk) == ZipContent.hoso01.bytes)
        #expect(try read("hoso.zip", "data/2023/", chunk: chunk) == [])
        #expect(try read("hoso-streamed.zip", "2024/hoso-04.csv", chunk: chunk) == ZipContent.hoso04.bytes)
        #expect(try read("hoso-streamed.zip", "2024/hoso-05.csv", chunk: chunk) == ZipContent.hoso05.bytes)
    }

    @Test func memberSourceNameAndPosition() throws {
        let zip = try archive("hoso.zip")
        let source = try zip.open(try #require(zip.entry("data/2023/hoso-01.csv")))
        #expect(source.name == "hoso.zip!/data/2023/hoso-01.csv")
        #expect(source.position == 0)
        _ = try drain(source, chunk: 10)
        #expect(source.position == 129)
        // Reads after the end stay at the end.
        var byte: UInt8 = 0
        #expect(try withUnsafeMutableBytes(of: &byte) { try source.read(into: $0) } == 0)
        // An archive named after the member (as InputOpener names it) is not named twice.
        let named = try ZipArchive(path: Fixture.path("zip/hoso.zip"), name: "hoso.zip!/data/2023/hoso-01.csv")
        #expect(try named.open(try #require(named.entry("data/2023/hoso-01.csv"))).name == "hoso.zip!/data/2023/hoso-01.csv")
    }

    @Test func severalMembersOpenAtOnce() throws {
        let zip = try archive("hoso.zip")
        let a = try zip.open(try #require(zip.entry("data/2023/hoso-01.csv")))
        let b = try zip.open(try #require(zip.entry("data/2024/hoso-02.csv")))
        var outA: [UInt8] = []
        var outB: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 5, alignment: 1)
        defer { buffer.deallocate() }
        var doneA = false
        var doneB = false
        while !doneA || !doneB {
            let n = try a.read(into: buffer)
            doneA = n == 0
            outA.append(contentsOf: buffer[..<n])
            let m = try b.read(into: buffer)
            doneB = m == 0
            outB.append(contentsOf: buffer[..<m])
        }
        #expect(outA == ZipContent.hoso01.bytes)
        #expect(outB == ZipContent.hoso02.bytes)
    }

    @Test func dataDescriptorMembersUseTheCentralDirectory() throws {
        let zip = try archive("hoso-streamed.zip")
        #expect(zip.entries.map(\.path) == ["2024/hoso-04.csv", "2024/hoso-05.csv"])
        #expect(zip.entries.allSatisfy { $0.flags & 0x8 != 0 })
        #expect(zip.entries.map(\.uncompressedSize) == [76, 81])
        #expect(zip.entries.map(\.crc32) == [0xE1CB_BEF6, 0xE369_ED51])
    }

    @Test(arguments: [7, 1000, 65536, 1 << 20])
    func largeDeflatedMemberAcrossInputChunks(chunk: Int) throws {
        let bytes = try read("large.zip", "large.txt", chunk: chunk)
        #expect(bytes.count == 200_000)
        #expect(Array(bytes.prefix(12)) == "MiKW\n4blfjXG".bytes)
        #expect(Array(bytes.suffix(8)) == "28fNA03M".bytes)
        #expect(try read("large.zip", "empty.txt", chunk: chunk) == [])
    }

    @Test func namesInUTF8AndCodePage437() throws {
        let zip = try archive("names.zip")
        #expect(zip.entries.map(\.path) == ["hồ-sơ/danh-sách.csv", "báo-cáo.csv"])
        #expect(zip.entries.map { $0.flags & 0x800 } == [0x800, 0])
        #expect(try read("names.zip", "báo-cáo.csv", chunk: 16) == ZipContent.hoso02.bytes)
        #expect(CP437.string([0x41, 0x80, 0x9B, 0xE1, 0xFF]) == "AÇ¢ß\u{A0}")
    }

    @Test func endRecordFoundBehindACommentWithAFakeSignature() throws {
        let zip = try archive("commented.zip")
        #expect(zip.entries.map(\.path) == ["a.csv"])
        #expect(try read("commented.zip", "a.csv", chunk: 3) == ZipContent.hoso02.bytes)
    }

    @Test func zip64RecordsAndExtraFields() throws {
        let zip = try archive("zip64.zip")
        #expect(zip.entries.map(\.path) == ["hoso-64.csv", "sub/hoso-65.csv"])
        #expect(zip.entries.map(\.compressedSize) == [71, 77])
        #expect(zip.entries.map(\.uncompressedSize) == [71, 76])
        #expect(zip.entries.map(\.localHeaderOffset) == [0, 132])
        #expect(try read("zip64.zip", "hoso-64.csv", chunk: 5) == ZipContent.hoso02.bytes)
        #expect(try read("zip64.zip", "sub/hoso-65.csv", chunk: 5) == ZipContent.hoso04.bytes)
    }

    @Test func emptyArchives() throws {
        #expect(try archive("empty.zip").entries.isEmpty)
        #expect(try archive("dirs-only.zip").entries.map(\.path) == ["data/", "data/2024/"])
    }

    @Test func isZipByMagicBytes() throws {
        #expect(ZipArchive.isZip(path: Fixture.path("zip/hoso.zip")))
        #expect(ZipArchive.isZip(path: Fixture.path("zip/empty.zip")))
        #expect(!ZipArchive.isZip(path: Fixture.path("csv/quoted.csv")))
        #expect(!ZipArchive.isZip(path: Fixture.path("gzip/single.csv.gz")))
        #expect(!ZipArchive.isZip(path: Fixture.path("zip/no-such.zip")))
        #expect(!ZipArchive.isZip(path: Fixture.path("zip")))
    }

    @Test func gzipMemberThroughTheInputOpener() throws {
        let file = InputFile(path: Fixture.path("zip/hoso.zip"), name: "hoso.zip!/data/2024/hoso-03.csv.gz", size: 144,
                             member: "data/2024/hoso-03.csv.gz")
        let opened = try InputOpener.open(file)
        #expect(opened.isGzip)
        #expect(opened.source.name == "hoso.zip!/data/2024/hoso-03.csv.gz")
        #expect(try drain(opened.source, chunk: 7) == ZipContent.hoso03.bytes)
        #expect(opened.stored.position == 144)
    }

    // MARK: Errors

    /// The error reading `member` of `archive` throws, the same for every read size.
    private func readError(_ archiveName: String, _ member: String) throws -> ExtractError {
        var errors: [ExtractError] = []
        for chunk in [1, 7, 1 << 20] {
            do {
                _ = try read(archiveName, member, chunk: chunk)
                Issue.record("expected an error reading \(member) \(chunk) byte(s) at a time")
            } catch let error as ExtractError {
                errors.append(error)
            }
        }
        let first = try #require(errors.first)
        for e in errors.dropFirst() {
            #expect(e.code == first.code && e.byteOffset == first.byteOffset && e.message == first.message)
        }
        return first
    }

    private func openError(_ name: String) -> ExtractError? {
        #expect(throws: ExtractError.self) { _ = try archive(name) }
    }

    @Test func truncatedArchiveHasNoEndRecord() throws {
        let error = try #require(openError("bad/truncated.zip"))
        #expect(error.code == .corruptArchive)
        #expect(error.file == "bad/truncated.zip")
        #expect(error.byteOffset == 0)
        #expect(error.message == "no end-of-central-directory record (signature 50 4B 05 06) in the last 657 bytes; "
                + "expected one at the end of a zip archive (truncated archive?)")
    }

    @Test func tooShortForAnEndRecord() throws {
        let error = try #require(openError("bad/tiny.zip"))
        #expect(error.code == .corruptArchive)
        #expect(error.byteOffset == 0)
        #expect(error.message == "the file is 6 bytes, too short for a zip archive; expected at least the 22-byte "
                + "end-of-central-directory record (truncated archive?)")
    }

    @Test func badCentralDirectorySignature() throws {
        let error = try #require(openError("bad/central-signature.zip"))
        #expect(error.code == .corruptArchive)
        #expect(error.byteOffset == 859)
        #expect(error.message == "bad signature at byte 859: expected central directory entry 2 (50 4B 01 02), "
                + "found 50 4B 01 09")
    }

    @Test func centralDirectoryPastTheEndRecord() throws {
        let error = try #require(openError("bad/cd-overrun.zip"))
        #expect(error.code == .corruptArchive)
        #expect(error.byteOffset == 1293)
        #expect(error.message == "the central directory (490 bytes at byte 903) runs past the end-of-central-directory "
                + "record at byte 1293; expected it to end there (truncated or damaged archive?)")
    }

    @Test func splitArchivesAreRefused() throws {
        let error = try #require(openError("bad/split.zip"))
        #expect(error.code == .cannotOpen)
        #expect(error.byteOffset == 1293)
        #expect(error.message == "the archive is split over 2 volumes; split zip archives are not supported "
                + "(expected a single-file archive)")
    }

    @Test func crcMismatchAtTheMembersEnd() throws {
        let error = try readError("bad/crc.zip", "data/2024/hoso-02.csv")
        #expect(error.code == .corruptArchive)
        #expect(error.file == "bad/crc.zip!/data/2024/hoso-02.csv")
        #expect(error.byteOffset == 222)
        #expect(error.message == "member 'data/2024/hoso-02.csv': CRC-32 0xDE7807F2 expected 0x366F9753; "
                + "its data (71 bytes at byte 222) is corrupt")
        // The other members are fine.
        #expect(try read("bad/crc.zip", "data/2023/hoso-01.csv", chunk: 64) == ZipContent.hoso01.bytes)
    }

    @Test func corruptDeflateData() throws {
        let error = try readError("bad/inflate.zip", "data/2023/hoso-01.csv")
        #expect(error.code == .corruptArchive)
        #expect(error.byteOffset == 683)
        #expect(error.message == "corrupt deflate data in member 'data/2023/hoso-01.csv' at byte 683: invalid block type")
    }

    @Test func badLocalHeaderSignature() throws {
        let zip = try archive("bad/local-signature.zip")
        let error = #expect(throws: ExtractError.self) { _ = try zip.open(try #require(zip.entry("data/2024/hoso-02.csv"))) }
        #expect(error?.code == .corruptArchive)
        #expect(error?.byteOffset == 171)
        #expect(error?.message == "bad signature at byte 171: expected the local header of member "
                + "'data/2024/hoso-02.csv' (50 4B 03 04), found 58 58 58 58")
    }

    @Test func memberDataPastTheEndOfTheArchive() throws {
        let zip = try archive("bad/past-end.zip")
        let error = #expect(throws: ExtractError.self) { _ = try zip.open(try #require(zip.entry("data/2023/hoso-01.csv"))) }
        #expect(error?.code == .corruptArchive)
        #expect(error?.byteOffset == 682)
        #expect(error?.message == "the data of member 'data/2023/hoso-01.csv' (1000000 bytes at byte 682) runs past "
                + "the end of the archive at byte 1315 (truncated archive?)")
    }

    @Test func sizesThatDisagreeWithTheData() throws {
        let short = try readError("bad/sizes.zip", "short.csv")
        #expect(short.code == .corruptArchive)
        #expect(short.byteOffset == 39)
        #expect(short.message == "member 'short.csv' is 129 bytes; expected 134, its size in the central directory")
        let long = try readError("bad/sizes.zip", "long.csv")
        #expect(long.code == .corruptArchive)
        #expect(long.byteOffset == 198)
        #expect(long.message == "member 'long.csv' inflates to more than its 128 bytes in the central directory")
    }

    @Test func unsupportedMethodNamesTheMemberAndMethod() throws {
        let zip = try archive("bad/bzip2.zip")
        #expect(try read("bad/bzip2.zip", "ok.csv", chunk: 9) == ZipContent.hoso02.bytes)
        let error = #expect(throws: ExtractError.self) { _ = try zip.open(try #require(zip.entry("nen-bzip2.csv"))) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.file == "bad/bzip2.zip!/nen-bzip2.csv")
        #expect(error?.byteOffset == 107)
        #expect(error?.message == "member 'nen-bzip2.csv' uses compression method 12 (bzip2); expected 0 (stored) or 8 (deflate)")
    }

    @Test func encryptedMembersAreRefused() throws {
        let zip = try archive("bad/encrypted.zip")
        #expect(zip.entries.first?.isEncrypted == true)
        let error = #expect(throws: ExtractError.self) { _ = try zip.open(try #require(zip.entries.first)) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.byteOffset == 0)
        #expect(error?.message == "member 'mat-khau.csv' is encrypted; encrypted zip members are not supported "
                + "(expected an archive without a password)")
    }

    @Test func missingArchive() throws {
        let error = try #require(openError("no-such.zip"))
        #expect(error.code == .cannotOpen)
    }
}
