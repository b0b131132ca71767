import Core
import Cleanse
import Foundation

/// Shared helpers of the register tests: paths, a tiny CSV splitter, the sample pages' layout.
enum RegisterTestSupport {
    /// The repository root, from this file's path (Tests/CleanseTests/RegisterTestSupport.swift).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/register")
    static let samples = root.appendingPathComponent("samples/paper-index")

    static func text(_ url: URL) -> String {
        guard let data = try? Data(contentsOf: url) else { fatalError("cannot read \(url.path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// RFC 4180 records: comma-separated, double-quoted fields may hold commas, quotes ("") and
    /// line breaks. LF or CRLF line ends; a final line end is optional.
    static func csv(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\n" || c == "\r" {
                if c == "\r" && i + 1 < chars.count && chars[i + 1] == "\n" { i += 1 }
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// The closed list of the sample pages' `Nội dung`.
    static let procedures = [
        "Cấp bản sao trích lục khai sinh", "Cấp giấy khai sinh", "Đăng ký khai sinh", "Cấp trích lục kết hôn",
        "Cấp bản sao trích lục kết hôn", "Cấp giấy xác nhận tình trạng hôn nhân", "Cấp bản sao trích lục khai tử",
        "Cấp trích lục đăng ký khai tử", "Cấp trích lục thay đổi, cải chính hộ tịch",
        "Cấp trích lục đăng ký nhận cha, mẹ, con", "Chứng thực bản sao từ bản chính", "Chứng thực chữ ký",
        "Cấp bản sao trích lục giám hộ",
    ]

    /// The sample pages' layout, with the canonical column names of their truth CSV.
    static let columns: [RegisterColumn] = [
        RegisterColumn(name: "STT", kind: .sequence),
        RegisterColumn(name: "Số vào sổ", kind: .entryNumber),
        RegisterColumn(name: "Họ và tên", kind: .personName),
        RegisterColumn(name: "Ngày sinh", kind: .date),
        RegisterColumn(name: "Địa chỉ", kind: .address),
        RegisterColumn(name: "Nội dung", kind: .vocabulary(procedures)),
        RegisterColumn(name: "Ngày cấp", kind: .date, nonDecreasing: true),
    ]

    /// One sample page: its OCR reading (captured), its facts and its truth.
    struct Page {
        var stem: String
        var level: String
        var context: RegisterContext
        var firstBodyRow: Int
        var rows: [[RegisterCell]]
        var truth: [[String]]
    }

    static let stems = ["register-clean-01", "register-clean-02", "register-mild-01", "register-mild-02",
                        "register-hard-01", "register-hard-02"]

    static func page(_ stem: String) throws -> Page {
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: samples.appendingPathComponent("\(stem).json")))
            as! [String: Any]
        let place = meta["place"] as! [String: String]
        let scan = meta["scan"] as! [String: Any]
        let table = meta["table"] as! [String: Any]
        let context = RegisterContext(province: place["province"], district: place["district"], commune: place["commune"],
                                      year: meta["year"] as? Int)
        let ocr = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("ocr/\(stem).json")))
            as! [String: Any]
        let cells = ocr["cells"] as! [[[String: Any]]]
        let rows = cells.map { row in
            row.map { cell in
                RegisterCell(text: cell["text"] as? String ?? "", confidence: (cell["confidence"] as? NSNumber).map { $0.floatValue })
            }
        }
        let truth = Array(csv(text(samples.appendingPathComponent("\(stem).csv"))).dropFirst())
        return Page(stem: stem, level: scan["level"] as! String, context: context,
                    firstBodyRow: table["first_body_row_index"] as! Int, rows: rows, truth: truth)
    }
}
