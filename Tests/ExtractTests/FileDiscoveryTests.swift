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
