import Core

/// A zip archive (PKWARE APPNOTE 6.3): its central directory read once, members streamed.
///
/// The end-of-central-directory record is found by scanning back over the archive comment;
/// ZIP64 archives (the EOCD locator and record, and ZIP64 extra fields for sizes and offsets
/// of 4 GiB and more) are read. Names are UTF-8 when general-purpose bit 11 is set, else
/// code page 437. Members stored (method 0) or deflated (method 8) are streamed with `pread`,
/// so several members of one archive can be open at once; the central directory's sizes and
/// CRC-32 are authoritative (members written with a data descriptor have none in their local
/// header). Split archives, encryption and other methods are refused with a clear error.
///
/// Errors are `ExtractError(.corruptArchive)` whose `byteOffset` is an offset in the archive
/// file, and whose message says what was expected there.
final class ZipArchive {
    struct Entry: Sendable, Hashable {
        /// The member's path inside the archive ("data/hoso.csv").
        var path: String
        var compressedSize: Int64
        var uncompressedSize: Int64
        /// 0 stored, 8 deflate.
        var method: UInt16
        var crc32: UInt32
        var localHeaderOffset: Int64
        /// General-purpose bit flags: bit 0 encrypted, bit 3 sizes in a data descriptor,
        /// bit 11 UTF-8 name.
        var flags: UInt16 = 0
        var isDirectory: Bool { path.hasSuffix("/") }
        var isEncrypted: Bool { flags & 1 != 0 }
    }

    /// The archive's name as users see it, for errors.
    let name: String
    /// The members in central-directory order.
    private(set) var entries: [Entry] = []
    /// The archive's size in bytes.
    var size: Int64 { file.size }

    private let file: FileReader
    /// The first entry of each path.
    private var index: [String: Int] = [:]

    static let localHeaderSignature: UInt32 = 0x0403_4B50
    static let centralHeaderSignature: UInt32 = 0x0201_4B50
    static let endSignature: UInt32 = 0x0605_4B50
    static let zip64EndSignature: UInt32 = 0x0606_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50

    /// Reads the central directory of the archive at `path`.
    /// - Parameters:
    ///   - path: The archive file.
    ///   - name: The archive as users see it, for errors. When it already ends with
    ///     `!/<member path>` (``InputOpener`` names the archive after the member it opens),
    ///     that member's source keeps it as is.
    /// - Throws: `ExtractError(.corruptArchive)` with the archive byte offset and what was
    ///   expected there, `.cannotOpen`, `.io`.
    init(path: String, name: String) throws(ExtractError) {
        self.name = name
        self.file = try FileReader(path: path, name: name)
        try readCentralDirectory()
    }

    /// The entry whose path is `path`, if any (the first, if the archive repeats a path).
    func entry(_ path: String) -> Entry? { index[path].map { entries[$0] } }

    /// The name a member's bytes go by: `archive.zip!/dir/file.csv`.
    func memberName(_ entry: Entry) -> String {
        let suffix = "!/" + entry.path
        return name.hasSuffix(suffix) ? name : name + suffix
    }

