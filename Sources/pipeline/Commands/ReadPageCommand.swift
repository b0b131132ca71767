import ArgumentParser
import Core
import Extract
import Foundation

/// `pipeline read-page IMAGE...`: deskews scanned register pages, finds their ruled grids and
/// reads every cell with Tesseract; prints each table as JSON (text, confidence and box per cell).
struct ReadPageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-page",
        abstract: "Read scanned register pages cell by cell (deskew, ruled grid, Tesseract); print the tables as JSON.",
        discussion: """
            A tool for trying pages before they are loaded: the skew found, the grid's rules, and \
            for every cell between them its text, its lowest word confidence and its box on the \
            deskewed page. One image prints one JSON object; several print an array of them in \
            the order given (null for a page that failed), read on --threads threads, with \
            progress on standard error. Exit status: 0 success, 1 an image cannot be read or has \
            no ruled grid.
            """)

    @Argument(help: "The page images (PNG, TIFF or JPEG).")
    var images: [String]

    @Option(name: .customLong("numeric-columns"),
            help: "Columns (0-based, comma-separated) holding only digits and '/'; the default suits the 7-column register (STT, entry number, birth date, issue date).")
    var numericColumns: String = "0,1,3,6"

    @Option(help: "How many pages are read at once.")
    var threads: Int = 1

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

        init(_ page: PageReading) {
            image = page.path
            skewDegrees = (page.skewDegrees * 100).rounded() / 100
            columns = page.columns
            rows = page.rows
            cells = page.cells.map { row in
                row.map { Cell(text: $0.text, confidence: $0.confidence, box: [$0.box.x, $0.box.y, $0.box.width, $0.box.height]) }
            }
        }
    }

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("expected at least one image") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard content() != nil else { throw ValidationError("--numeric-columns: expected column numbers like 0,1,3,6") }
    }

    /// What each column holds, from --numeric-columns.
    func content() -> [CellContent]? {
        var numeric: [Int] = []
        for part in numericColumns.split(separator: ",", omittingEmptySubsequences: true) {
            guard let c = Int(part.trimmingCharacters(in: .whitespaces)), c >= 0, c < 1000 else { return nil }
            numeric.append(c)
        }
        var content = [CellContent](repeating: .text, count: (numeric.max() ?? -1) + 1)
        for c in numeric { content[c] = .numeric }
        return content
    }

    func run() throws {
        let content = content() ?? []
        let several = images.count > 1
        let results = RegisterPageReader.readAll(paths: images, content: content, threads: threads) { done, total, path in
            if several { Console.error("read-page: \(done)/\(total) \(path)") }
        }
        var outputs: [Output?] = []
        var failed = false
        for (image, result) in zip(images, results) {
            switch result {
            case .success(let page?):
                outputs.append(Output(page))
            case .success(nil):
                Console.error("\(image): error: no ruled grid found; expected a table with ruled rows and columns")
                outputs.append(nil)
                failed = true
            case .failure(let error):
                Console.error("\(error)")
                outputs.append(nil)
                failed = true
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if several {
            Console.out(String(decoding: try encoder.encode(outputs), as: UTF8.self))
        } else if let only = outputs.first, let only {
            Console.out(String(decoding: try encoder.encode(only), as: UTF8.self))
        }
        if failed { throw ExitCodes.failure }
    }
}
