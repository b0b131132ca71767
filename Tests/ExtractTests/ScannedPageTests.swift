import Core
@testable import Extract
import Foundation
import Testing

/// Deskewing a scanned register page, finding its ruled grid, and reading cells through it.
@Suite struct ScannedPageTests {
    static let pages = TesseractEngineTests.pages

    func facts(_ stem: String) throws -> (rotation: Double, columns: [Int], rows: [Int], firstRow: Int, names: [String]) {
        let data = try Data(contentsOf: Self.pages.appendingPathComponent("\(stem).json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let scan = try #require(json["scan"] as? [String: Any])
        let table = try #require(json["table"] as? [String: Any])
        let csv = try String(contentsOf: Self.pages.appendingPathComponent("\(stem).csv"), encoding: .utf8)
        let names = csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[2]) }
        return (scan["rotation_deg"] as? Double ?? 0, try #require(table["column_x"] as? [Int]), try #require(table["row_y"] as? [Int]),
                try #require(table["first_body_row_index"] as? Int), names)
    }

    @Test(arguments: ["register-clean-01", "register-clean-02", "register-mild-01", "register-mild-02"])
    func findsTheSkewAndTheGridOfAPage(_ stem: String) throws {
        let truth = try facts(stem)
        let page = try ScannedPage(path: Self.pages.appendingPathComponent("\(stem).png").path)
        #expect(abs(page.skewDegrees - truth.rotation) < 0.2, "skew \(page.skewDegrees), truth \(truth.rotation)")
        let grid = try #require(page.grid(), "no grid found")
        #expect(grid.columns.count == truth.columns.count, "\(grid.columns) vs \(truth.columns)")
        #expect(grid.rows.count == truth.rows.count, "\(grid.rows.count) rules across, truth \(truth.rows.count)")
        if truth.rotation == 0 {
            for (a, b) in zip(grid.columns, truth.columns) { #expect(abs(a - b) <= 3) }
            for (a, b) in zip(grid.rows, truth.rows) { #expect(abs(a - b) <= 3) }
        }
    }

    @Test(arguments: ["register-clean-01", "register-mild-01", "register-mild-02"])
    func readsTheNamesThroughTheGrid(_ stem: String) throws {
        let truth = try facts(stem)
        let page = try ScannedPage(path: Self.pages.appendingPathComponent("\(stem).png").path)
        let grid = try #require(page.grid())
        let engine = try TesseractEngine()
        var exact = 0
        for (r, name) in truth.names.enumerated() where truth.firstRow + r + 1 < grid.rows.count {
            let top = grid.rows[truth.firstRow + r], bottom = grid.rows[truth.firstRow + r + 1]
            let cell = TesseractEngine.PixelBox(x: grid.columns[2] + 8, y: top + 6, width: grid.columns[3] - grid.columns[2] - 16,
                                                height: bottom - top - 12)
            let words = try engine.words(in: page, region: cell)
            if words.map(\.text).joined(separator: " ") == name { exact += 1 }
        }
        #expect(Double(exact) / Double(truth.names.count) >= 0.9, "\(exact) of \(truth.names.count) names read exactly")
    }

    @Test func rulesAreLongRunsMergedIntoTheirCentres() throws {
        let page = try ScannedPage(path: Self.pages.appendingPathComponent("register-clean-01.png").path)
        #expect(ScannedPage.centres([10, 11, 12, 40, 41, 90]) == [11, 40, 90])
        #expect(ScannedPage.longestRun(count: 20, gap: 2) { $0 < 5 || ($0 > 7 && $0 < 15) } == 7)
        #expect(ScannedPage.longestRun(count: 20, gap: 3) { $0 < 5 || ($0 > 7 && $0 < 15) } == 15)
        #expect(page.width == 3508 && page.height == 2480)
    }
}
