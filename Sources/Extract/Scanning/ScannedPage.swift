internal import CTesseract
public import Core

/// A scanned register page made ready for reading cell by cell: grey, deskewed, with the ruled
/// grid of its table found.
///
/// Leptonica estimates the skew from the page's text lines and rotates it back; the table's
/// rules are then the rows and columns of the binarised page with a run of dark pixels across
/// most of the table.
public final class ScannedPage {
    /// The page's ruled grid, in the deskewed page's pixels.
    public struct Grid: Sendable, Hashable {
        /// x of each vertical rule, left to right.
        public var columns: [Int]
        /// y of each horizontal rule, top to bottom.
        public var rows: [Int]
    }

    public let path: String
    public let width: Int
    public let height: Int
    /// The skew found and removed, in degrees (counter-clockwise positive).
    public let skewDegrees: Double
    /// How sure Leptonica was of the skew (0 when it could not tell).
    public let skewConfidence: Double
    let gray: UnsafeMutablePointer<PIX>
    private let binary: UnsafeMutablePointer<PIX>

    /// Reads, greys and deskews the image at `path`.
    /// - Parameter page: Which page of a multi-page TIFF, from 0 (other formats have one page).
    /// - Throws: ``ExtractError`` (`ocr`) when the image or page cannot be read.
    public init(path: String, page: Int = 0) throws(ExtractError) {
        var original = page == 0 ? pixRead(path) : pixReadTiff(path, Int32(page))
        defer { pixDestroy(&original) }
        guard let read = original, var gray8 = pixConvertTo8(read, 0) else {
            throw ExtractError(.ocr, file: path, page == 0 ? "cannot read the image; expected a PNG, TIFF or JPEG file"
                                                           : "cannot read page \(page + 1) of the TIFF file")
        }
        var angle: Float = 0, confidence: Float = 0
        var binarised = pixConvertTo1(gray8, 160)
        if let bin = binarised, pixFindSkew(bin, &angle, &confidence) != 0 { angle = 0; confidence = 0 }
        if abs(angle) >= 0.05, confidence > 0, let rotated = pixRotate(gray8, angle * .pi / 180, Int32(L_ROTATE_AREA_MAP),
                                                                       Int32(L_BRING_IN_WHITE), 0, 0) {
            var old: UnsafeMutablePointer<PIX>? = gray8
            pixDestroy(&old)
            gray8 = rotated
            // The page turned: binarised again.
            pixDestroy(&binarised)
            binarised = pixConvertTo1(gray8, 160)
        }
        guard let bin = binarised else {
            var g: UnsafeMutablePointer<PIX>? = gray8
            pixDestroy(&g)
            throw ExtractError(.ocr, file: path, "cannot binarise the image")
        }
        self.path = path
        gray = gray8
        binary = bin
        width = Int(pixGetWidth(gray8))
        height = Int(pixGetHeight(gray8))
        // Leptonica's angle is the page's turn (counter-clockwise positive); rotating by it
        // turns the page back.
        skewDegrees = Double(angle)
        skewConfidence = Double(confidence)
    }

    /// How many pages the image at `path` has: a TIFF's page count, 1 for other formats.
    /// - Throws: ``ExtractError`` (`ocr`) when the file cannot be opened, or is a TIFF whose
    ///   pages cannot be counted.
    public static func pageCount(path: String) throws(ExtractError) -> Int {
        guard let file = fopen(path, "rb") else {
            throw ExtractError(.ocr, file: path, "cannot open the image")
        }
        defer { fclose(file) }
        var magic = [UInt8](repeating: 0, count: 4)
        guard fread(&magic, 1, 4, file) == 4 else { return 1 }
        let tiff = magic == [0x49, 0x49, 0x2A, 0x00] || magic == [0x4D, 0x4D, 0x00, 0x2A]
        guard tiff else { return 1 }
        rewind(file)
        var n: Int32 = 0
        guard tiffGetCount(file, &n) == 0, n > 0 else {
            throw ExtractError(.ocr, file: path, "cannot count the pages of the TIFF file")
        }
        return Int(n)
    }

    deinit {
        var g: UnsafeMutablePointer<PIX>? = gray
        pixDestroy(&g)
        var b: UnsafeMutablePointer<PIX>? = binary
        pixDestroy(&b)
    }

    /// The table's ruled grid, or `nil` when fewer than two rules run each way.
    /// - Parameter minimumShare: How much of the page's width (for rows) or of the grid's
    ///   height (for columns) a dark run must cover to be a rule.
    /// - Complexity: O(width · height).
    public func grid(minimumShare: Double = 0.5) -> Grid? {
        let words = pixGetData(binary)!
        let wpl = Int(pixGetWpl(binary))
        @inline(__always) func dark(_ x: Int, _ y: Int) -> Bool {
            (words[y * wpl + x >> 5] >> (31 - UInt32(x & 31))) & 1 == 1
        }
        // Horizontal rules: rows with a long dark run (a little gap allowed for broken scans).
        var rowHits: [Int] = []
        for y in 0..<height where Self.longestRun(count: width, gap: 6, { dark($0, y) }) >= Int(Double(width) * minimumShare) {
            rowHits.append(y)
        }
        let rows = Self.centres(rowHits)
        guard rows.count >= 2, let top = rows.first, let bottom = rows.last else { return nil }
        var columnHits: [Int] = []
        let span = bottom - top
        for x in 0..<width where Self.longestRun(count: span + 1, gap: 6, { dark(x, top + $0) }) >= Int(Double(span) * 0.9) {
            columnHits.append(x)
        }
        let columns = Self.centres(columnHits)
        guard columns.count >= 2 else { return nil }
        return Grid(columns: columns, rows: rows)
    }

    /// The longest run of `true` over 0..<count, bridging gaps of up to `gap` `false`s.
    static func longestRun(count: Int, gap: Int, _ isDark: (Int) -> Bool) -> Int {
        var best = 0, start = -1, lastDark = -gap - 2
        for i in 0..<count where isDark(i) {
            if i - lastDark > gap + 1 { start = i }
            lastDark = i
            best = max(best, i - start + 1)
        }
        return best
    }

    /// Adjacent indexes (a rule several pixels thick) merged into their centre.
    static func centres(_ hits: [Int]) -> [Int] {
        var out: [Int] = []
        var group: [Int] = []
        for h in hits {
            if let last = group.last, h - last > 3 {
                out.append(group.reduce(0, +) / group.count)
                group.removeAll()
            }
            group.append(h)
        }
        if !group.isEmpty { out.append(group.reduce(0, +) / group.count) }
        return out
    }
}
