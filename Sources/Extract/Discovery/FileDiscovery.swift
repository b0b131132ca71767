internal import Glibc
public import Core

/// Finds the files a source's `path` names: a plain path or a `glob(3)` pattern.
public enum FileDiscovery {
    /// The regular files matching `pattern`, sorted by path (byte order).
    ///
    /// - Parameters:
    ///   - pattern: A path or a glob (`*`, `?`, `[...]`); relative patterns are resolved
    ///     against `base`.
    ///   - base: The directory relative patterns start from (the pipeline file's directory).
    /// - Returns: At least one file.
    /// - Throws: `ExtractError(.noFiles)` naming the pattern and the directory when nothing
    ///   matches; `.io` when the directory cannot be read.
    public static func files(matching pattern: String, relativeTo base: String) throws(ExtractError) -> [InputFile] {
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
        return files
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
