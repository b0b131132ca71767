import Foundation
import Testing
@testable import Core
@testable import Extract

@Suite struct FileDiscoveryTests {
    @Test func globMatchesRegularFilesSortedByPath() throws {
        let files = try FileDiscovery.files(matching: "csv/glob/*.csv", relativeTo: Fixture.root)
        // Byte order, not numeric; the directory `dir.csv` and `notes.txt` are not matched.
        #expect(files.map(\.path) == ["part-1.csv", "part-10.csv", "part-2.csv"].map { Fixture.path("csv/glob/" + $0) })
        #expect(files.map(\.name) == files.map(\.path))
        #expect(files.map(\.size) == [9, 10, 13])
    }

    @Test(arguments: [
        ("csv/glob/part-?.csv", ["part-1.csv", "part-2.csv"]),
        ("csv/glob/part-[12].csv", ["part-1.csv", "part-2.csv"]),
        ("csv/glob/part-1*", ["part-1.csv", "part-10.csv"]),
        ("csv/glob/part-10.csv", ["part-10.csv"]),
    ])
    func patterns(pattern: String, expected: [String]) throws {
        let files = try FileDiscovery.files(matching: pattern, relativeTo: Fixture.root)
        #expect(files.map(\.path) == expected.map { Fixture.path("csv/glob/" + $0) })
    }

    @Test func absolutePatternIgnoresTheBase() throws {
        let files = try FileDiscovery.files(matching: Fixture.path("csv/glob/part-2.csv"), relativeTo: "/nonexistent")
        #expect(files.map(\.path) == [Fixture.path("csv/glob/part-2.csv")])
    }

    @Test func relativeToTheCurrentDirectory() throws {
        // With base "." the pattern is used as given, so names stay short.
        let error = #expect(throws: ExtractError.self) {
            _ = try FileDiscovery.files(matching: "no-such-dir-xyz/*.csv", relativeTo: ".")
        }
        #expect(error?.message == "no file matches 'no-such-dir-xyz/*.csv' in directory '.'; expected at least one file")
    }

    @Test func noMatchNamesThePatternAndTheDirectory() throws {
        let error = #expect(throws: ExtractError.self) {
            _ = try FileDiscovery.files(matching: "csv/glob/*.parquet", relativeTo: Fixture.root)
        }
        #expect(error?.code == .noFiles)
        #expect(error?.file == "csv/glob/*.parquet")
        #expect(error?.message == "no file matches 'csv/glob/*.parquet' in directory '\(Fixture.root)'; expected at least one file")
    }

    @Test func aMissingPlainPathIsNoFiles() throws {
        let error = #expect(throws: ExtractError.self) {
            _ = try FileDiscovery.files(matching: "csv/missing.csv", relativeTo: Fixture.root)
        }
        #expect(error?.code == .noFiles)
    }

    @Test func onlyDirectoriesMatchingIsNoFiles() throws {
        let error = #expect(throws: ExtractError.self) {
            _ = try FileDiscovery.files(matching: "csv/glob/dir.*", relativeTo: Fixture.root)
        }
        #expect(error?.code == .noFiles)
        #expect(error?.message.contains("(only directories)") == true)
    }
}

@Suite struct FileDiscoveryArchiveTests {
    private let hoso = Fixture.path("zip/hoso.zip")

    @Test func anArchiveStandsForItsMembersSortedByPath() throws {
        let files = try FileDiscovery.files(matching: "zip/hoso.zip", relativeTo: Fixture.root)
        let members = ["README.txt", "data/2023/hoso-01.csv", "data/2024/ghi-chu.txt", "data/2024/hoso-02.csv",
                       "data/2024/hoso-03.csv.gz"]
        #expect(files.map(\.member) == members)
        #expect(files.map(\.name) == members.map { hoso + "!/" + $0 })
        #expect(files.allSatisfy { $0.path == hoso })
        #expect(files.map(\.size) == [56, 121, 49, 71, 144])
    }

