/// The Vietnamese letters as small integer codes, for the byte-level `tone`, `person_name` and
/// `fold` rules: which vowel (with its vowel mark), which tone, which case, without Foundation or
/// per-call lookups in the Unicode tables.
///
/// A code is `base * 12 + tone * 2 + upper`:
/// - `base`: 0 a, 1 ă, 2 â, 3 e, 4 ê, 5 i, 6 o, 7 ô, 8 ơ, 9 u, 10 ư, 11 y, 12 đ;
/// - `tone`: 0 none, 1 huyền (grave), 2 sắc (acute), 3 hỏi (hook above), 4 ngã (tilde),
///   5 nặng (dot below) (đ only takes 0);
/// - `upper`: 0 lower case, 1 upper case.
///
/// That gives 146 letters: the 134 with a diacritic (all precomposed in NFC, two or three UTF-8
/// bytes) and the twelve unmarked vowels `a e i o u y A E I O U Y`. The tables below were
/// generated from these rows (lower case; upper case is the same in capitals), and the tests
/// rebuild them from the rows and check every letter's case against the standard library:
///
///     a à á ả ã ạ   ă ằ ắ ẳ ẵ ặ   â ầ ấ ẩ ẫ ậ   e è é ẻ ẽ ẹ   ê ề ế ể ễ ệ   i ì í ỉ ĩ ị
///     o ò ó ỏ õ ọ   ô ồ ố ổ ỗ ộ   ơ ờ ớ ở ỡ ợ   u ù ú ủ ũ ụ   ư ừ ứ ử ữ ự   y ỳ ý ỷ ỹ ỵ   đ
///
/// A letter and its other case have the same UTF-8 length; a change of tone may change it
/// (a, à, ả: one, two, three bytes).
enum VietnameseLetters {
    static let baseA = 0, baseE = 3, baseI = 5, baseO = 6, baseU = 9, baseY = 11, baseD = 12

