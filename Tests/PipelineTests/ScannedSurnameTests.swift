import Cleanse
import Extract
import Foundation
import Load
import TestSupport
import Testing

/// On the upper-case scan, OCR reads NGUYỄN as NGUYÊN at high confidence; the surname check
/// lets no misread surname through as certain.
@Suite struct ScannedSurnameTests {
    let pages = PipelineProcess.packageRoot.appendingPathComponent("samples/paper-index")

    @Test func noMisreadSurnameOfTheUpperCasePagePassesAsCertain() throws {
        let stem = "register-clean-02"
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: pages.appendingPathComponent("\(stem).json")))
            as? [String: Any])
        let firstRow = try #require((json["table"] as? [String: Any])?["first_body_row_index"] as? Int)
        let truth = try String(contentsOf: pages.appendingPathComponent("\(stem).csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[2]) }
        let page = try ScannedPage(path: pages.appendingPathComponent("\(stem).png").path)
        let grid = try #require(page.grid())
        let engine = try TesseractEngine()
        var misread = 0, caught = 0
        for (r, name) in truth.enumerated() {
            let top = grid.rows[firstRow + r], bottom = grid.rows[firstRow + r + 1]
            let cell = TesseractEngine.PixelBox(x: grid.columns[2] + 8, y: top + 6, width: grid.columns[3] - grid.columns[2] - 16,
                                                height: bottom - top - 12)
            let surname = try #require(try engine.words(in: page, region: cell).first).text
            let truthSurname = String(name.split(separator: " ")[0])
            let verdict = VietnameseSurnames.check(surname)
            if surname != truthSurname {
                misread += 1
                #expect(verdict != .known, "\(surname) for \(truthSurname) passed as a known surname")
                if case .misread(let candidates) = verdict, candidates.contains(where: { $0.uppercased() == truthSurname }) { caught += 1 }
            } else {
                #expect(verdict == .known, "\(surname)")
            }
        }
        #expect(misread > 5, "the page shows the problem")
        #expect(caught == misread, "each misread surname is flagged with the right candidate")
    }
}

/// `pipeline read-page` prints a page's grid and cells.
@Suite struct ReadPageCommandTests {
    @Test func printsTheGridAndEveryCell() throws {
        let root = PipelineProcess.packageRoot
        let work = try PipelineProcess.temporaryDirectory("readpage")
        let r = try PipelineProcess.run(["read-page", root.appendingPathComponent("samples/paper-index/register-clean-01.png").path], in: work)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((json["columns"] as? [Int])?.count == 8)
        let cells = try #require(json["cells"] as? [[[String: Any]]])
        #expect(cells.count == 25)
        #expect(cells[2].map { $0["text"] as? String ?? "" } ==
                ["121", "425/2008", "Trần Xuân Tiệp", "21/01/2008", "Thôn Đông Hạ, xã Cát Trinh, huyện Phù Cát", "Đăng ký khai sinh",
                 "27/03/2008"])
        let missing = try PipelineProcess.run(["read-page", work.appendingPathComponent("none.png").path], in: work)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read the image"), "\(missing.stderr)")
    }
}
