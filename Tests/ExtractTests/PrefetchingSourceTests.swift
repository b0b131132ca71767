import Testing
@testable import Core
@testable import Extract

/// A source of `count` bytes (byte i = i % 251), failing at `failAt` if given, in reads of at
/// most `step` bytes.
private final class CountingSource: ByteSource {
    let name = "counting"
    private(set) var position: Int64 = 0
    let count: Int
    let failAt: Int?
    let step: Int

    init(count: Int, failAt: Int? = nil, step: Int = 1000) {
        self.count = count
        self.failAt = failAt
        self.step = step
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        let limit = failAt ?? count
        if Int(position) >= limit {
            if let failAt { throw ExtractError(.corruptGzip, file: name, byteOffset: Int64(failAt), "broken here") }
            return 0
        }
        let n = min(buffer.count, step, limit - Int(position))
        for i in 0..<n { buffer[i] = UInt8((Int(position) + i) % 251) }
        position += Int64(n)
        return n
    }
}

@Suite struct PrefetchingSourceTests {
    private func drain(_ source: any ByteSource, read: Int) throws(ExtractError) -> [UInt8] {
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: read, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { return out }
            out.append(contentsOf: buffer[..<n])
        }
    }

    @Test(arguments: [(1, 7), (3, 4096), (64, 1 << 20)])
    func deliversEveryByteInOrder(chunk: Int, read: Int) throws {
        let source = PrefetchingSource(CountingSource(count: 100_000), chunkSize: chunk * 1000, depth: 3)
        let bytes = try drain(source, read: read)
        #expect(bytes.count == 100_000)
        #expect(bytes.enumerated().allSatisfy { $0.element == UInt8($0.offset % 251) })
        #expect(source.position == 100_000)
        // After the end, reads keep returning 0.
        #expect(try drain(source, read: 10).isEmpty)
    }

    @Test func anErrorArrivesAfterTheBytesBeforeIt() throws {
        let source = PrefetchingSource(CountingSource(count: 50_000, failAt: 12_345), chunkSize: 4096, depth: 2)
        var got = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1000, alignment: 1)
        defer { buffer.deallocate() }
        let error = #expect(throws: ExtractError.self) {
            while true {
                let n = try source.read(into: buffer)
                if n == 0 { break }
                got += n
            }
        }
        #expect(got == 12_345)
        #expect(error?.byteOffset == 12_345 && error?.message == "broken here")
        // The error is sticky.
        #expect(throws: ExtractError.self) { _ = try source.read(into: buffer) }
    }

    @Test func lettingGoBeforeTheEndStopsTheThread() throws {
        for _ in 0..<50 {
            let source = PrefetchingSource(CountingSource(count: 10_000_000), chunkSize: 1 << 16, depth: 2)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 100, alignment: 1)
            _ = try source.read(into: buffer)
            buffer.deallocate()
            // `source` is released here; its deinit cancels and joins the prefetching thread.
        }
    }

    @Test func gzipFilesReadThroughTheOpenerAreDecodedAhead() throws {
        let input = try InputOpener.open(InputFile(path: Fixture.path("gzip/multi.csv.gz"), name: "multi.csv.gz", size: 0))
        #expect(input.isGzip)
        #expect(input.source is PrefetchingSource)
        #expect(try drain(input.source, read: 3) == (try Fixture.bytes("csv/quoted.csv")))
    }
}
