import Core

/// Decodes UTF-16 to UTF-8.
///
/// `utf-16` reads a byte-order mark to choose the byte order (big-endian without one);
/// `utf-16le` and `utf-16be` drop a byte-order mark in their own order at the start. Surrogate
/// pairs become four-byte UTF-8. An unpaired surrogate or an odd byte at the end is not
/// UTF-16: it becomes one 0xFF byte (invalid UTF-8, so the record holding it is quarantined)
/// and is counted.
struct UTF16Decoder {
    private(set) var bigEndian: Bool
    /// Whether a byte-order mark may still come (nothing decoded yet).
    private var atStart = true
    /// Whether the mark decides the byte order (`utf-16`) or only one order's mark is dropped.
    private let markDecides: Bool

    init(_ encoding: TextEncoding) {
        switch encoding {
        case .utf16le:
            bigEndian = false
            markDecides = false
        case .utf16be:
            bigEndian = true
            markDecides = false
        default:
            bigEndian = true
            markDecides = true
        }
    }

    /// Every 2 input bytes give at most 3 output bytes (a pair's 4 give 4).
    static func outputCapacity(forInput count: Int) -> Int { 2 * count + 16 }

    /// Decodes `input[0..<count]` into `output` (at least ``outputCapacity(forInput:)`` bytes).
    /// - Parameter isFinal: No input follows; otherwise an incomplete code unit or a high
    ///   surrogate at the end is left unconsumed.
    mutating func decode(_ input: UnsafePointer<UInt8>, count: Int, isFinal: Bool,
                         into output: UnsafeMutablePointer<UInt8>) -> DecodeStep {
        var step = DecodeStep()
        var i = 0
        if atStart {
            if count < 2 && !isFinal { return step }
            atStart = false
            if count >= 2 {
                let (b0, b1) = (input[0], input[1])
                if b0 == 0xFE && b1 == 0xFF && (markDecides || bigEndian) {
                    bigEndian = true
                    i = 2
                } else if b0 == 0xFF && b1 == 0xFE && (markDecides || !bigEndian) {
                    bigEndian = false
                    i = 2
                }
            }
        }
        let hi = bigEndian ? 0 : 1
        let lo = 1 - hi
        var o = 0
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            UInt32(input[at + hi]) << 8 | UInt32(input[at + lo])
        }
        @inline(__always) func invalid(_ at: Int) {
            output[o] = 0xFF
            o += 1
            if step.invalid == 0 { step.firstInvalid = at }
            step.invalid += 1
        }
        while i + 2 <= count {
            let u = unit(i)
            if u < 0x80 {
                output[o] = UInt8(u)
                o += 1
            } else if u < 0x800 {
                output[o] = UInt8(0xC0 | u >> 6)
                output[o + 1] = UInt8(0x80 | u & 0x3F)
                o += 2
            } else if u & 0xF800 != 0xD800 {
                output[o] = UInt8(0xE0 | u >> 12)
                output[o + 1] = UInt8(0x80 | u >> 6 & 0x3F)
                output[o + 2] = UInt8(0x80 | u & 0x3F)
                o += 3
            } else if u < 0xDC00 {
                // A high surrogate: the next unit must be a low one.
                if i + 4 > count {
                    if !isFinal { break }
                    invalid(i)
                } else {
                    let next = unit(i + 2)
                    if next & 0xFC00 == 0xDC00 {
                        let scalar = 0x10000 + ((u - 0xD800) << 10 | (next - 0xDC00))
                        output[o] = UInt8(0xF0 | scalar >> 18)
                        output[o + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
                        output[o + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
                        output[o + 3] = UInt8(0x80 | scalar & 0x3F)
                        o += 4
                        i += 2
                    } else {
                        invalid(i)
                    }
                }
            } else {
                invalid(i)  // a low surrogate with no high one before it
            }
            i += 2
        }
        if isFinal && i + 1 == count {
            invalid(i)  // an odd byte at the end
            i += 1
        }
        step.consumed = i
        step.produced = o
        return step
    }
}
