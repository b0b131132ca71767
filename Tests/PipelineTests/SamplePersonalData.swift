import Core
import Foundation
import Load

/// The personal values (names, ID numbers, phones, addresses) of the demo samples, as written in
/// the sample files, for tests that check reports never show them.
enum SamplePersonalData {
    /// Every distinct personal value of at least 6 characters, in either sample.
    static func values(root: URL) throws -> Set<String> {
        var out: Set<String> = []
        let csv = try decompress(root.appendingPathComponent("samples/quangbinh/hoso.csv.gz"))
        var lines = csv.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
        if lines.count == 1 { lines = csv.split(separator: "\n").map(String.init) }
        let header = fields(lines[0].replacingOccurrences(of: "\u{FEFF}", with: ""))
        let wanted = ["ChuHoSo", "SoCCCD", "SoDienThoai", "DiaChi"].compactMap { header.firstIndex(of: $0) }
        for line in lines.dropFirst() {
            let f = fields(line)
            for i in wanted where i < f.count { out.insert(f[i].trimmingCharacters(in: .whitespaces)) }
        }
        let jsonl = try decompress(root.appendingPathComponent("samples/quangtri/export.jsonl.gz"))
        for line in jsonl.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let applicant = object["applicant"] as? [String: Any] else { continue }
            for key in ["fullName", "identityNumber", "phone", "address"] {
                if let v = applicant[key] as? String { out.insert(v.trimmingCharacters(in: .whitespaces)) }
            }
        }
        return out.filter { $0.count >= 6 }
    }

    /// A value as a failure message may show it.
    static func describe(_ value: String) -> String { PersonalData.mask(value) }

    private static func decompress(_ file: URL) throws -> String {
        let out = try Subprocess.run(["/bin/gzip", "-dc", file.path])
        return out.stdout
    }

    /// The fields of one CSV line (quotes, doubled quotes; no line breaks inside values).
    private static func fields(_ line: String) -> [String] {
        var out: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)
        chars.append(",")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field)
                field = ""
            } else {
                field.append(c)
            }
            i += 1
        }
        return out
    }
}
