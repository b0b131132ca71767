import Core

/// Decodes `inner`'s bytes from `encoding` to UTF-8 (NFC for every Vietnamese letter) as they
/// are read.
///
/// Input is read in chunks of ``inputChunk`` bytes and decoded into a reused buffer (straight
/// into the caller's buffer when it is large enough). A sequence split across reads decodes
/// as if it were whole: its first bytes wait for the rest.
///
/// Bytes that are not valid in `encoding` pass through unchanged when they are >= 0x80
/// (UTF-16 problems become one 0xFF byte), so the output is invalid UTF-8 exactly there and
/// the parser quarantines that record as `invalid_encoding` with its raw bytes.
/// ``invalidSequences`` counts them and ``firstInvalidOffset`` is the source offset of the first.
final class TranscodingSource: ByteSource {
    private let inner: any ByteSource
    let encoding: TextEncoding
    /// UTF-8 bytes delivered so far.
    private(set) var position: Int64 = 0
    /// Sequences not valid in ``encoding`` decoded so far (each passed through as invalid UTF-8).
    private(set) var invalidSequences = 0
    /// The offset in `inner`'s bytes of the first sequence not valid in ``encoding``.
    private(set) var firstInvalidOffset: Int64?

    /// How many source bytes one decoding step takes.
    static let inputChunk = 256 << 10

    private var transcoder: Transcoder
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity: Int
    /// Undecoded bytes at the front of `input` (a sequence's start waiting for the rest).
    private var inputCount = 0
    /// Offset in `inner` of `input[0]`.
    private var inputOffset: Int64 = 0
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity: Int
    private var outputStart = 0
    private var outputEnd = 0
    private var innerEnded = false
    private var finished = false

    init(_ inner: any ByteSource, encoding: TextEncoding) {
        self.inner = inner
        self.encoding = encoding
        transcoder = Transcoder(encoding)
        inputCapacity = Self.inputChunk + 8
        input = .allocate(capacity: inputCapacity)
        outputCapacity = Transcoder.outputCapacity(forInput: inputCapacity)
        output = .allocate(capacity: outputCapacity)
    }

    deinit {
        input.deallocate()
        output.deallocate()
    }

    var name: String { inner.name }

    /// Reads up to `buffer.count` UTF-8 bytes; 0 at the end.
    /// - Throws: What `inner` throws.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        guard let destination = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            if outputStart < outputEnd {
                let n = min(buffer.count, outputEnd - outputStart)
                destination.copyMemory(from: output + outputStart, byteCount: n)
                outputStart += n
                position += Int64(n)
                return n
            }
            if finished { return 0 }
            // Decode straight into the caller's buffer when a whole step fits there.
            let directInput = (buffer.count - 16) / 3 - inputCount
            let direct = directInput >= 4096
            if !innerEnded {
                let room = min(inputCapacity - inputCount, direct ? directInput : Int.max)
                let n = try inner.read(into: UnsafeMutableRawBufferPointer(start: input + inputCount, count: room))
                if n == 0 { innerEnded = true } else { inputCount += n }
            }
            let target = direct ? destination.assumingMemoryBound(to: UInt8.self) : output
            let step = transcoder.decode(input, count: inputCount, isFinal: innerEnded, into: target)
            if step.invalid > 0 {
                if invalidSequences == 0, let first = step.firstInvalid {
                    firstInvalidOffset = inputOffset + Int64(first)
                }
                invalidSequences += step.invalid
            }
            let left = inputCount - step.consumed
            if left > 0 && step.consumed > 0 {
                input.update(from: input + step.consumed, count: left)
            }
            inputCount = left
            inputOffset += Int64(step.consumed)
            if innerEnded && left == 0 { finished = true }
            if direct {
                if step.produced > 0 {
                    position += Int64(step.produced)
                    return step.produced
                }
            } else {
                outputStart = 0
                outputEnd = step.produced
            }
        }
    }

    /// Decodes all of `bytes` from `encoding` at once (for detection and tests).
    static func decode(_ bytes: [UInt8], from encoding: TextEncoding) -> (utf8: [UInt8], step: DecodeStep) {
        var transcoder = Transcoder(encoding)
        var out = [UInt8](repeating: 0, count: Transcoder.outputCapacity(forInput: bytes.count))
        let step = bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                transcoder.decode(source.baseAddress ?? UnsafePointer(target.baseAddress!), count: source.count,
                                  isFinal: true, into: target.baseAddress!)
            }
        }
        out.removeSubrange(step.produced...)
        return (out, step)
    }
}
