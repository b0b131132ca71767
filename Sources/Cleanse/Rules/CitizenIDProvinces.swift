/// The place codes of Vietnamese citizen identity numbers. Data only; ``CitizenID`` reads it.
///
/// Sources:
/// - CCCD / personal identification number (số định danh cá nhân, 12 digits): digits 1–3 are the
///   code of the province where the birth was registered, Thông tư 07/2016/TT-BCA (01/02/2016),
///   Phụ lục 1 "Danh mục mã tỉnh, thành phố trực thuộc trung ương nơi công dân đăng ký khai
///   sinh", detailing Nghị định 137/2015/NĐ-CP, Điều 13. The 63 codes are the General Statistics
///   Office's province codes with a leading 0 (001 Hà Nội … 096 Cà Mau), checked against the
///   appendix as reprinted by the legal press. They stay in use after the 2025 merger of
///   provinces: an identity number never changes. Citizens whose birth was registered abroad
///   carry a country code instead; the Circular's list of those codes is not reproduced here, so
///   such numbers are refused as `invalid_id_province`.
/// - CMND (chứng minh nhân dân, 9 digits, issued until 2016 under Nghị định 05/1999/NĐ-CP): the
///   first two digits are the prefix of the issuing provincial police. No legal text that lists
///   them is at hand; the table below is the list commonly published (Vietnamese Wikipedia,
///   "Chứng minh nhân dân", and the press that reprints it), where several neighbouring provinces
///   share a prefix from the time they were one province (Hà Sơn Bình, Nghệ Tĩnh, Bình Trị
///   Thiên, …). Prefixes 01–38 are all taken; anything else is refused.
enum CitizenIDProvinces {
    /// A province code of the personal identification number.
    struct Province: Sendable {
        let code: Int
        let name: String
    }

    /// A CMND prefix and the provinces whose police issued numbers under it.
    struct CMNDPrefix: Sendable {
        let prefix: Int
        let issuers: String
    }

    /// Thông tư 07/2016/TT-BCA, Phụ lục 1: the 63 provinces, in the appendix's order.
    static let provinces: [Province] = [
        .init(code: 1, name: "Hà Nội"),
        .init(code: 2, name: "Hà Giang"),
        .init(code: 4, name: "Cao Bằng"),
        .init(code: 6, name: "Bắc Kạn"),
        .init(code: 8, name: "Tuyên Quang"),
        .init(code: 10, name: "Lào Cai"),
        .init(code: 11, name: "Điện Biên"),
        .init(code: 12, name: "Lai Châu"),
        .init(code: 14, name: "Sơn La"),
        .init(code: 15, name: "Yên Bái"),
        .init(code: 17, name: "Hòa Bình"),
        .init(code: 19, name: "Thái Nguyên"),
        .init(code: 20, name: "Lạng Sơn"),
        .init(code: 22, name: "Quảng Ninh"),
        .init(code: 24, name: "Bắc Giang"),
        .init(code: 25, name: "Phú Thọ"),
        .init(code: 26, name: "Vĩnh Phúc"),
        .init(code: 27, name: "Bắc Ninh"),
        .init(code: 30, name: "Hải Dương"),
        .init(code: 31, name: "Hải Phòng"),
        .init(code: 33, name: "Hưng Yên"),
        .init(code: 34, name: "Thái Bình"),
        .init(code: 35, name: "Hà Nam"),
        .init(code: 36, name: "Nam Định"),
        .init(code: 37, name: "Ninh Bình"),
        .init(code: 38, name: "Thanh Hóa"),
        .init(code: 40, name: "Nghệ An"),
        .init(code: 42, name: "Hà Tĩnh"),
        .init(code: 44, name: "Quảng Bình"),
        .init(code: 45, name: "Quảng Trị"),
        .init(code: 46, name: "Thừa Thiên Huế"),
        .init(code: 48, name: "Đà Nẵng"),
        .init(code: 49, name: "Quảng Nam"),
        .init(code: 51, name: "Quảng Ngãi"),
        .init(code: 52, name: "Bình Định"),
        .init(code: 54, name: "Phú Yên"),
        .init(code: 56, name: "Khánh Hòa"),
        .init(code: 58, name: "Ninh Thuận"),
        .init(code: 60, name: "Bình Thuận"),
        .init(code: 62, name: "Kon Tum"),
        .init(code: 64, name: "Gia Lai"),
        .init(code: 66, name: "Đắk Lắk"),
        .init(code: 67, name: "Đắk Nông"),
        .init(code: 68, name: "Lâm Đồng"),
        .init(code: 70, name: "Bình Phước"),
        .init(code: 72, name: "Tây Ninh"),
        .init(code: 74, name: "Bình Dương"),
        .init(code: 75, name: "Đồng Nai"),
        .init(code: 77, name: "Bà Rịa – Vũng Tàu"),
        .init(code: 79, name: "TP. Hồ Chí Minh"),
        .init(code: 80, name: "Long An"),
        .init(code: 82, name: "Tiền Giang"),
        .init(code: 83, name: "Bến Tre"),
        .init(code: 84, name: "Trà Vinh"),
        .init(code: 86, name: "Vĩnh Long"),
        .init(code: 87, name: "Đồng Tháp"),
        .init(code: 89, name: "An Giang"),
        .init(code: 91, name: "Kiên Giang"),
        .init(code: 92, name: "Cần Thơ"),
        .init(code: 93, name: "Hậu Giang"),
        .init(code: 94, name: "Sóc Trăng"),
        .init(code: 95, name: "Bạc Liêu"),
        .init(code: 96, name: "Cà Mau"),
    ]

