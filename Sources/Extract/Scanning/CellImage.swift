internal import CTesseract

/// One table cell cut out of a deskewed page and made ready for Tesseract: its grey levels
/// stretched from ink to paper, speckles dropped, scaled and framed in white.
///
/// Measured on the sample register pages (scripts/bench-ocr.py): stretching makes the faint,
/// unevenly lit hard scans look like clean ones; dropping speckles turned most of the hard pages'
/// stray `.`, `-`, `'` and invented diacritics into nothing; Debian's fast Vietnamese LSTM model
/// reads 10–11 pt text at 300 dpi best scaled down to about two thirds.
final class CellImage {
    /// The prepared cell at its original scale (8 bpp), before scaling and framing.
    let pix: UnsafeMutablePointer<PIX>

    /// The darkest and the typical paper grey of a cell are mapped onto black and white when they
    /// differ by more than this; a blank cell is left alone.
    static let minimumContrast = 20
    /// A dark component no larger than this each way is a speckle unless it sits on a letter.
    static let speckleSize = 9
    /// How far above or below a letter (and over it) a small component may be and still be a
    /// diacritic (tone mark, dot below).
    static let diacriticGap = 8
    /// White frame added around the cell, in pixels (Tesseract reads badly up to the edge).
    static let border: Int32 = 20

    /// Cuts `box` out of `page` (8 bpp) and cleans it.
    /// - Parameters:
    ///   - page: The deskewed grey page.
    ///   - box: The cell inside its rules.
    ///   - content: Numeric cells lose every speckle; text cells keep small marks on letters.
    /// - Returns: `nil` when Leptonica cannot cut the box (outside the page).
    init?(page: UnsafeMutablePointer<PIX>, box: TesseractEngine.PixelBox, content: CellContent) {
        var b = boxCreate(Int32(box.x), Int32(box.y), Int32(box.width), Int32(box.height))
        defer { boxDestroy(&b) }
        guard let clipped = pixClipRectangle(page, b, nil) else { return nil }
        pix = clipped
        stretch()
        dropSpeckles(keepingDiacritics: content == .text)
    }

    deinit {
        var p: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&p)
    }

    /// The cell scaled by `factor` with a white frame, for Tesseract; the caller destroys it.
    func framed(scale factor: Float) -> UnsafeMutablePointer<PIX>? {
        var scaled = pixScale(pix, factor, factor)
        defer { pixDestroy(&scaled) }
        guard let scaled else { return nil }
        return pixAddBorder(scaled, Self.border, 255)
    }

    /// Maps the cell's ink level (2nd percentile) to black and its paper level (60th percentile)
    /// to white, linearly.
    private func stretch() {
        var low: UInt32 = 0, high: UInt32 = 0
        guard pixGetRankValue(pix, 1, 0.02, &low) == 0, pixGetRankValue(pix, 1, 0.6, &high) == 0,
              Int(high) - Int(low) > Self.minimumContrast else { return }
        let lo = Int(low), range = Int(high) - Int(low)
        var map = [UInt8](repeating: 0, count: 256)
        for v in 0..<256 { map[v] = UInt8(clamping: (v - lo) * 255 / range) }
        let grey = GreyPixels(pix)
        for y in 0..<grey.height {
            for x in 0..<grey.width { grey[x, y] = map[Int(grey[x, y])] }
        }
    }

    /// Whitens small dark components (speckles). In text cells a small component that lies over
    /// or under a larger one, close to it, is a diacritic and stays.
    private func dropSpeckles(keepingDiacritics: Bool) {
        var binary = pixThresholdToBinary(pix, 128)
        defer { pixDestroy(&binary) }
        var masks: UnsafeMutablePointer<PIXA>?
        var boxes = binary.flatMap { pixConnComp($0, &masks, 8) }
        defer {
            boxaDestroy(&boxes)
            pixaDestroy(&masks)
        }
        guard let boxes else { return }
        let count = Int(boxaGetCount(boxes))
        var rects: [(x: Int, y: Int, w: Int, h: Int)] = []
        rects.reserveCapacity(count)
        for i in 0..<count {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            boxaGetBoxGeometry(boxes, Int32(i), &x, &y, &w, &h)
            rects.append((Int(x), Int(y), Int(w), Int(h)))
        }
        let small = rects.map { $0.w <= Self.speckleSize && $0.h <= Self.speckleSize }
        let grey = GreyPixels(pix)
        for i in 0..<count where small[i] {
            let s = rects[i]
            if keepingDiacritics {
                let onALetter = rects.indices.contains { j in
                    guard !small[j] else { return false }
                    let r = rects[j]
                    let overlapsAcross = s.x <= r.x + r.w && r.x <= s.x + s.w
                    let gap = s.y + s.h < r.y ? r.y - (s.y + s.h) : (s.y > r.y + r.h ? s.y - (r.y + r.h) : 0)
                    return overlapsAcross && gap <= Self.diacriticGap
                }
                if onALetter { continue }
            }
            var clone = pixaGetPix(masks, Int32(i), Int32(L_CLONE))
            defer { pixDestroy(&clone) }
            guard let mask = clone else { continue }
            let bits = BinaryPixels(mask)
            for y in 0..<s.h {
                for x in 0..<s.w where bits[x, y] { grey[s.x + x, s.y + y] = 255 }
            }
        }
    }
}

/// The pixels of an 8 bpp Pix (Leptonica packs them big-endian in 32-bit words).
struct GreyPixels {
    let bytes: UnsafeMutablePointer<UInt8>
    let bytesPerLine: Int
    let width: Int
    let height: Int

    init(_ pix: UnsafeMutablePointer<PIX>) {
        bytes = UnsafeMutableRawPointer(pixGetData(pix)!).assumingMemoryBound(to: UInt8.self)
        bytesPerLine = Int(pixGetWpl(pix)) * 4
        width = Int(pixGetWidth(pix))
        height = Int(pixGetHeight(pix))
    }

    subscript(x: Int, y: Int) -> UInt8 {
        get { bytes[y * bytesPerLine + (x ^ Self.swap)] }
        nonmutating set { bytes[y * bytesPerLine + (x ^ Self.swap)] = newValue }
    }

    /// Byte order within a 32-bit word: 3 on little-endian machines, 0 on big-endian ones.
    #if _endian(little)
    static let swap = 3
    #else
    static let swap = 0
    #endif
}

/// The pixels of a 1 bpp Pix (set = dark).
struct BinaryPixels {
    let words: UnsafeMutablePointer<UInt32>
    let wordsPerLine: Int

    init(_ pix: UnsafeMutablePointer<PIX>) {
        words = pixGetData(pix)!
        wordsPerLine = Int(pixGetWpl(pix))
    }

    subscript(x: Int, y: Int) -> Bool {
        (words[y * wordsPerLine + x >> 5] >> (31 - UInt32(x & 31))) & 1 == 1
    }
}
