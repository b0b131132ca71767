import Core
@testable import Extract
import Foundation
import Testing

/// Reading whole register pages cell by cell, against the sample pages' truth CSVs.
@Suite struct RegisterPageReaderTests {
    static let pages = TesseractEngineTests.pages
    /// The 7-column register: STT, entry number, name, birth date, address, content, issue date.
    static let content: [CellContent] = [.numeric, .numeric, .text, .numeric, .text, .text, .numeric]

    /// The page's truth rows (without the CSV header) and the index of its first body row.
    func truth(_ stem: String) throws -> (rows: [[String]], firstRow: Int) {
        let data = try Data(contentsOf: Self.pages.appendingPathComponent("\(stem).json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let firstRow = try #require((json["table"] as? [String: Any])?["first_body_row_index"] as? Int)
        let csv = try String(contentsOf: Self.pages.appendingPathComponent("\(stem).csv"), encoding: .utf8)
        return (csv.split(separator: "\n").dropFirst().map(Self.fields), firstRow)
    }

    /// One CSV line's fields (RFC 4180 quotes, as in the samples).
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], field = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == ",", !quoted { out.append(field); field = "" } else { field.append(ch) }
        }
        out.append(field)
        return out
    }

    @Test(arguments: ["register-clean-01", "register-clean-02", "register-mild-01", "register-mild-02"])
    func readsCleanAndMildPagesAlmostExactly(_ stem: String) throws {
        let (rows, firstRow) = try truth(stem)
        let page = try #require(try RegisterPageReader().read(path: Self.pages.appendingPathComponent("\(stem).png").path,
                                                              content: Self.content))
        #expect(page.columns.count == 8)
        #expect(page.cells.count == firstRow + rows.count)
        var exact = Array(repeating: 0, count: 7), all = 0
        for (r, truthRow) in rows.enumerated() {
            let cells = page.cells[firstRow + r]
            #expect(cells.count == 7)
            for (c, expected) in truthRow.enumerated() where cells[c].text == expected {
                exact[c] += 1
                all += 1
            }
        }
        // Numeric columns (STT, entry number, both dates): every cell but at most one per column.
        for c in [0, 1, 3, 6] { #expect(exact[c] >= rows.count - 1, "column \(c): \(exact[c]) of \(rows.count) exact") }
        #expect(Double(all) / Double(rows.count * 7) >= 0.97, "\(all) of \(rows.count * 7) fields exact")
        for row in page.cells[firstRow...] {
            for cell in row {
                if let confidence = cell.confidence { #expect(confidence >= 0 && confidence <= 100) } else { #expect(cell.text.isEmpty) }
            }
        }
    }

    /// Hard pages are not at the target yet; this guards what the cleaning bought (they read
    /// about a quarter of their fields before it).
    @Test func readsMostOfAHardPage() throws {
        let stem = "register-hard-01"
        let (rows, firstRow) = try truth(stem)
        let page = try #require(try RegisterPageReader().read(path: Self.pages.appendingPathComponent("\(stem).png").path,
                                                              content: Self.content))
        #expect(abs(page.skewDegrees + 2.975) < 0.1)
        var exact = 0
        for (r, truthRow) in rows.enumerated() {
            for (c, expected) in truthRow.enumerated() where page.cells[firstRow + r][c].text == expected { exact += 1 }
        }
        #expect(Double(exact) / Double(rows.count * 7) >= 0.8, "\(exact) of \(rows.count * 7) fields exact")
    }

    @Test func readsPagesInParallelInTheirOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("register-reader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A blank page (PGM, which Leptonica reads too): no ruled grid.
        let blank = dir.appendingPathComponent("blank.pgm")
        try (Data("P5\n300 200\n255\n".utf8) + Data(repeating: 255, count: 300 * 200)).write(to: blank)
        let paths = [Self.pages.appendingPathComponent("register-mild-02.png").path, blank.path,
                     dir.appendingPathComponent("missing.png").path]
        let calls = Calls()
        let results = RegisterPageReader.readAll(paths: paths, content: Self.content, threads: 2) { done, total, path in
            calls.add(done, total, path)
        }
        #expect(results.count == 3)
        let first = try #require(try results[0].get())
        #expect(first.path == paths[0])
        #expect(first.cells[1].map(\.text)[0...1] == ["41", "390/2015"])
        #expect(try results[1].get() == nil, "a blank page has no grid")
        #expect(throws: ExtractError.self) { try results[2].get() }
        if case .failure(let error) = results[2] { #expect(error.code == .ocr) }
        let seen = calls.all
        #expect(seen.map(\.done) == [1, 2, 3])
        #expect(seen.allSatisfy { $0.total == 3 })
        #expect(Set(seen.map(\.path)) == Set(paths))
    }

    @Test func aMissingImageIsAnOCRErrorAndABlankOneHasNoGrid() throws {
        let reader = try RegisterPageReader()
        do {
            _ = try reader.read(path: "/nonexistent/page.png", content: [])
            Issue.record("a missing image must fail")
        } catch {
            #expect(error.code == .ocr)
        }
        let blank = FileManager.default.temporaryDirectory.appendingPathComponent("blank-\(UUID().uuidString).pgm")
        try (Data("P5\n120 80\n255\n".utf8) + Data(repeating: 255, count: 120 * 80)).write(to: blank)
        defer { try? FileManager.default.removeItem(at: blank) }
        #expect(try reader.read(path: blank.path, content: []) == nil)
    }

    @Test func readingsThatDisagreeLowerTheConfidence() {
        let agreed = RegisterPageReader.vote([("54", 70), ("54", 90), ("94", 95)])
        #expect(agreed.text == "54")
        #expect(agreed.confidence == 70, "not unanimous: the lowest of the readings")
        let split = RegisterPageReader.vote([("a", 40), ("b", 60), ("c", 50)])
        #expect(split.text == "b" && split.confidence == 40)
        let one = RegisterPageReader.vote([("x", 91)])
        #expect(one.text == "x" && one.confidence == 91)
        #expect(RegisterPageReader.vote([("", nil)]).confidence == nil)
    }
}

/// The progress calls of ``RegisterPageReader/readAll``, from any thread.
private final class Calls: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(done: Int, total: Int, path: String)] = []

    func add(_ done: Int, _ total: Int, _ path: String) {
        lock.withLock { calls.append((done, total, path)) }
    }

    var all: [(done: Int, total: Int, path: String)] { lock.withLock { calls } }
}