    /// The CMND prefixes 01–38 (secondary source; see the type's documentation).
    static let cmndPrefixes: [CMNDPrefix] = [
        .init(prefix: 1, issuers: "Hà Nội"),
        .init(prefix: 2, issuers: "TP. Hồ Chí Minh"),
        .init(prefix: 3, issuers: "Hải Phòng"),
        .init(prefix: 4, issuers: "Điện Biên, Lai Châu"),
        .init(prefix: 5, issuers: "Sơn La"),
        .init(prefix: 6, issuers: "Lào Cai, Yên Bái"),
        .init(prefix: 7, issuers: "Hà Giang, Tuyên Quang"),
        .init(prefix: 8, issuers: "Lạng Sơn, Cao Bằng"),
        .init(prefix: 9, issuers: "Thái Nguyên, Bắc Kạn"),
        .init(prefix: 10, issuers: "Quảng Ninh"),
        .init(prefix: 11, issuers: "Hà Tây (now Hà Nội), Hòa Bình"),
        .init(prefix: 12, issuers: "Bắc Giang, Bắc Ninh"),
        .init(prefix: 13, issuers: "Phú Thọ, Vĩnh Phúc"),
        .init(prefix: 14, issuers: "Hải Dương, Hưng Yên"),
        .init(prefix: 15, issuers: "Thái Bình"),
        .init(prefix: 16, issuers: "Nam Định, Hà Nam, Ninh Bình"),
        .init(prefix: 17, issuers: "Thanh Hóa"),
        .init(prefix: 18, issuers: "Nghệ An, Hà Tĩnh"),
        .init(prefix: 19, issuers: "Quảng Bình, Quảng Trị, Thừa Thiên Huế"),
        .init(prefix: 20, issuers: "Quảng Nam, Đà Nẵng"),
        .init(prefix: 21, issuers: "Quảng Ngãi, Bình Định"),
        .init(prefix: 22, issuers: "Khánh Hòa, Phú Yên"),
        .init(prefix: 23, issuers: "Gia Lai, Kon Tum"),
        .init(prefix: 24, issuers: "Đắk Lắk, Đắk Nông"),
        .init(prefix: 25, issuers: "Lâm Đồng"),
        .init(prefix: 26, issuers: "Ninh Thuận, Bình Thuận"),
        .init(prefix: 27, issuers: "Đồng Nai, Bà Rịa – Vũng Tàu"),
        .init(prefix: 28, issuers: "Bình Dương, Bình Phước"),
        .init(prefix: 29, issuers: "Tây Ninh"),
        .init(prefix: 30, issuers: "Long An"),
        .init(prefix: 31, issuers: "Tiền Giang"),
        .init(prefix: 32, issuers: "Bến Tre"),
        .init(prefix: 33, issuers: "Vĩnh Long, Trà Vinh"),
        .init(prefix: 34, issuers: "Đồng Tháp"),
        .init(prefix: 35, issuers: "An Giang"),
        .init(prefix: 36, issuers: "Cần Thơ, Hậu Giang, Sóc Trăng"),
        .init(prefix: 37, issuers: "Kiên Giang"),
        .init(prefix: 38, issuers: "Cà Mau, Bạc Liêu"),
    ]

    /// Province names indexed by CCCD code (0–99); nil where no province has the code.
    static let provinceNames: [String?] = {
        var names = [String?](repeating: nil, count: 100)
        for p in provinces { names[p.code] = p.name }
        return names
    }()

    /// Issuers indexed by CMND prefix (0–99); nil where no police issued the prefix.
    static let cmndIssuers: [String?] = {
        var names = [String?](repeating: nil, count: 100)
        for p in cmndPrefixes { names[p.prefix] = p.issuers }
        return names
    }()
}
