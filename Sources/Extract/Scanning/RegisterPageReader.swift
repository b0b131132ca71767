internal import CTesseract
public import Core
import Dispatch
import Synchronization

/// What a register column holds, which decides how its cells are read.
public enum CellContent: Sendable, Hashable {
    /// Words with diacritics (names, addresses, what was issued).
    case text
    /// Digits and `/` only (row number, entry number `N/YYYY`, dates).
    case numeric
}

/// One cell of a register page as read.
public struct CellReading: Sendable, Hashable {
    /// The words joined by single spaces; a wrapped cell's lines joined by one space.
    public var text: String
    /// The lowest word confidence, 0...100 (lowered when readings at different scales disagree),
    /// or `nil` when the cell is empty.
    public var confidence: Float?
    /// The cell's box on the deskewed page (inside its rules).
    public var box: TesseractEngine.PixelBox

    public init(text: String, confidence: Float?, box: TesseractEngine.PixelBox) {
        self.text = text
        self.confidence = confidence
        self.box = box
    }
}

/// A register page read cell by cell.
public struct PageReading: Sendable {
    public var path: String
    /// The page of the file, from 1 (a multi-page TIFF has several).
    public var page: Int = 1
    /// The skew found and removed, in degrees (counter-clockwise positive).
    public var skewDegrees: Double
    /// x of each vertical rule on the deskewed page.
    public var columns: [Int]
    /// y of each horizontal rule on the deskewed page.
    public var rows: [Int]
    /// One array per row between rules (header rows included), one cell per column.
    public var cells: [[CellReading]]
}

/// Reads scanned register pages cell by cell: deskews the page and finds its ruled grid
/// (``ScannedPage``), cuts each cell out, cleans it (``CellImage``) and reads it with Tesseract,
/// numeric columns with digits and `/` only.
///
/// Each cell is read at two thirds of its size; when the lowest word confidence is under
/// ``confidentReading``, it is read again at two more scales and the reading most of them agree
/// on wins (the most confident one when all three differ).
///
/// One reader per thread: it holds a Tesseract engine. ``readAll(paths:content:threads:progress:)``
/// reads many pages in parallel.
public final class RegisterPageReader {
    /// Scales at which a cell is read, the first always, the others when it is in doubt.
    static let scales: [Float] = [0.65, 0.75, 0.9]
    /// A first reading at least this confident (lowest word) is taken as it is.
    static let confidentReading: Float = 80
    /// How far inside the rules a cell starts, across and down (rules and their blur stay out).
    static let inset = (x: 8, y: 6)
    static let numericCharacters = "0123456789/"

    private let engine: TesseractEngine

    /// Starts a reader with `language`'s Tesseract model.
    /// - Throws: ``ExtractError`` (`ocr`) when the model cannot be loaded.
    public init(language: String = "vie") throws(ExtractError) {
        engine = try TesseractEngine(language: language)
    }

    /// Reads the page at `path` cell by cell.
    /// - Parameters:
    ///   - path: A PNG, TIFF or JPEG scan.
    ///   - content: What column `c` holds (`content[c]`); columns past its end are `.text`.
    /// - Returns: The page's grid and cells, or `nil` when the page has no ruled grid.
    /// - Throws: ``ExtractError`` (`ocr`) when the image cannot be read or recognition fails.
    public func read(path: String, page number: Int = 1, content: [CellContent]) throws(ExtractError) -> PageReading? {
        let page = try ScannedPage(path: path, page: number - 1)
        guard let grid = page.grid() else { return nil }
        var cells: [[CellReading]] = []
        cells.reserveCapacity(grid.rows.count - 1)
        for r in 0..<(grid.rows.count - 1) {
            var row: [CellReading] = []
            row.reserveCapacity(grid.columns.count - 1)
            for c in 0..<(grid.columns.count - 1) {
                let box = TesseractEngine.PixelBox(
                    x: grid.columns[c] + Self.inset.x, y: grid.rows[r] + Self.inset.y,
                    width: grid.columns[c + 1] - grid.columns[c] - 2 * Self.inset.x,
                    height: grid.rows[r + 1] - grid.rows[r] - 2 * Self.inset.y)
                let kind = c < content.count ? content[c] : .text
                row.append(try readCell(of: page, box: box, content: kind))
            }
            cells.append(row)
        }
        return PageReading(path: path, page: number, skewDegrees: page.skewDegrees, columns: grid.columns, rows: grid.rows,
                           cells: cells)
    }

