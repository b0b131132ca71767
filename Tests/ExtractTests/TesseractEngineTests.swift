import Core
@testable import Extract
import Foundation
import Testing

/// Tesseract through its C API, with Debian's Vietnamese model, on the sample register pages.
@Suite struct TesseractEngineTests {
    static let pages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/paper-index")

    /// The names column of a page's truth CSV.
    func names(_ stem: String) throws -> [String] {
        let csv = try String(contentsOf: Self.pages.appendingPathComponent("\(stem).csv"), encoding: .utf8)
        return csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[2]) }
    }

    /// The page's table rules (x of the vertical ones, y of the horizontal ones) and its first body row.
    func grid(_ stem: String) throws -> (x: [Int], y: [Int], firstRow: Int) {
        let data = try Data(contentsOf: Self.pages.appendingPathComponent("\(stem).json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let table = try #require(json["table"] as? [String: Any])
        return (try #require(table["column_x"] as? [Int]), try #require(table["row_y"] as? [Int]),
                try #require(table["first_body_row_index"] as? Int))
    }

    /// Whole-page OCR loses ruled tables (Tesseract takes the rules for pictures); cell by cell,
    /// inside the rules, it reads the Vietnamese names of a clean page.
    @Test func readsTheNamesOfACleanPageCellByCell() throws {
        let engine = try TesseractEngine()
        let page = Self.pages.appendingPathComponent("register-clean-01.png").path
        let (xs, ys, first) = try grid("register-clean-01")
        let truth = try names("register-clean-01")
        #expect(truth.count == 23)
        var exact = 0
        for (r, name) in truth.enumerated() {
            let top = ys[first + r], bottom = ys[first + r + 1]
            let cell = TesseractEngine.PixelBox(x: xs[2] + 8, y: top + 6, width: xs[3] - xs[2] - 16, height: bottom - top - 12)
            let words = try engine.words(inImageAt: page, region: cell, segmentation: .line)
            if words.map(\.text).joined(separator: " ") == name { exact += 1 }
            for w in words {
                #expect(w.confidence >= 0 && w.confidence <= 100)
                #expect(w.box.x >= cell.x - 2 && w.box.x + w.box.width <= cell.x + cell.width + 2, "boxes in page coordinates")
                #expect(w.box.y >= cell.y - 2 && w.box.y + w.box.height <= cell.y + cell.height + 2)
            }
        }
        #expect(exact >= 21, "\(exact) of 23 names read exactly")
    }

    @Test func aMissingImageOrModelIsAnOCRError() throws {
        let engine = try TesseractEngine()
        #expect(throws: ExtractError.self) { try engine.words(inImageAt: "/nonexistent/page.png") }
        do {
            _ = try TesseractEngine(language: "xyz")
            Issue.record("a missing model must fail")
        } catch {
            #expect(error.code == .ocr)
            #expect(error.message.contains("tesseract-ocr-xyz"))
        }
    }
}
