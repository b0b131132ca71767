internal import Glibc
public import Core

/// Finds the files a source's `path` names: a plain path or a `glob(3)` pattern, with zip
/// archives expanded into their members.
public enum FileDiscovery {
    /// The regular files matching `pattern`, sorted by path (byte order); a zip archive among
    /// them (by its magic bytes, whatever its name) stands for its members that match `members`.
    ///
    /// - Parameters:
    ///   - pattern: A path or a glob (`*`, `?`, `[...]`); relative patterns are resolved
    ///     against `base`.
    ///   - base: The directory relative patterns start from (the pipeline file's directory).
    ///   - members: A glob matched with `fnmatch(3)` against each member's path in the archive
    ///     (without `FNM_PATHNAME`, so `*` also crosses `/`: `*.csv` matches `2024/a.csv`).
    ///     Directories are skipped; the members come in their path's byte order, each an
    ///     ``InputFile`` with `member` set and `name` `<archive name>!/<member path>`. `nil`
    ///     leaves archives whole (an `xlsx` workbook is itself a zip archive).
    /// - Returns: At least one file.
    /// - Throws: `ExtractError(.noFiles)` naming the pattern and the directory when nothing
    ///   matches, or naming the archive when none of its members matches `members`; `.io`
    ///   when the directory cannot be read; `.corruptArchive` for an archive whose central
    ///   directory cannot be read.
    public static func files(
        matching pattern: String, relativeTo base: String, members: String? = "*"
    ) throws(ExtractError) -> [InputFile] {
        let resolved: String
        if pattern.hasPrefix("/") || base.isEmpty || base == "." {
            resolved = pattern
        } else {
            resolved = escapeGlob(base.hasSuffix("/") ? base : base + "/") + pattern
        }
        var result = glob_t()
        defer { globfree(&result) }
        let rc = glob(resolved, 0, nil, &result)
        let directory = pattern.hasPrefix("/") ? "/" : (base.isEmpty ? "." : base)
        if rc == GLOB_NOMATCH {
            throw ExtractError(.noFiles, file: pattern,
                               "no file matches '\(pattern)' in directory '\(directory)'; expected at least one file")
        }
        guard rc == 0 else {
            throw ExtractError(.io, file: pattern,
                               "cannot list the files matching '\(pattern)' in directory '\(directory)' (glob error \(rc))")
        }
        var files: [InputFile] = []
        for i in 0..<Int(result.gl_pathc) {
            guard let cPath = result.gl_pathv[i] else { continue }
            var info = stat()
            guard stat(cPath, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let path = String(cString: cPath)
            files.append(InputFile(path: path, name: path, size: Int64(info.st_size)))
        }
        guard !files.isEmpty else {
            throw ExtractError(.noFiles, file: pattern,
                               "no regular file matches '\(pattern)' in directory '\(directory)' (only directories); expected at least one file")
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        guard let members else { return files }
        var expanded: [InputFile] = []
        expanded.reserveCapacity(files.count)
        for file in files {
            if ZipArchive.isZip(path: file.path) {
                expanded += try Self.members(of: file, matching: members)
            } else {
                expanded.append(file)
            }
        }
        return expanded
    }

    /// The members of the archive `file` whose paths match `glob`, sorted by path.
    /// - Throws: `ExtractError(.noFiles)` when none matches.
    static func members(of file: InputFile, matching glob: String) throws(ExtractError) -> [InputFile] {
        let archive = try ZipArchive(path: file.path, name: file.name)
        var seen = Set<String>()
        var out: [InputFile] = []
        var fileCount = 0
        for entry in archive.entries where !entry.isDirectory {
            fileCount += 1
            guard fnmatch(glob, entry.path, 0) == 0, seen.insert(entry.path).inserted else { continue }
            out.append(InputFile(path: file.path, name: archive.memberName(entry), size: entry.compressedSize,
                                 member: entry.path))
        }
        guard !out.isEmpty else {
            let what = fileCount == 0 ? "it holds no files" : "it holds \(fileCount) file\(fileCount == 1 ? "" : "s")"
            throw ExtractError(.noFiles, file: file.name,
                               "no member of archive '\(file.name)' matches '\(glob)' (\(what)); expected at least one")
        }
        out.sort { $0.member!.utf8.lexicographicallyPrecedes($1.member!.utf8) }
        return out
    }

    /// `s` with glob metacharacters escaped, so a base directory matches only itself.
    private static func escapeGlob(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c == "*" || c == "?" || c == "[" || c == "\\" { out.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