    /// One cell: cleaned, read at the first scale, and at the others when in doubt.
    func readCell(of page: ScannedPage, box: TesseractEngine.PixelBox, content: CellContent) throws(ExtractError) -> CellReading {
        guard box.width > 4, box.height > 4, let cell = CellImage(page: page.gray, box: box, content: content) else {
            return CellReading(text: "", confidence: nil, box: box)
        }
        var readings: [(text: String, confidence: Float?)] = []
        for scale in Self.scales {
            if let first = readings.first, let confidence = first.confidence, confidence >= Self.confidentReading { break }
            guard let framed = cell.framed(scale: scale) else { continue }
            var owned: UnsafeMutablePointer<PIX>? = framed
            defer { pixDestroy(&owned) }
            let words = try engine.words(inCell: framed, name: page.path, segmentation: content == .numeric ? .line : .block,
                                         characters: content == .numeric ? Self.numericCharacters : "")
            readings.append((words.map(\.text).joined(separator: " "), words.map(\.confidence).min()))
        }
        let chosen = Self.vote(readings)
        return CellReading(text: chosen.text, confidence: chosen.confidence, box: box)
    }

    /// The reading most readings agree on (the most confident of those tied). When they do not all
    /// agree, its confidence is lowered to the lowest confidence of any reading.
    static func vote(_ readings: [(text: String, confidence: Float?)]) -> (text: String, confidence: Float?) {
        guard var best = readings.first else { return ("", nil) }
        var bestVotes = 0
        for r in readings {
            let votes = readings.count { $0.text == r.text }
            if votes > bestVotes || (votes == bestVotes && (r.confidence ?? -1) > (best.confidence ?? -1)) {
                best = r
                bestVotes = votes
            }
        }
        if bestVotes < readings.count, !best.text.isEmpty {
            best.confidence = readings.compactMap(\.confidence).min()
        }
        return best
    }

    /// Reads pages in parallel on up to `threads` threads, one reader each.
    /// - Parameters:
    ///   - paths: The page images (the first page of each).
    ///   - content: What each column holds (see ``read(path:page:content:)``).
    ///   - threads: How many pages are read at once (at least 1).
    ///   - progress: Called after each page, from any thread but never two at a time, with the
    ///     pages done so far, the total and that page's path.
    /// - Returns: Each page's reading (`nil`: no ruled grid) or error, in the order of `paths`.
    public static func readAll(paths: [String], content: [CellContent], threads: Int,
                               progress: @escaping @Sendable (Int, Int, String) -> Void) -> [Result<PageReading?, ExtractError>] {
        readAll(pages: paths.map { ($0, 1, content) }, threads: threads, progress: progress)
    }

    /// Reads pages (a file, a page number from 1, and what its columns hold, each) in parallel on
    /// up to `threads` threads, one reader each; results in the order of `pages`.
    public static func readAll(pages: [(path: String, page: Int, content: [CellContent])], threads: Int,
                               progress: @escaping @Sendable (Int, Int, String) -> Void) -> [Result<PageReading?, ExtractError>] {
        struct Shared {
            var next = 0
            var done = 0
            var results: [Result<PageReading?, ExtractError>?]
        }
        let shared = Mutex(Shared(results: Array(repeating: nil, count: pages.count)))
        let workers = max(1, min(threads, pages.count))
        nonisolated(unsafe) let pages = pages
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let reader = Result { () throws(ExtractError) in try RegisterPageReader() }
            while true {
                let index = shared.withLock { s -> Int? in
                    guard s.next < pages.count else { return nil }
                    defer { s.next += 1 }
                    return s.next
                }
                guard let index else { return }
                let result = Result { () throws(ExtractError) -> PageReading? in
                    try reader.get().read(path: pages[index].path, page: pages[index].page, content: pages[index].content)
                }
                shared.withLock { s in
                    s.results[index] = result
                    s.done += 1
                    progress(s.done, pages.count, pages[index].path)
                }
            }
        }
        return shared.withLock { $0.results.map { $0! } }
    }
}