    /// The decompressed bytes of `entry`, streamed; the CRC-32 and size are checked at its end.
    /// - Throws: `ExtractError(.cannotOpen)` for an encrypted member or a compression method
    ///   other than stored and deflate; `.corruptArchive` for a bad local header or data that
    ///   runs past the end of the archive.
    func open(_ entry: Entry) throws(ExtractError) -> any ByteSource {
        let member = memberName(entry)
        let at = entry.localHeaderOffset
        if entry.isEncrypted || entry.method == 99 {
            throw ExtractError(.cannotOpen, file: member, byteOffset: at,
                               "member '\(entry.path)' is encrypted; encrypted zip members are not supported "
                                   + "(expected an archive without a password)")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw ExtractError(.cannotOpen, file: member, byteOffset: at,
                               "member '\(entry.path)' uses compression method \(entry.method)"
                                   + "\(Self.methodName(entry.method).map { " (\($0))" } ?? ""); "
                                   + "expected 0 (stored) or 8 (deflate)")
        }
        let header = try file.read(at: at, count: 30)
        guard header.count == 30 else {
            throw corrupt(at: at, "the archive ends at byte \(size) inside the local header of member '\(entry.path)'; "
                              + "expected 30 bytes at byte \(at) (truncated archive?)")
        }
        try expectSignature(Self.localHeaderSignature, in: header, at: 0, fileOffset: at,
                            what: "the local header of member '\(entry.path)'")
        let dataStart = at + 30 + Int64(LittleEndian.u16(header, 26)) + Int64(LittleEndian.u16(header, 28))
        guard dataStart + entry.compressedSize <= size else {
            throw corrupt(at: dataStart, "the data of member '\(entry.path)' (\(entry.compressedSize) bytes at byte "
                              + "\(dataStart)) runs past the end of the archive at byte \(size) (truncated archive?)")
        }
        if entry.method == 0 && entry.compressedSize != entry.uncompressedSize {
            throw corrupt(at: at, "stored member '\(entry.path)' has a compressed size of \(entry.compressedSize) "
                              + "bytes and a size of \(entry.uncompressedSize); expected them equal")
        }
        return try ZipMemberReader(file: file, entry: entry, name: member, dataStart: dataStart)
    }

    /// Whether the file at `path` starts like a zip archive (local header or empty-archive magic).
    static func isZip(path: String) -> Bool {
        guard let reader = try? FileReader(path: path, name: path),
              let magic = try? reader.peek(4), magic.count == 4
        else { return false }
        let signature = LittleEndian.u32(magic, 0)
        return signature == localHeaderSignature || signature == endSignature
    }

    // MARK: Central directory

    private func readCentralDirectory() throws(ExtractError) {
        let size = self.size
        guard size >= 22 else {
            throw corrupt(at: 0, "the file is \(size) bytes, too short for a zip archive; expected at least the "
                              + "22-byte end-of-central-directory record (truncated archive?)")
        }
        // The EOCD record is the last 22 bytes plus a comment of up to 65,535 bytes.
        let tailCount = Int(min(size, Int64(22 + 0xFFFF)))
        let tailStart = size - Int64(tailCount)
        let tail = try file.read(at: tailStart, count: tailCount)
        var found: Int?
        var fallback: Int?
        var i = tail.count - 22
        while i >= 0 {
            if tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == 5 && tail[i + 3] == 6 {
                let end = i + 22 + Int(LittleEndian.u16(tail, i + 20))
                if end == tail.count {
                    found = i
                    break
                }
                // Junk after the comment: accept the last record whose comment fits.
                if fallback == nil && end < tail.count { fallback = i }
            }
            i -= 1
        }
        guard let eocdIndex = found ?? fallback else {
            throw corrupt(at: tailStart, "no end-of-central-directory record (signature 50 4B 05 06) in the last "
                              + "\(tailCount) bytes; expected one at the end of a zip archive (truncated archive?)")
        }
        let eocdOffset = tailStart + Int64(eocdIndex)
        let disk = LittleEndian.u16(tail, eocdIndex + 4)
        let cdDisk = LittleEndian.u16(tail, eocdIndex + 6)
        var count = Int64(LittleEndian.u16(tail, eocdIndex + 10))
        var cdSize = Int64(LittleEndian.u32(tail, eocdIndex + 12))
        var cdOffset = Int64(LittleEndian.u32(tail, eocdIndex + 16))
        var endRecordOffset = eocdOffset
        var isZip64 = false

        // ZIP64: a locator right before the EOCD record points to the ZIP64 EOCD record.
        if eocdOffset >= 20 {
            let locator = try file.read(at: eocdOffset - 20, count: 20)
            if LittleEndian.u32(locator, 0) == Self.zip64LocatorSignature {
                isZip64 = true
                let recordOffset = Int64(bitPattern: LittleEndian.u64(locator, 8))
                let disks = LittleEndian.u32(locator, 16)
                guard disks <= 1 else { throw splitArchive(at: eocdOffset - 20, disks: Int(disks)) }
                guard recordOffset >= 0, recordOffset + 56 <= eocdOffset - 20 else {
                    throw corrupt(at: eocdOffset - 20, "the ZIP64 end-of-central-directory locator points to byte "
                                      + "\(recordOffset); expected the ZIP64 record before the locator at byte "
                                      + "\(eocdOffset - 20)")
                }
                let record = try file.read(at: recordOffset, count: 56)
                try expectSignature(Self.zip64EndSignature, in: record, at: 0, fileOffset: recordOffset,
                                    what: "the ZIP64 end-of-central-directory record")
                guard LittleEndian.u32(record, 16) == 0, LittleEndian.u32(record, 20) == 0 else {
                    throw splitArchive(at: recordOffset, disks: Int(LittleEndian.u32(record, 16)) + 1)
                }
                count = Int64(bitPattern: LittleEndian.u64(record, 32))
                cdSize = Int64(bitPattern: LittleEndian.u64(record, 40))
                cdOffset = Int64(bitPattern: LittleEndian.u64(record, 48))
                endRecordOffset = recordOffset
            }
        }
        if !isZip64 && (disk != 0 || cdDisk != 0) {
            throw splitArchive(at: eocdOffset, disks: Int(max(disk, cdDisk)) + 1)
        }
        guard cdOffset >= 0, cdSize >= 0, count >= 0, cdOffset + cdSize <= endRecordOffset else {
            throw corrupt(at: endRecordOffset, "the central directory (\(cdSize) bytes at byte \(cdOffset)) runs past "
                              + "the end-of-central-directory record at byte \(endRecordOffset); expected it to end "
                              + "there (truncated or damaged archive?)")
        }
        let directory = try file.read(at: cdOffset, count: Int(cdSize))
        try parseEntries(directory, at: cdOffset, declaredCount: count, isZip64: isZip64)
    }

