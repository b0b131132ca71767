/// What is known of a register from outside its table: the units that keep it and its year.
public struct RegisterContext: Sendable {
    /// Units as written, with or without their type word: "Bình Định", "huyện Gia Lộc",
    /// "xã Yết Kiêu".
    public var province: String?, district: String?, commune: String?
    /// The register's year ("Năm 2019"): the year of its entry numbers.
    public var year: Int?
    /// The book's name or number, if known (not checked).
    public var book: String?

    public init(province: String? = nil, district: String? = nil, commune: String? = nil, year: Int? = nil,
                book: String? = nil) {
        self.province = province
        self.district = district
        self.commune = commune
        self.year = year
        self.book = book
    }
}
