internal import Glibc
import Core

/// Reads a file's bytes in order with `read(2)`; closes the descriptor when released.
final class FileReader: ByteSource {
    let path: String
    let name: String
    private var fd: Int32
    /// The file's size when opened.
    let size: Int64
    /// Bytes read so far.
    private(set) var bytesRead: Int64 = 0

    var position: Int64 { bytesRead }

    /// Opens `path` for reading.
    /// - Parameter name: The file as users see it, for errors.
    /// - Throws: `ExtractError(.cannotOpen)` with the system's reason.
    init(path: String, name: String) throws(ExtractError) {
        self.path = path
        self.name = name
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ExtractError(.cannotOpen, file: name, "cannot open the file: \(FileReader.errnoText())")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let text = FileReader.errnoText()
            close(fd)
            throw ExtractError(.cannotOpen, file: name, "cannot read the file's status: \(text)")
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw ExtractError(.cannotOpen, file: name, "cannot read a directory; expected a file")
        }
        self.fd = fd
        self.size = Int64(info.st_size)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The first `count` bytes of the file (fewer if it is shorter), without moving the read position.
    func peek(_ count: Int) throws(ExtractError) -> [UInt8] {
        try read(at: 0, count: count)
    }

    /// The `count` bytes at `offset` (fewer where the file ends), without moving the read position.
    /// - Throws: `ExtractError(.io)` with the offset.
    func read(at offset: Int64, count: Int) throws(ExtractError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 1)
        defer { buffer.deallocate() }
        let got = try read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
        return Array(UnsafeRawBufferPointer(rebasing: buffer[..<got]))
    }

    /// Fills `buffer` with the bytes at `offset` with `pread(2)`, without moving the read
    /// position (random access into a zip archive).
    /// - Returns: The bytes read: `buffer.count`, fewer only where the file ends.
    /// - Throws: `ExtractError(.io)` with the offset.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var got = 0
        while got < buffer.count {
            let n = pread(fd, base + got, buffer.count - got, off_t(offset + Int64(got)))
            if n < 0 {
                if errno == EINTR { continue }
                throw ExtractError(.io, file: name, byteOffset: offset + Int64(got),
                                   "cannot read the file: \(FileReader.errnoText())")
            }
            if n == 0 { break }
            got += n
        }
        return got
    }

    /// Reads up to `buffer.count` bytes into `buffer`; 0 at the end of the file.
    /// - Throws: `ExtractError(.io)` with the offset.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ExtractError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(fd, base, buffer.count)
            if n >= 0 {
                bytesRead += Int64(n)
                return n
            }
            if errno == EINTR { continue }
            throw ExtractError(.io, file: name, byteOffset: bytesRead, "cannot read the file: \(FileReader.errnoText())")
        }
    }

    static func errnoText() -> String {
        let code = errno
        return String(cString: strerror(code)) + " (errno \(code))"
    }
}