    /// The code of the Vietnamese letter whose UTF-8 starts at `i`, or -1 for any other scalar;
    /// with the scalar's byte length. `i` must be the start of a scalar.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (code: Int, length: Int) {
        let c = b[i]
        if c < 0x80 { return (Int(asciiCodes[Int(c)]) - 1, 1) }
        if c < 0xE0 {
            let s = Int(c & 0x1F) << 6 | Int(b[i + 1] & 0x3F)
            return (s >= 0xC0 && s < 0x1C0 ? Int(latinCodes[s - 0xC0]) - 1 : -1, 2)
        }
        if c == 0xE1 {
            let c1 = b[i + 1]
            if c1 == 0xBA || c1 == 0xBB {
                let s = 0x1E80 | Int(c1 & 1) << 6 | Int(b[i + 2] & 0x3F)
                return (s >= 0x1EA0 ? Int(extendedCodes[s - 0x1EA0]) - 1 : -1, 3)
            }
            return (-1, 3)
        }
        return (-1, c < 0xF0 ? 3 : 4)
    }

    @inline(__always) static func base(_ code: Int) -> Int { code / 12 }
    @inline(__always) static func tone(_ code: Int) -> Int { code % 12 / 2 }
    @inline(__always) static func isUpper(_ code: Int) -> Bool { code & 1 == 1 }
    @inline(__always) static func code(base: Int, tone: Int, upper: Bool) -> Int { base * 12 + tone * 2 + (upper ? 1 : 0) }
    @inline(__always) static func upper(_ code: Int) -> Int { code | 1 }
    @inline(__always) static func lower(_ code: Int) -> Int { code & ~1 }

    /// The UTF-8 length of the letter `code`.
    @inline(__always)
    static func length(_ code: Int) -> Int {
        let s = scalars[code]
        return s < 0x80 ? 1 : s < 0x800 ? 2 : 3
    }

    /// Writes the letter `code` in UTF-8 at `out[o...]`; returns the bytes written.
    @inline(__always)
    static func write(_ code: Int, to out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        let s = scalars[code]
        if s < 0x80 {
            out[o] = UInt8(truncatingIfNeeded: s)
            return 1
        }
        if s < 0x800 {
            out[o] = UInt8(truncatingIfNeeded: 0xC0 | s >> 6)
            out[o + 1] = UInt8(truncatingIfNeeded: 0x80 | s & 0x3F)
            return 2
        }
        out[o] = UInt8(truncatingIfNeeded: 0xE0 | s >> 12)
        out[o + 1] = UInt8(truncatingIfNeeded: 0x80 | s >> 6 & 0x3F)
        out[o + 2] = UInt8(truncatingIfNeeded: 0x80 | s & 0x3F)
        return 3
    }

    /// Code -> scalar: row `base`, then tone, then case (0 for the tones đ does not take).
    static let scalars: [UInt32] = [
        0x0061, 0x0041, 0x00E0, 0x00C0, 0x00E1, 0x00C1, 0x1EA3, 0x1EA2, 0x00E3, 0x00C3, 0x1EA1, 0x1EA0,
        0x0103, 0x0102, 0x1EB1, 0x1EB0, 0x1EAF, 0x1EAE, 0x1EB3, 0x1EB2, 0x1EB5, 0x1EB4, 0x1EB7, 0x1EB6,
        0x00E2, 0x00C2, 0x1EA7, 0x1EA6, 0x1EA5, 0x1EA4, 0x1EA9, 0x1EA8, 0x1EAB, 0x1EAA, 0x1EAD, 0x1EAC,
        0x0065, 0x0045, 0x00E8, 0x00C8, 0x00E9, 0x00C9, 0x1EBB, 0x1EBA, 0x1EBD, 0x1EBC, 0x1EB9, 0x1EB8,
        0x00EA, 0x00CA, 0x1EC1, 0x1EC0, 0x1EBF, 0x1EBE, 0x1EC3, 0x1EC2, 0x1EC5, 0x1EC4, 0x1EC7, 0x1EC6,
        0x0069, 0x0049, 0x00EC, 0x00CC, 0x00ED, 0x00CD, 0x1EC9, 0x1EC8, 0x0129, 0x0128, 0x1ECB, 0x1ECA,
        0x006F, 0x004F, 0x00F2, 0x00D2, 0x00F3, 0x00D3, 0x1ECF, 0x1ECE, 0x00F5, 0x00D5, 0x1ECD, 0x1ECC,
        0x00F4, 0x00D4, 0x1ED3, 0x1ED2, 0x1ED1, 0x1ED0, 0x1ED5, 0x1ED4, 0x1ED7, 0x1ED6, 0x1ED9, 0x1ED8,
        0x01A1, 0x01A0, 0x1EDD, 0x1EDC, 0x1EDB, 0x1EDA, 0x1EDF, 0x1EDE, 0x1EE1, 0x1EE0, 0x1EE3, 0x1EE2,
        0x0075, 0x0055, 0x00F9, 0x00D9, 0x00FA, 0x00DA, 0x1EE7, 0x1EE6, 0x0169, 0x0168, 0x1EE5, 0x1EE4,
        0x01B0, 0x01AF, 0x1EEB, 0x1EEA, 0x1EE9, 0x1EE8, 0x1EED, 0x1EEC, 0x1EEF, 0x1EEE, 0x1EF1, 0x1EF0,
        0x0079, 0x0059, 0x1EF3, 0x1EF2, 0x00FD, 0x00DD, 0x1EF7, 0x1EF6, 0x1EF9, 0x1EF8, 0x1EF5, 0x1EF4,
        0x0111, 0x0110, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    ]

    /// U+00C0-U+01BF -> code + 1 (0: not a Vietnamese letter).
    static let latinCodes: [UInt8] = [
        4, 6, 26, 10, 0, 0, 0, 0, 40, 42, 50, 0, 64, 66, 0, 0,
        0, 0, 76, 78, 86, 82, 0, 0, 0, 112, 114, 0, 0, 138, 0, 0,
        3, 5, 25, 9, 0, 0, 0, 0, 39, 41, 49, 0, 63, 65, 0, 0,
        0, 0, 75, 77, 85, 81, 0, 0, 0, 111, 113, 0, 0, 137, 0, 0,
        0, 0, 14, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        146, 145, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 70, 69, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 118, 117, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        98, 97, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 122,
        121, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]

    /// U+1EA0-U+1EFF -> code + 1 (0: not a Vietnamese letter).
    static let extendedCodes: [UInt8] = [
        12, 11, 8, 7, 30, 29, 28, 27, 32, 31, 34, 33, 36, 35, 18, 17,
        16, 15, 20, 19, 22, 21, 24, 23, 48, 47, 44, 43, 46, 45, 54, 53,
        52, 51, 56, 55, 58, 57, 60, 59, 68, 67, 72, 71, 84, 83, 80, 79,
        90, 89, 88, 87, 92, 91, 94, 93, 96, 95, 102, 101, 100, 99, 104, 103,
        106, 105, 108, 107, 120, 119, 116, 115, 126, 125, 124, 123, 128, 127, 130, 129,
        132, 131, 136, 135, 144, 143, 140, 139, 142, 141, 0, 0, 0, 0, 0, 0,
    ]

    /// ASCII -> code + 1 of the six unmarked vowels a e i o u y in both cases (0 for anything else).
    static let asciiCodes: [UInt8] = [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 2, 0, 0, 0, 38, 0, 0, 0, 62, 0, 0, 0, 0, 0, 74,
        0, 0, 0, 0, 0, 110, 0, 0, 0, 134, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 0, 0, 37, 0, 0, 0, 61, 0, 0, 0, 0, 0, 73,
        0, 0, 0, 0, 0, 109, 0, 0, 0, 133, 0, 0, 0, 0, 0, 0,
    ]}
