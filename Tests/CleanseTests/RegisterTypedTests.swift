import Core
import Cleanse
import Foundation
import Testing

/// A clerk's typed register (Tests/Fixtures/register/typed-register.csv) assembled and compared
/// with its expected output (typed-register.expected.csv): every date form, bare and full entry
/// numbers, merged issue-date cells carried down, continuation lines of long addresses, and a
/// few typing slips.
@Suite struct RegisterTypedTests {
    static let context = RegisterContext(province: "Hải Dương", district: "huyện Gia Lộc", commune: "xã Yết Kiêu", year: 2019)

    static let columns: [RegisterColumn] = [
        RegisterColumn(name: "STT", kind: .sequence),
        RegisterColumn(name: "Số vào sổ", kind: .entryNumber),
        RegisterColumn(name: "Họ và tên", kind: .personName),
        RegisterColumn(name: "Ngày sinh", kind: .date),
        RegisterColumn(name: "Địa chỉ", kind: .address),
        RegisterColumn(name: "Nội dung", kind: .vocabulary(RegisterTestSupport.procedures)),
        RegisterColumn(name: "Ngày cấp", kind: .date, carryDown: true, nonDecreasing: true),
    ]

    /// A status as the expected file writes it.
    static func note(_ name: String, _ status: RegisterField.Status) -> String? {
        switch status {
        case .certain, .empty: return nil
        case .corrected(let reason): return "\(name): corrected \(reason)"
        case .reviewed: return "\(name): reviewed"
        case .doubtful(let reason, let candidates):
            return "\(name): doubtful \(reason)" + (candidates.isEmpty ? "" : " [\(candidates.joined(separator: " | "))]")
        }
    }

    /// The assembled entries as records: rows, the seven values, the notes.
    static func render(_ result: RegisterPageResult) -> [[String]] {
        result.entries.map { entry in
            [entry.rows.map(String.init).joined(separator: " ")] + entry.fields.map { $0.value ?? "" }
                + [zip(columns, entry.fields).compactMap { note($0.name, $1.status) }.joined(separator: "; ")]
        }
    }

    static func assembled() -> RegisterPageResult {
        let records = RegisterTestSupport.csv(RegisterTestSupport.text(RegisterTestSupport.fixtures.appendingPathComponent("typed-register.csv")))
        let rows = records.map { $0.map { RegisterCell(text: $0) } }
        return RegisterAssembler(columns: columns, context: context).assemble(rows)
    }

    @Test func matchesTheExpectedOutput() throws {
        let result = Self.assembled()
        let actual = Self.render(result)
        let url = RegisterTestSupport.fixtures.appendingPathComponent("typed-register.expected.csv")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            func quote(_ s: String) -> String {
                s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            }
            let header = ["rows"] + Self.columns.map(\.name) + ["notes"]
            let text = ([header] + actual).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
            try text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(url.path)")
            return
        }
        let expected = Array(RegisterTestSupport.csv(RegisterTestSupport.text(url)).dropFirst())
        #expect(actual.count == expected.count)
        for (a, e) in zip(actual, expected) { #expect(a == e) }
        #expect(result.skippedRows == [0])
    }
}
