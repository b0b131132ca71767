internal import CTesseract
public import Core
internal import Glibc

/// Tesseract through its C API (libtesseract), with Debian's Vietnamese LSTM model: reads the
/// words of a page image, or of one rectangle of it, with each word's confidence and box.
///
/// One engine per thread: Tesseract's API object is not shareable.
public final class TesseractEngine {
    /// A word as Tesseract read it.
    public struct Word: Sendable, Hashable {
        public var text: String
        /// Tesseract's confidence, 0 to 100.
        public var confidence: Float
        /// The word's box in page pixels: left, top, width, height.
        public var box: PixelBox
    }

    /// A rectangle of a page, in pixels from the top left corner.
    public struct PixelBox: Sendable, Hashable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int

        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// How Tesseract segments what it is given (its page segmentation modes).
    public enum Segmentation: Sendable {
        /// One uniform block of text (a table cell with several lines).
        case block
        /// One line of text.
        case line
        /// One word.
        case word

        var mode: TessPageSegMode {
            switch self {
            case .block: PSM_SINGLE_BLOCK
            case .line: PSM_SINGLE_LINE
            case .word: PSM_SINGLE_WORD
            }
        }
    }

    private let api: OpaquePointer

    /// Starts Tesseract with `language`'s model.
    /// - Parameter dataPath: The `tessdata` directory; Tesseract's default when `nil`.
    /// - Throws: ``ExtractError`` (`ocr`) when the model cannot be loaded (on Debian:
    ///   `apt-get install tesseract-ocr-vie`).
    public init(language: String = "vie", dataPath: String? = nil) throws(ExtractError) {
        Self.runLSTMOnOneThread()
        guard let api = TessBaseAPICreate() else {
            throw ExtractError(.ocr, file: language, "cannot create a Tesseract engine")
        }
        guard TessBaseAPIInit3(api, dataPath, language) == 0 else {
            TessBaseAPIDelete(api)
            throw ExtractError(.ocr, file: language,
                               "cannot load Tesseract's '\(language)' model; expected it in tessdata (apt-get install tesseract-ocr-\(language))")
        }
        self.api = api
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    /// The words Tesseract reads in the image at `path` (PNG, TIFF, JPEG), in reading order.
    /// - Parameters:
    ///   - region: Only this rectangle of the page (boxes stay in page coordinates).
    ///   - segmentation: How the text is laid out.
    /// - Throws: ``ExtractError`` (`ocr`) when the image cannot be read or recognition fails.
    public func words(inImageAt path: String, region: PixelBox? = nil, segmentation: Segmentation = .block)
        throws(ExtractError) -> [Word] {
        var image = pixRead(path)
        defer { pixDestroy(&image) }
        guard let pix = image else {
            throw ExtractError(.ocr, file: path, "cannot read the image; expected a PNG, TIFF or JPEG file")
        }
        return try recognize(pix, name: path, region: region, segmentation: segmentation)
    }

    /// The words in a region of a prepared (deskewed) page; boxes in that page's coordinates.
    /// - Throws: ``ExtractError`` (`ocr`) when recognition fails.
    public func words(in page: ScannedPage, region: PixelBox, segmentation: Segmentation = .line) throws(ExtractError) -> [Word] {
        try recognize(page.gray, name: page.path, region: region, segmentation: segmentation)
    }

    /// The words of a prepared cell image (boxes in that image's pixels).
    /// - Parameter characters: The only characters Tesseract may read (`tessedit_char_whitelist`),
    ///   or every character when empty.
    func words(inCell pix: UnsafeMutablePointer<PIX>, name: String, segmentation: Segmentation, characters: String)
        throws(ExtractError) -> [Word] {
        TessBaseAPISetVariable(api, "tessedit_char_whitelist", characters)
        defer { TessBaseAPISetVariable(api, "tessedit_char_whitelist", "") }
        return try recognize(pix, name: name, region: nil, segmentation: segmentation)
    }

    /// Tesseract's LSTM asks OpenMP for 4 threads per layer; with one engine per thread that only
    /// thrashes (a page took 8 s instead of 1.5 s on 2 cores). Telling libgomp that no parallel
    /// region may be active (max-active-levels 0, a process-wide setting) runs them on the
    /// calling thread. A no-op when libtesseract was built without OpenMP.
    private static let oneThread: Void = {
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "omp_set_max_active_levels") else { return }
        typealias SetLevels = @convention(c) (Int32) -> Void
        unsafeBitCast(symbol, to: SetLevels.self)(0)
    }()

    /// Makes Tesseract's LSTM run on the calling thread (see ``oneThread``); once per process.
    static func runLSTMOnOneThread() { _ = Self.oneThread }

    private func recognize(_ pix: UnsafeMutablePointer<PIX>, name: String, region: PixelBox?, segmentation: Segmentation)
        throws(ExtractError) -> [Word] {
        TessBaseAPISetImage2(api, pix)
        if let region {
            TessBaseAPISetRectangle(api, Int32(region.x), Int32(region.y), Int32(region.width), Int32(region.height))
        }
        TessBaseAPISetPageSegMode(api, segmentation.mode)
        guard TessBaseAPIRecognize(api, nil) == 0 else {
            throw ExtractError(.ocr, file: name, "Tesseract could not recognise the image")
        }
        var out: [Word] = []
        guard let it = TessBaseAPIGetIterator(api) else { return out }
        defer { TessResultIteratorDelete(it) }
        let page = TessResultIteratorGetPageIterator(it)
        repeat {
            guard let cText = TessResultIteratorGetUTF8Text(it, RIL_WORD) else { continue }
            let text = String(cString: cText)
            TessDeleteText(cText)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            _ = TessPageIteratorBoundingBox(page, RIL_WORD, &left, &top, &right, &bottom)
            out.append(Word(text: text, confidence: TessResultIteratorConfidence(it, RIL_WORD),
                            box: PixelBox(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top))))
        } while TessResultIteratorNext(it, RIL_WORD) != 0
        return out
    }
}
