import Testing
@testable import Core
@testable import Extract

@Suite struct GzipDecoderTests {
    /// All decoded bytes of a fixture, read in `chunk`-byte pieces.
    private func decode(_ relative: String, chunk: Int = 4096) throws -> (bytes: [UInt8], gzip: Bool) {
        let input = try InputOpener.open(InputFile(path: Fixture.path(relative), name: relative, size: 0))
        let stream = input.source
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
            if n == 0 { break }
            out += buffer[..<n]
        }
        return (out, input.isGzip)
    }

    @Test(arguments: ["gzip/single.csv.gz", "gzip/multi.csv.gz", "gzip/padded.csv.gz", "gzip/disguised.csv"])
    func decodesToTheOriginal(file: String) throws {
        let original = try Fixture.bytes("csv/quoted.csv")
        for chunk in [1, 5, 4096] {
            let (bytes, gzip) = try decode(file, chunk: chunk)
            #expect(gzip)
            #expect(bytes == original, "\(file) read \(chunk) byte(s) at a time")
        }
    }

    @Test func threeMembersOfJSONLines() throws {
        let (bytes, gzip) = try decode("gzip/multi.jsonl.gz")
        #expect(gzip)
        #expect(bytes == (try Fixture.bytes("jsonl/nested.jsonl")))
    }

    @Test func plainFileWithAGzipNameIsNotGzip() throws {
        let (bytes, gzip) = try decode("gzip/plain-named.csv.gz")
        #expect(!gzip)
        #expect(bytes == (try Fixture.bytes("csv/quoted.csv")))
    }

    @Test func truncatedMemberIsPositioned() throws {
        let error = #expect(throws: ExtractError.self) { try decode("gzip/truncated.csv.gz") }
        #expect(error?.code == .truncatedGzip)
        #expect(error?.file == "gzip/truncated.csv.gz")
        #expect(error?.byteOffset == 123)  // the file's size: the data ends there
        #expect(error?.message == "gzip data ends at compressed byte 123 inside the member that starts at byte 0; "
                + "expected the rest of the member (was the file cut short?)")
    }

    @Test func truncatedHeaderIsPositioned() throws {
        let error = #expect(throws: ExtractError.self) { try decode("gzip/truncated-header.csv.gz", chunk: 1) }
        #expect(error?.code == .truncatedGzip)
        #expect(error?.byteOffset == 6)
    }

    @Test func corruptDataCarriesZlibsMessage() throws {
        let error = #expect(throws: ExtractError.self) { try decode("gzip/corrupt.csv.gz") }
        #expect(error?.code == .corruptGzip)
        // The bad block header is byte 10; zlib stops right after reading it.
        #expect(error?.byteOffset == 11)
        #expect(error?.message == "corrupt gzip data at compressed byte 11 (member starting at byte 0): invalid block type")
    }

    @Test func badChecksumIsCorrupt() throws {
        let error = #expect(throws: ExtractError.self) { try decode("gzip/badcrc.csv.gz") }
        #expect(error?.code == .corruptGzip)
        #expect(error?.message.hasSuffix("incorrect data check") == true)
        #expect((135...143).contains(error?.byteOffset ?? -1))  // in the 8-byte trailer
    }

    @Test func garbageAfterAMemberIsCorruptAtItsOffset() throws {
        let error = #expect(throws: ExtractError.self) { try decode("gzip/trailing-garbage.csv.gz") }
        #expect(error?.code == .corruptGzip)
        #expect(error?.message.contains("(member starting at byte 143)") == true)
        #expect(error?.message.hasSuffix("incorrect header check") == true)
    }

    @Test func missingFileCannotOpen() throws {
        let error = #expect(throws: ExtractError.self) { try decode("gzip/does-not-exist.gz") }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.hasPrefix("cannot open the file: No such file or directory") == true)
    }
}
