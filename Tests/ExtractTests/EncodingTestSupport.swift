import Foundation
import Testing
@testable import Core
@testable import Extract

/// The reference data under `reference/encodings/`, located from this file's path.
enum EncodingReference {
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/ExtractTests/EncodingTestSupport.swift
        return parts.joined(separator: "/") + "/reference/encodings"
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func bytes(_ relative: String) throws -> [UInt8] {
        let data = try #require(FileManager.default.contents(atPath: path(relative)), "missing reference \(relative)")
        return [UInt8](data)
    }

    static func text(_ relative: String) throws -> String {
        String(decoding: try bytes(relative), as: UTF8.self)
    }

    /// A TSV with a header row, as one dictionary per row.
    static func table(_ relative: String) throws -> [[String: String]] {
        var lines = try text(relative).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells + Array(repeating: "", count: max(0, header.count - cells.count))))
        }
    }

    /// A vector file: (NFC string, encoded bytes) per line.
    static func vectors(_ name: String) throws -> [(text: String, bytes: [UInt8])] {
        try text("vectors/\(name).tsv").split(separator: "\n").map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (String(cells[0]), hex(String(cells[1])))
        }
    }

    /// The vector files and the encoding each is in.
    static let vectorFiles: [(name: String, encoding: TextEncoding)] = [
        ("cp1258", .windows1258), ("cp1258-decomposed", .windows1258), ("tcvn3", .tcvn3),
        ("tcvn5712-1", .tcvn5712_1), ("vni", .vni), ("viscii", .viscii), ("vps", .vps), ("utf8-nfd", .utf8),
    ]

    /// The legacy CSV files and the encoding each is in.
    static let csvFiles: [(name: String, encoding: TextEncoding)] = [
        ("tcvn3", .tcvn3), ("vni", .vni), ("viscii", .viscii), ("vps", .vps), ("cp1258", .windows1258),
        ("utf8-nfd", .utf8),
    ]

    /// "U+1EA0" / "U+0302 U+0300" -> scalars.
    static func scalars(_ codepoints: String) -> [UInt32] {
        codepoints.split(separator: " ").map { UInt32($0.dropFirst(2), radix: 16)! }
    }

    static func hex(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = text.startIndex
        while i < text.endIndex {
            let j = text.index(i, offsetBy: 2)
            out.append(UInt8(text[i..<j], radix: 16)!)
            i = j
        }
        return out
    }
}

/// `s` in NFC (Foundation's canonical composition).
func nfc(_ s: String) -> String { s.precomposedStringWithCanonicalMapping }

/// A byte source over bytes in memory that gives at most `readSize` bytes per read.
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private let readSize: Int
    private(set) var position: Int64 = 0

    init(_ bytes: [UInt8], readSize: Int = .max) {
        self.bytes = bytes
        self.readSize = readSize
    }

    var name: String { "memory" }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        let start = Int(position)
        let n = min(buffer.count, readSize, bytes.count - start)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + start, byteCount: n)
        }
        position += Int64(n)
        return n
    }
}

/// `bytes` decoded from `encoding` through a ``TranscodingSource`` whose input arrives
/// `inputRead` bytes at a time and whose output is read `outputRead` bytes at a time.
func transcode(_ bytes: [UInt8], _ encoding: TextEncoding, inputRead: Int = .max, outputRead: Int = 1 << 20)
    throws -> (utf8: [UInt8], source: TranscodingSource)
{
    let source = TranscodingSource(MemorySource(bytes, readSize: inputRead), encoding: encoding)
    var out: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: outputRead, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let n = try source.read(into: buffer)
        if n == 0 { break }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<n]))
    }
    #expect(source.position == Int64(out.count))
    return (out, source)
}

/// Encodes text into a legacy encoding with the generated reverse tables (for tests only).
struct LegacyEncoder {
    let encoding: TextEncoding
    private let table: [UInt32: [UInt8]]

    /// - Parameter decomposed: For Windows-1258, write every tone as a separate mark byte.
    init(_ encoding: TextEncoding, decomposed: Bool = false) {
        self.encoding = encoding
        let pairs: [(letter: UInt32, bytes: [UInt8])]
        switch encoding {
        case .windows1258: pairs = decomposed ? EncodingTables.windows1258DecomposedEncoding : EncodingTables.windows1258Encoding
        case .tcvn3: pairs = EncodingTables.tcvn3Encoding
        case .tcvn5712_1: pairs = EncodingTables.tcvn5712_1Encoding
        case .vni: pairs = EncodingTables.vniEncoding
        case .viscii: pairs = EncodingTables.visciiEncoding
        case .vps: pairs = EncodingTables.vpsEncoding
        default: preconditionFailure("not a legacy encoding")
        }
        var table = Dictionary(uniqueKeysWithValues: pairs.map { ($0.letter, $0.bytes) })
        // Other characters the byte table has (Windows-1252 punctuation in TCVN3, VNI and
        // Windows-1258; VPS's quotes), on their first byte.
        let bytes: [UInt32] = switch encoding {
        case .windows1258: EncodingTables.windows1258
        case .tcvn3: EncodingTables.tcvn3
        case .tcvn5712_1: EncodingTables.tcvn5712_1
        case .vni: EncodingTables.vni
        case .viscii: EncodingTables.viscii
        default: EncodingTables.vps
        }
        for byte in 0x80...0xFF {
            let scalar = bytes[byte]
            guard scalar < 0xFFFE && !(0x300..<0x370).contains(scalar), table[scalar] == nil else { continue }
            table[scalar] = [UInt8(byte)]
        }
        self.table = table
    }

    /// `text`'s bytes; `nil` when it holds a character the encoding cannot represent.
    /// Letters take the bytes of the reference tables, other characters the first byte the
    /// encoding decodes to them. ASCII is itself (tab, LF, CR and printable ASCII only: other C0 bytes may be letters).
    func encode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        for scalar in nfc(text).unicodeScalars {
            if scalar.value < 0x80 {
                guard scalar.value >= 0x20 || scalar == "\t" || scalar == "\n" || scalar == "\r" else { return nil }
                out.append(UInt8(scalar.value))
            } else if let bytes = table[scalar.value] {
                out += bytes
            } else {
                return nil
            }
        }
        return out
    }

    /// `text` as TCVN3 can carry it: uppercase toned letters lowercased, as TCVN3 decodes them.
    static func tcvn3Carried(_ text: String) -> String {
        let carried = Set(EncodingTables.tcvn3Encoding.map(\.letter))
        var out = String.UnicodeScalarView()
        for scalar in nfc(text).unicodeScalars {
            if scalar.value >= 0x80 && !carried.contains(scalar.value) {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A deterministic random number generator (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// UTF-16 code units as bytes in one byte order.
func utf16Bytes(_ units: some Sequence<UInt16>, bigEndian: Bool) -> [UInt8] {
    var out: [UInt8] = []
    for u in units {
        out += bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)]
    }
    return out
}
