import Testing
@testable import Core
@testable import Extract

/// The generated tables (Sources/Extract/Encoding/EncodingTables.generated.swift) against the
/// reference TSVs they were made from: a table edited by hand, or reference data changed
/// without rerunning scripts/gen-encoding-tables.py, fails here.
@Suite struct EncodingTablesTests {
    /// bytes/<name>.tsv as 256 scalars (ASCII where the file lists nothing below 0x80).
    private func byteTable(_ name: String) throws -> [UInt32] {
        var table = (0..<256).map { $0 < 0x80 ? UInt32($0) : EncodingTables.unassigned }
        for row in try EncodingReference.table("bytes/\(name).tsv") {
            let byte = Int(row["byte_hex"]!, radix: 16)!
            let scalars = EncodingReference.scalars(row["codepoints"]!)
            table[byte] = scalars.first ?? EncodingTables.unassigned
        }
        return table
    }

    @Test(arguments: [
        ("cp1258", EncodingTables.windows1258), ("tcvn3", EncodingTables.tcvn3),
        ("tcvn5712-1", EncodingTables.tcvn5712_1), ("viscii", EncodingTables.viscii), ("vps", EncodingTables.vps),
    ])
    func byteTablesMatchTheReference(name: String, generated: [UInt32]) throws {
        #expect(generated == (try byteTable(name)))
    }

    @Test func vniByteTableMatchesTheReference() throws {
        var expected = (0..<256).map { $0 < 0x80 ? UInt32($0) : EncodingTables.unassigned }
        // Windows-1252 punctuation on 0x80-0xBF: TCVN3's cp1252 rows, then Windows-1258's Latin-1 half.
        for row in try EncodingReference.table("bytes/tcvn3.tsv") where row["assignment"] == "cp1252" {
            expected[Int(row["byte_hex"]!, radix: 16)!] = EncodingReference.scalars(row["codepoints"]!)[0]
        }
        let cp1258 = try byteTable("cp1258")
        for b in 0xA0...0xBF { expected[b] = cp1258[b] }
        for row in try EncodingReference.table("bytes/vni.tsv") {
            let byte = Int(row["byte_hex"]!, radix: 16)!
            expected[byte] = row["kind"] == "letter"
                ? EncodingReference.scalars(row["codepoints"]!)[0] : EncodingTables.vniMark
        }
        #expect(EncodingTables.vni == expected)
        #expect(EncodingTables.vni.filter { $0 == EncodingTables.vniMark }.count == 34)
    }

    @Test func toneCompositionIsWindows1258sTwoByteSpelling() throws {
        let cp1258 = try byteTable("cp1258")
        var expected: [[UInt32]] = []
        for row in try EncodingReference.table("cp1258.tsv") {
            let two: String
            switch row["status"] {
            case "base+combining": two = row["bytes_hex"]!
            case "precomposed": two = row["alt_bytes_hex"]!
            default: continue
            }
            let bytes = EncodingReference.hex(two)
            try #require(bytes.count == 2)
            expected.append([cp1258[Int(bytes[0])], cp1258[Int(bytes[1])], EncodingReference.scalars(row["codepoints"]!)[0]])
        }
        #expect(expected.count == 120)
        #expect(EncodingTables.toneComposition.map { [$0.base, $0.mark, $0.letter] } == expected)
    }

    @Test func vniCompositionIsEveryTwoByteLetter() throws {
        var expected: [[UInt32]] = []
        for row in try EncodingReference.table("vni.tsv") {
            let bytes = EncodingReference.hex(row["bytes_hex"]!)
            if bytes.count == 2 {
                expected.append([UInt32(bytes[0]), UInt32(bytes[1]), EncodingReference.scalars(row["codepoints"]!)[0]])
            }
        }
        #expect(!expected.isEmpty)
        #expect(EncodingTables.vniComposition.map { [UInt32($0.base), UInt32($0.mark), $0.letter] } == expected)
    }

    @Test(arguments: [
        ("cp1258", false, EncodingTables.windows1258Encoding),
        ("cp1258", true, EncodingTables.windows1258DecomposedEncoding),
        ("tcvn3", false, EncodingTables.tcvn3Encoding), ("tcvn5712-1", false, EncodingTables.tcvn5712_1Encoding),
        ("vni", false, EncodingTables.vniEncoding), ("viscii", false, EncodingTables.visciiEncoding),
        ("vps", false, EncodingTables.vpsEncoding),
    ])
    func encoderTablesMatchTheReference(name: String, decomposed: Bool,
                                        generated: [(letter: UInt32, bytes: [UInt8])]) throws {
        var expected: [(UInt32, [UInt8])] = []
        for row in try EncodingReference.table("\(name).tsv") {
            var hex = row["bytes_hex"]!
            if decomposed && row["status"] == "precomposed" { hex = row["alt_bytes_hex"]! }
            guard !hex.isEmpty else { continue }
            expected.append((EncodingReference.scalars(row["codepoints"]!)[0], EncodingReference.hex(hex)))
        }
        #expect(generated.map(\.letter) == expected.map(\.0))
        #expect(generated.map(\.bytes) == expected.map(\.1))
        #expect(generated.count == (name == "tcvn3" ? 74 : 134))
    }

    /// Every byte of every table decodes to what its table says, alone (no composition).
    @Test(arguments: [TextEncoding.windows1258, .tcvn3, .tcvn5712_1, .viscii, .vps, .vni])
    func everyByteDecodesAlone(encoding: TextEncoding) throws {
        let table: [UInt32] = switch encoding {
        case .windows1258: EncodingTables.windows1258
        case .tcvn3: EncodingTables.tcvn3
        case .tcvn5712_1: EncodingTables.tcvn5712_1
        case .viscii: EncodingTables.viscii
        case .vps: EncodingTables.vps
        default: EncodingTables.vni
        }
        for byte in 0..<256 {
            // A space first: a mark byte after it has no base to compose with.
            let (utf8, step) = TranscodingSource.decode([0x20, UInt8(byte)], from: encoding)
            let scalar = table[byte]
            let strictMark = scalar == EncodingTables.vniMark
                || (encoding == .windows1258 && (0x300...0x323).contains(scalar))
            if scalar == EncodingTables.unassigned || strictMark {
                #expect(utf8 == [0x20, UInt8(byte)], "byte \(byte) passes through")
                #expect(step.invalid == 1 && step.firstInvalid == 1)
            } else {
                #expect(utf8 == [0x20] + Array(String(Unicode.Scalar(scalar)!).utf8), "byte \(byte)")
                #expect(step.invalid == 0)
            }
        }
    }
}
