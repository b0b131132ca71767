@testable import Cleanse
import Foundation
import Testing

/// Memory for large tables read at random: 2 MiB-aligned and advised onto huge pages on Linux;
/// small ones ordinary.
@Suite struct LargeTableTests {
    @Test func aLargeTableIsAlignedAdvisedAndUsable() throws {
        let count = 1 << 17  // the tail memo's 16 MiB, in 128-byte values
        typealias Line = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                          UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
        #expect(MemoryLayout<Line>.stride == 128)
        let table = LargeTable.allocate(Line.self, count: count)
        defer { LargeTable.deallocate(table, count: count) }
        let address = UInt(bitPattern: table)
        #expect(address % UInt(LargeTable.alignment) == 0)
        let zero: Line = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        table.initialize(repeating: zero, count: count)
        for i in stride(from: 0, to: count, by: 4099) { table[i].0 = UInt64(i) }
        for i in stride(from: 0, to: count, by: 4099) { #expect(table[i].0 == UInt64(i)) }
        #expect(table[count - 1].15 == 0)
        #if os(Linux)
        // The kernel records the advice on the mapping ("hg" in its VmFlags), when it has huge pages at all.
        if FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") {
            let flags = try #require(Self.vmFlags(containing: address))
            #expect(flags.split(separator: " ").contains("hg"), "VmFlags: \(flags)")
        }
        #endif
    }

    @Test func aSmallTableIsOrdinaryMemory() {
        let table = LargeTable.allocate(UInt64.self, count: 1000)
        table.initialize(repeating: 7, count: 1000)
        #expect(table[999] == 7)
        LargeTable.deallocate(table, count: 1000)
        let empty = LargeTable.allocate(UInt64.self, count: 0)
        LargeTable.deallocate(empty, count: 0)
    }

    /// The `VmFlags` line of the mapping in /proc/self/smaps that holds `address`.
    private static func vmFlags(containing address: UInt) -> String? {
        // Read to the end: /proc files report no size, and a read by size stops after a page.
        guard let data = try? FileHandle(forReadingAtPath: "/proc/self/smaps")?.readToEnd() else { return nil }
        let smaps = String(decoding: data, as: UTF8.self)
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inside = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
            } else if inside, line.hasPrefix("VmFlags:") {
                return String(line.dropFirst("VmFlags:".count)).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
