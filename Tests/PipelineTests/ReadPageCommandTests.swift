import Foundation
import Load
import TestSupport
import Testing

/// `pipeline read-page` with several pages, threads and its numeric columns.
@Suite struct ReadPageSeveralPagesTests {
    let pages = PipelineProcess.packageRoot.appendingPathComponent("samples/paper-index")

    @Test func readsSeveralPagesIntoAnArrayInTheirOrder() throws {
        let work = try PipelineProcess.temporaryDirectory("readpage-many")
        let clean = pages.appendingPathComponent("register-clean-02.png").path
        let missing = work.appendingPathComponent("none.png").path
        let r = try PipelineProcess.run(["read-page", "--threads", "2", missing, clean], in: work)
        #expect(r.status == 1, "one page cannot be read")
        #expect(r.stderr.contains("cannot read the image"), "\(r.stderr)")
        #expect(r.stderr.contains("read-page: 2/2"), "progress: \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Any])
        #expect(json.count == 2)
        #expect(json[0] is NSNull)
        let page = try #require(json[1] as? [String: Any])
        #expect(page["image"] as? String == clean)
        let cells = try #require(page["cells"] as? [[[String: Any]]])
        // The upper-case page: its first body row, surname with stacked diacritics included.
        let firstBody = cells.first { ($0.first?["text"] as? String) == "1" }
        #expect(firstBody?.map { $0["text"] as? String ?? "" }.prefix(4) == ["1", "17/2018", "NGUYỄN GIA LONG", "01/07/1995"][...])
    }

    @Test func refusesBadNumericColumns() throws {
        let work = try PipelineProcess.temporaryDirectory("readpage-bad")
        let r = try PipelineProcess.run(["read-page", "--numeric-columns", "a,b", pages.appendingPathComponent("register-clean-01.png").path],
                                        in: work)
        #expect(r.status == 64)
        #expect(r.stderr.contains("--numeric-columns"), "\(r.stderr)")
    }
}
