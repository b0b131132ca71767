import Core

/// The decoder for one encoding, behind one switch per chunk.
enum Transcoder {
    case singleByte(SingleByteDecoder)
    case utf16(UTF16Decoder)
    case utf8

    init(_ encoding: TextEncoding) {
        if let table = SingleByteDecoder.forEncoding(encoding) {
            self = .singleByte(table)
        } else if encoding == .utf8 {
            self = .utf8
        } else {
            self = .utf16(UTF16Decoder(encoding))
        }
    }

    static func outputCapacity(forInput count: Int) -> Int {
        max(SingleByteDecoder.outputCapacity(forInput: count), UTF16Decoder.outputCapacity(forInput: count))
    }

    mutating func decode(_ input: UnsafePointer<UInt8>, count: Int, isFinal: Bool,
                         into output: UnsafeMutablePointer<UInt8>) -> DecodeStep {
        switch self {
        case .singleByte(let table):
            return table.decode(input, count: count, isFinal: isFinal, into: output)
        case .utf16(var decoder):
            let step = decoder.decode(input, count: count, isFinal: isFinal, into: output)
            self = .utf16(decoder)
            return step
        case .utf8:
            output.update(from: input, count: count)
            return DecodeStep(consumed: count, produced: count)
        }
    }
}