    @Test(arguments: [
        ("*.csv", ["data/2023/hoso-01.csv", "data/2024/hoso-02.csv"]),
        ("*.csv*", ["data/2023/hoso-01.csv", "data/2024/hoso-02.csv", "data/2024/hoso-03.csv.gz"]),
        ("data/2024/*", ["data/2024/ghi-chu.txt", "data/2024/hoso-02.csv", "data/2024/hoso-03.csv.gz"]),
        ("data/*/hoso-0[13]*", ["data/2023/hoso-01.csv", "data/2024/hoso-03.csv.gz"]),
        ("README.txt", ["README.txt"]),
        ("data/2023*", ["data/2023/hoso-01.csv"]),  // not the directory entry data/2023/
    ])
    func membersGlob(members: String, expected: [String]) throws {
        let files = try FileDiscovery.files(matching: "zip/hoso.zip", relativeTo: Fixture.root, members: members)
        #expect(files.map(\.member) == expected)
    }

    @Test func archivesAmongPlainFilesKeepThePathOrder() throws {
        let files = try FileDiscovery.files(matching: "zip/hoso*.zip", relativeTo: Fixture.root, members: "*.csv")
        // "hoso-streamed.zip" sorts before "hoso.zip" ('-' < '.').
        #expect(files.map(\.name) == [
            Fixture.path("zip/hoso-streamed.zip!/2024/hoso-04.csv"), Fixture.path("zip/hoso-streamed.zip!/2024/hoso-05.csv"),
            hoso + "!/data/2023/hoso-01.csv", hoso + "!/data/2024/hoso-02.csv",
        ])
    }

    @Test func anArchiveIsRecognisedByItsMagicBytesNotItsName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: Fixture.path("zip/hoso-streamed.zip"), toPath: dir.path + "/export.dat")
        try Data("PK but not a zip\n".utf8).write(to: dir.appendingPathComponent("plain.zip"))
        let files = try FileDiscovery.files(matching: "*", relativeTo: dir.path)
        #expect(files.map(\.name) == [dir.path + "/export.dat!/2024/hoso-04.csv", dir.path + "/export.dat!/2024/hoso-05.csv",
                                      dir.path + "/plain.zip"])
        #expect(files.map(\.member) == ["2024/hoso-04.csv", "2024/hoso-05.csv", nil])
    }

    @Test func withoutAMembersGlobArchivesStayWhole() throws {
        let files = try FileDiscovery.files(matching: "zip/hoso.zip", relativeTo: Fixture.root, members: nil)
        #expect(files == [InputFile(path: hoso, name: hoso, size: 1315)])
    }

    @Test func anArchiveWithoutAMatchingMemberIsNoFiles() throws {
        let error = #expect(throws: ExtractError.self) {
            _ = try FileDiscovery.files(matching: "zip/hoso.zip", relativeTo: Fixture.root, members: "*.xml")
        }
        #expect(error?.code == .noFiles)
        #expect(error?.file == hoso)
        #expect(error?.message == "no member of archive '\(hoso)' matches '*.xml' (it holds 5 files); expected at least one")
    }

    @Test(arguments: ["zip/empty.zip", "zip/dirs-only.zip"])
    func anArchiveWithoutFilesIsNoFiles(path: String) throws {
        let error = #expect(throws: ExtractError.self) {
            _ = try FileDiscovery.files(matching: path, relativeTo: Fixture.root)
        }
        #expect(error?.code == .noFiles)
        #expect(error?.message == "no member of archive '\(Fixture.path(path))' matches '*' (it holds no files); expected at least one")
    }

    @Test func aDamagedCentralDirectoryFailsDiscovery() throws {
        let error = #expect(throws: ExtractError.self) {
            _ = try FileDiscovery.files(matching: "zip/bad/truncated.zip", relativeTo: Fixture.root)
        }
        #expect(error?.code == .corruptArchive)
        #expect(error?.file == Fixture.path("zip/bad/truncated.zip"))
    }
}
