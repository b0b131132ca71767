/// Vietnamese family names, to check a surname read from a scanned register: OCR drops or
/// swaps the stacked diacritics of capitals (NGUYỄN read as NGUYÊN, TRẦN as TRÂN) at high
/// confidence, and only a list of the names that exist catches it.
///
/// The list holds the family names of the Kinh majority and the commonest of other peoples,
/// compiled for this project from public lists of Vietnamese surnames; a name it does not hold
/// is `unknown`, not wrong (the list is not every surname there is).
public enum VietnameseSurnames {
    /// What a surname as read is.
    public enum Verdict: Sendable, Hashable {
        /// A family name, as written (any case).
        case known
        /// Not a family name, but the same letters as these with other marks: most likely
        /// misread; the candidates go to review.
        case misread(candidates: [String])
        /// Neither: a rare name, or a misreading beyond the marks.
        case unknown
    }

    static let names: [String] = """
        Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương Lâm Mai Đoàn Tô Hà Chu Tạ
        Lương Cao Quách Lưu Đào Trịnh Đàm Kiều Vương Phùng Thái Mạc Tăng La Lục Triệu Khổng Khúc Kim Văn Âu Diệp Doãn Giang
        Hứa Kha Khương Lạc Lại Lã Lò Lữ Mã Nghiêm Ninh Nông Ông Phí Phó Quan Tiêu Tống Thân Thạch Thiều Từ Ung Viên Vi Hầu
        Bạch Bế Cù Cung Đường Đồng Giáp Hàn Hồng Mẫn Nhan Sầm Tôn Trình Ưng Vòng Xa Chế Châu Chung Đới Đổng Hán Khiếu
        Lôi Luân Mạnh Mông Nhâm Phương Quản Sái Tào Thang Thi Thịnh Thôi Trang Trà Trác Vưu Yên Cổ Công Khuất Tiết
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Lower-cased names.
    private static let lower: Set<String> = Set(names.map { $0.lowercased() })
    /// Folded (no marks, `đ` as `d`) -> the names with those letters.
    private static let byLetters: [String: [String]] = {
        var out: [String: [String]] = [:]
        for n in Set(names).sorted() { out[FoldRule.fold(n).lowercased(), default: []].append(n) }
        return out
    }()

    /// Checks one word read as a surname (any case; NFC or not).
    /// - Complexity: O(n) in the word's length.
    public static func check(_ word: String) -> Verdict {
        let lowered = word.lowercased()
        if lower.contains(lowered) { return .known }
        if let candidates = byLetters[FoldRule.fold(word).lowercased()] { return .misread(candidates: candidates) }
        return .unknown
    }
}