    private func parseEntries(_ cd: [UInt8], at cdOffset: Int64, declaredCount: Int64, isZip64: Bool) throws(ExtractError) {
        entries.reserveCapacity(Int(min(declaredCount, Int64(cd.count / 46))))
        var p = 0
        while p < cd.count {
            let at = cdOffset + Int64(p)
            guard p + 46 <= cd.count else {
                throw corrupt(at: at, "the central directory ends at byte \(cdOffset + Int64(cd.count)) inside the "
                                  + "header of entry \(entries.count + 1); expected 46 bytes at byte \(at)")
            }
            try expectSignature(Self.centralHeaderSignature, in: cd, at: p, fileOffset: at,
                                what: "central directory entry \(entries.count + 1)")
            let flags = LittleEndian.u16(cd, p + 8)
            let method = LittleEndian.u16(cd, p + 10)
            let crc = LittleEndian.u32(cd, p + 16)
            var compressed = Int64(LittleEndian.u32(cd, p + 20))
            var uncompressed = Int64(LittleEndian.u32(cd, p + 24))
            let nameLength = Int(LittleEndian.u16(cd, p + 28))
            let extraLength = Int(LittleEndian.u16(cd, p + 30))
            let commentLength = Int(LittleEndian.u16(cd, p + 32))
            var localOffset = Int64(LittleEndian.u32(cd, p + 42))
            let end = p + 46 + nameLength + extraLength + commentLength
            guard end <= cd.count else {
                throw corrupt(at: at, "central directory entry \(entries.count + 1) at byte \(at) runs past the end of "
                                  + "the central directory at byte \(cdOffset + Int64(cd.count))")
            }
            let nameBytes = cd[(p + 46)..<(p + 46 + nameLength)]
            let path = flags & 0x800 != 0
                ? (String(validating: nameBytes, as: UTF8.self) ?? String(decoding: nameBytes, as: UTF8.self))
                : CP437.string(nameBytes)

            // ZIP64 extended information: 8-byte values for the fields saturated at 0xFFFFFFFF, in order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = LittleEndian.u16(cd, e)
                let length = Int(LittleEndian.u16(cd, e + 2))
                let data = e + 4
                guard data + length <= extraEnd else { break }
                if id == 0x0001 {
                    var q = data
                    for field in 0..<3 {
                        let saturated = field == 0 ? uncompressed == 0xFFFF_FFFF
                            : field == 1 ? compressed == 0xFFFF_FFFF : localOffset == 0xFFFF_FFFF
                        guard saturated else { continue }
                        guard q + 8 <= data + length else {
                            throw corrupt(at: cdOffset + Int64(e), "the ZIP64 extra field of member '\(path)' is "
                                              + "\(length) bytes; expected 8 bytes for each size or offset set to 0xFFFFFFFF")
                        }
                        let value = Int64(bitPattern: LittleEndian.u64(cd, q))
                        if field == 0 { uncompressed = value } else if field == 1 { compressed = value } else { localOffset = value }
                        q += 8
                    }
                }
                e = data + length
            }
            guard compressed >= 0, uncompressed >= 0, localOffset >= 0, localOffset + 30 <= cdOffset else {
                throw corrupt(at: at, "central directory entry '\(path)' at byte \(at) puts its local header at byte "
                                  + "\(localOffset); expected an offset before the central directory at byte \(cdOffset)")
            }
            if index[path] == nil { index[path] = entries.count }
            entries.append(Entry(path: path, compressedSize: compressed, uncompressedSize: uncompressed, method: method,
                                 crc32: crc, localHeaderOffset: localOffset, flags: flags))
            p = end
        }
        // The EOCD record's 16-bit count wraps in archives without ZIP64 records.
        let matches = isZip64 ? Int64(entries.count) == declaredCount : Int64(entries.count) & 0xFFFF == declaredCount
        guard matches else {
            throw corrupt(at: cdOffset, "the central directory at byte \(cdOffset) holds \(entries.count) entries; "
                              + "expected \(declaredCount), as the end-of-central-directory record says")
        }
    }

    // MARK: Errors

    private func expectSignature(
        _ signature: UInt32, in bytes: [UInt8], at index: Int, fileOffset: Int64, what: String
    ) throws(ExtractError) {
        let found = LittleEndian.u32(bytes, index)
        guard found != signature else { return }
        throw corrupt(at: fileOffset, "bad signature at byte \(fileOffset): expected \(what) (\(Self.hex(signature))), "
                          + "found \(Self.hex(found))")
    }

    private func corrupt(at offset: Int64, _ message: String) -> ExtractError {
        ExtractError(.corruptArchive, file: name, byteOffset: offset, message)
    }

    private func splitArchive(at offset: Int64, disks: Int) -> ExtractError {
        ExtractError(.cannotOpen, file: name, byteOffset: offset,
                     "the archive is split over \(disks) volumes; split zip archives are not supported "
                         + "(expected a single-file archive)")
    }

    /// A signature as the bytes appear in the file: `50 4B 03 04`.
    private static func hex(_ signature: UInt32) -> String {
        var parts: [String] = []
        for shift in stride(from: 0, to: 32, by: 8) {
            let byte = UInt8(truncatingIfNeeded: signature >> UInt32(shift))
            let digits = String(byte, radix: 16, uppercase: true)
            parts.append(digits.count == 1 ? "0" + digits : digits)
        }
        return parts.joined(separator: " ")
    }

    static func methodName(_ method: UInt16) -> String? {
        switch method {
        case 0: return "stored"
        case 1: return "shrunk"
        case 6: return "imploded"
        case 8: return "deflate"
        case 9: return "deflate64"
        case 12: return "bzip2"
        case 14: return "LZMA"
        case 93: return "Zstandard"
        case 95: return "xz"
        case 98: return "PPMd"
        case 99: return "AES encryption"
        default: return nil
        }
    }
}

/// Little-endian integers out of a byte array (zip headers).
enum LittleEndian {
    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }

    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
}
