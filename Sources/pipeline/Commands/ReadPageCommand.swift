import ArgumentParser
import Core
import Extract
import Foundation

/// `pipeline read-page IMAGE`: deskews a scanned register page, finds its ruled grid and reads
/// every cell with Tesseract; prints the table as JSON (text, confidence and box per cell).
struct ReadPageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-page",
        abstract: "Read a scanned register page cell by cell (deskew, ruled grid, Tesseract); print the table as JSON.",
        discussion: """
            A tool for trying pages before they are loaded: the skew found, the grid's rules, and \
            for every cell between them its text, its lowest word confidence and its box on the \
            deskewed page. Exit status: 0 success, 1 the image cannot be read or has no ruled grid.
            """)

    @Argument(help: "The page image (PNG, TIFF or JPEG).")
    var image: String

    struct Cell: Codable {
        var text: String
        /// The lowest confidence of the cell's words (0 to 100), or `nil` for an empty cell.
        var confidence: Float?
        var box: [Int]
    }

    struct Output: Codable {
        var image: String
        var skewDegrees: Double
        var columns: [Int]
        var rows: [Int]
        var cells: [[Cell]]

        enum CodingKeys: String, CodingKey {
            case image, skewDegrees = "skew_degrees", columns, rows, cells
        }
    }

    func run() throws {
        let out: Output?
        do throws(ExtractError) {
            out = try read()
        } catch {
            Console.error("\(error)")
            throw ExitCodes.failure
        }
        guard let out else {
            Console.error("\(image): error: no ruled grid found; expected a table with ruled rows and columns")
            throw ExitCodes.failure
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Console.out(String(decoding: try encoder.encode(out), as: UTF8.self))
    }

    /// The page read cell by cell, or `nil` when it has no ruled grid.
    private func read() throws(ExtractError) -> Output? {
        let page = try ScannedPage(path: image)
        guard let grid = page.grid() else { return nil }
        let engine = try TesseractEngine()
        var cells: [[Cell]] = []
        for r in 0..<(grid.rows.count - 1) {
            var row: [Cell] = []
            for c in 0..<(grid.columns.count - 1) {
                let box = TesseractEngine.PixelBox(
                    x: grid.columns[c] + 8, y: grid.rows[r] + 6, width: grid.columns[c + 1] - grid.columns[c] - 16,
                    height: grid.rows[r + 1] - grid.rows[r] - 12)
                guard box.width > 4, box.height > 4 else { continue }
                let words = try engine.words(in: page, region: box, segmentation: .block)
                row.append(Cell(text: words.map(\.text).joined(separator: " "), confidence: words.map(\.confidence).min(),
                                box: [box.x, box.y, box.width, box.height]))
            }
            cells.append(row)
        }
        return Output(image: image, skewDegrees: (page.skewDegrees * 100).rounded() / 100, columns: grid.columns,
                      rows: grid.rows, cells: cells)
    }
}
