/// The Vietnamese telephone numbering plan as the `phone` rule needs it: the mobile prefixes in
/// use, the 2018 conversion of eleven-digit mobile numbers and the 2017 change of landline area
/// codes. Data only; ``PhoneRule`` compiles it into lookup tables once.
///
/// Sources:
/// - Landline area codes: the Ministry of Information and Communications (Bộ Thông tin và
///   Truyền thông) plan of Quyết định 2036/QĐ-BTTTT (21/11/2016), under the numbering plan of
///   Thông tư 22/2014/TT-BTTTT. Three phases in 2017: 13 provinces from 11/02/2017, 23 from
///   15/04/2017, 23 from 17/06/2017, each with a month of parallel dialling; Vĩnh Phúc, Phú Thọ,
///   Hòa Bình and Hà Giang kept their codes. Every new code is 2xx (Hà Nội 24, TP.HCM 28), so a
///   landline is 0 + code + subscriber = 11 digits everywhere. Checked against: the phase lists
///   as the Government portal (chinhphu.vn) announced them; the old and new codes of phase 1 and
///   of phase 2 up to Cần Thơ as the press reprinted the Ministry's tables (February–April 2017);
///   the new codes of phase 3 likewise (SGGP, June 2017); the set of 63 old codes against
///   libphonenumber's Vietnamese metadata of 2014 (fixed-line pattern
///   `2(?:[025-79]|1[0189]|[348][01])|3(?:[0136-9]|[25][01])|4\d|5(?:[01][01]|[2-9])|
///   6(?:[0-46-8]|5[01])|7(?:[02-79]|[18][01])|8[1-9]`) and the 63 new codes against its current
///   fixed-line pattern. The pairing of old to new codes for the rest of phase 2 (Hậu Giang, Trà
///   Vinh, An Giang, Kiên Giang, Sóc Trăng) and for phase 3 is from the Ministry's table as
///   remembered, consistent with both sets but not checked line by line against a copy.
/// - Mobile conversion: Quyết định 798/QĐ-BTTTT (25/05/2018), "Kế hoạch chuyển đổi mã mạng":
///   the 21 eleven-digit 01xx prefixes move to ten-digit ones, keeping the last 7 digits;
///   conversion from 15/09/2018, parallel dialling to 14/11/2018, announcement tone to 30/06/2019.
/// - Mobile prefixes in use: the allocations to the networks (Viettel, VinaPhone, MobiFone,
///   Vietnamobile, Gmobile/Gtel, Itelecom, Reddi/Wintel) as they stand after the 2018 conversion,
///   cross-checked with libphonenumber's current Vietnamese mobile pattern
///   `(?:5(?:2[238]|59)|89[6-9]|99[013-9])\d{6}|(?:3\d|5[1689]|7[06-9]|8[1-8]|9[0-8])\d{7}`.
///   Where libphonenumber allocates only part of a prefix (052, 055, 089, 099), so does this
///   table, to the fourth digit. 030 and 031 are left out (libphonenumber accepts the whole 03x
///   block, but no network is known to use them, and 030/031 were the Ninh Bình and Hải Phòng
///   area codes before 2017).
enum PhoneNumberPlan {
    /// A mobile prefix in use, written with its leading 0: `"032"` (all of 032xxxxxxx) or
    /// `"0522"` (only 0522xxxxxx).
    struct MobilePrefix: Sendable {
        let prefix: String
        let network: String
    }

    /// One prefix of the 2018 mobile conversion: `old` (4 digits, with the 0) becomes `new`
    /// (3 digits, with the 0); the subscriber's last 7 digits stay.
    struct MobileConversion: Sendable {
        let old: String
        let new: String
        let network: String
    }

    /// One province's landline area code before and after 2017, without the trunk 0. `old` is 1
    /// (Hà Nội 4, TP.HCM 8: subscriber numbers of 8 digits), 2 or 3 digits (7-digit subscribers);
    /// `new` is 2 (Hà Nội 24, TP.HCM 28) or 3 digits. `phase` is the 2017 phase (1: 11/02,
    /// 2: 15/04, 3: 17/06) or 0 for the four provinces whose code did not change.
    struct AreaCode: Sendable {
        let old: String
        let new: String
        let province: String
        let phase: Int
    }

    /// Ten-digit mobile prefixes in use.
    static let mobilePrefixes: [MobilePrefix] = [
        // Viettel: 032–039 from the 2018 conversion of 0162–0169; 086, 096–098.
        .init(prefix: "032", network: "Viettel"), .init(prefix: "033", network: "Viettel"),
        .init(prefix: "034", network: "Viettel"), .init(prefix: "035", network: "Viettel"),
        .init(prefix: "036", network: "Viettel"), .init(prefix: "037", network: "Viettel"),
        .init(prefix: "038", network: "Viettel"), .init(prefix: "039", network: "Viettel"),
        .init(prefix: "086", network: "Viettel"), .init(prefix: "096", network: "Viettel"),
        .init(prefix: "097", network: "Viettel"), .init(prefix: "098", network: "Viettel"),
        // VinaPhone: 081–085 from 0127, 0129, 0123, 0124, 0125; 088, 091, 094.
        .init(prefix: "081", network: "VinaPhone"), .init(prefix: "082", network: "VinaPhone"),
        .init(prefix: "083", network: "VinaPhone"), .init(prefix: "084", network: "VinaPhone"),
        .init(prefix: "085", network: "VinaPhone"), .init(prefix: "088", network: "VinaPhone"),
        .init(prefix: "091", network: "VinaPhone"), .init(prefix: "094", network: "VinaPhone"),
        // MobiFone: 070, 076–079 from 0120, 0126, 0122, 0128, 0121; 089x, 090, 093.
        .init(prefix: "070", network: "MobiFone"), .init(prefix: "076", network: "MobiFone"),
        .init(prefix: "077", network: "MobiFone"), .init(prefix: "078", network: "MobiFone"),
        .init(prefix: "079", network: "MobiFone"), .init(prefix: "0896", network: "MobiFone"),
        .init(prefix: "0897", network: "MobiFone"), .init(prefix: "0898", network: "MobiFone"),
        .init(prefix: "0899", network: "MobiFone"), .init(prefix: "090", network: "MobiFone"),
        .init(prefix: "093", network: "MobiFone"),
        // Vietnamobile: 056, 058 from 0186, 0188; 092; 052x (partly allocated).
        .init(prefix: "0522", network: "Vietnamobile"), .init(prefix: "0523", network: "Vietnamobile"),
        .init(prefix: "0528", network: "Vietnamobile"), .init(prefix: "056", network: "Vietnamobile"),
        .init(prefix: "058", network: "Vietnamobile"), .init(prefix: "092", network: "Vietnamobile"),
        // Gmobile (Gtel): 059 from 0199; 099x.
        .init(prefix: "059", network: "Gmobile"), .init(prefix: "0990", network: "Gmobile"),
        .init(prefix: "0991", network: "Gmobile"), .init(prefix: "0993", network: "Gmobile"),
        .init(prefix: "0994", network: "Gmobile"), .init(prefix: "0995", network: "Gmobile"),
        .init(prefix: "0996", network: "Gmobile"), .init(prefix: "0997", network: "Gmobile"),
        .init(prefix: "0998", network: "Gmobile"), .init(prefix: "0999", network: "Gmobile"),
        // Itelecom (Indochina Telecom, on VinaPhone).
        .init(prefix: "087", network: "Itelecom"),
        // Reddi / Wintel (Mobicast, on Vietnamobile).
        .init(prefix: "0559", network: "Wintel"),
        // In libphonenumber's current mobile pattern; the networks are not known here.
        .init(prefix: "051", network: "unknown"), .init(prefix: "095", network: "unknown"),
    ]

    /// The 21 prefixes of the 2018 mobile conversion (Quyết định 798/QĐ-BTTTT).
    static let mobileConversions2018: [MobileConversion] = [
        .init(old: "0120", new: "070", network: "MobiFone"),
        .init(old: "0121", new: "079", network: "MobiFone"),
        .init(old: "0122", new: "077", network: "MobiFone"),
        .init(old: "0126", new: "076", network: "MobiFone"),
        .init(old: "0128", new: "078", network: "MobiFone"),
        .init(old: "0123", new: "083", network: "VinaPhone"),
        .init(old: "0124", new: "084", network: "VinaPhone"),
        .init(old: "0125", new: "085", network: "VinaPhone"),
        .init(old: "0127", new: "081", network: "VinaPhone"),
        .init(old: "0129", new: "082", network: "VinaPhone"),
        .init(old: "0162", new: "032", network: "Viettel"),
        .init(old: "0163", new: "033", network: "Viettel"),
        .init(old: "0164", new: "034", network: "Viettel"),
        .init(old: "0165", new: "035", network: "Viettel"),
        .init(old: "0166", new: "036", network: "Viettel"),
        .init(old: "0167", new: "037", network: "Viettel"),
        .init(old: "0168", new: "038", network: "Viettel"),
        .init(old: "0169", new: "039", network: "Viettel"),
        .init(old: "0186", new: "056", network: "Vietnamobile"),
        .init(old: "0188", new: "058", network: "Vietnamobile"),
        .init(old: "0199", new: "059", network: "Gmobile"),
    ]

    /// The 63 provinces' landline area codes before and after 2017 (Quyết định 2036/QĐ-BTTTT).
    static let areaCodes2017: [AreaCode] = [
        // Phase 1, from 11/02/2017.
        .init(old: "22", new: "212", province: "Sơn La", phase: 1),
        .init(old: "231", new: "213", province: "Lai Châu", phase: 1),
        .init(old: "20", new: "214", province: "Lào Cai", phase: 1),
        .init(old: "230", new: "215", province: "Điện Biên", phase: 1),
        .init(old: "29", new: "216", province: "Yên Bái", phase: 1),
        .init(old: "52", new: "232", province: "Quảng Bình", phase: 1),
        .init(old: "53", new: "233", province: "Quảng Trị", phase: 1),
        .init(old: "54", new: "234", province: "Thừa Thiên Huế", phase: 1),
        .init(old: "510", new: "235", province: "Quảng Nam", phase: 1),
        .init(old: "511", new: "236", province: "Đà Nẵng", phase: 1),
        .init(old: "37", new: "237", province: "Thanh Hóa", phase: 1),
        .init(old: "38", new: "238", province: "Nghệ An", phase: 1),
        .init(old: "39", new: "239", province: "Hà Tĩnh", phase: 1),
        // Phase 2, from 15/04/2017.
        .init(old: "33", new: "203", province: "Quảng Ninh", phase: 2),
        .init(old: "240", new: "204", province: "Bắc Giang", phase: 2),
        .init(old: "25", new: "205", province: "Lạng Sơn", phase: 2),
        .init(old: "26", new: "206", province: "Cao Bằng", phase: 2),
        .init(old: "27", new: "207", province: "Tuyên Quang", phase: 2),
        .init(old: "280", new: "208", province: "Thái Nguyên", phase: 2),
        .init(old: "281", new: "209", province: "Bắc Kạn", phase: 2),
        .init(old: "320", new: "220", province: "Hải Dương", phase: 2),
        .init(old: "321", new: "221", province: "Hưng Yên", phase: 2),
        .init(old: "241", new: "222", province: "Bắc Ninh", phase: 2),
        .init(old: "31", new: "225", province: "Hải Phòng", phase: 2),
        .init(old: "351", new: "226", province: "Hà Nam", phase: 2),
        .init(old: "36", new: "227", province: "Thái Bình", phase: 2),
        .init(old: "350", new: "228", province: "Nam Định", phase: 2),
        .init(old: "30", new: "229", province: "Ninh Bình", phase: 2),
        .init(old: "780", new: "290", province: "Cà Mau", phase: 2),
        .init(old: "781", new: "291", province: "Bạc Liêu", phase: 2),
        .init(old: "710", new: "292", province: "Cần Thơ", phase: 2),
        .init(old: "711", new: "293", province: "Hậu Giang", phase: 2),
        .init(old: "74", new: "294", province: "Trà Vinh", phase: 2),
        .init(old: "76", new: "296", province: "An Giang", phase: 2),
        .init(old: "77", new: "297", province: "Kiên Giang", phase: 2),
        .init(old: "79", new: "299", province: "Sóc Trăng", phase: 2),
        // Phase 3, from 17/06/2017.
        .init(old: "4", new: "24", province: "Hà Nội", phase: 3),
        .init(old: "8", new: "28", province: "TP. Hồ Chí Minh", phase: 3),
        .init(old: "61", new: "251", province: "Đồng Nai", phase: 3),
        .init(old: "62", new: "252", province: "Bình Thuận", phase: 3),
        .init(old: "64", new: "254", province: "Bà Rịa – Vũng Tàu", phase: 3),
        .init(old: "55", new: "255", province: "Quảng Ngãi", phase: 3),
        .init(old: "56", new: "256", province: "Bình Định", phase: 3),
        .init(old: "57", new: "257", province: "Phú Yên", phase: 3),
        .init(old: "58", new: "258", province: "Khánh Hòa", phase: 3),
        .init(old: "68", new: "259", province: "Ninh Thuận", phase: 3),
        .init(old: "60", new: "260", province: "Kon Tum", phase: 3),
        .init(old: "501", new: "261", province: "Đắk Nông", phase: 3),
        .init(old: "500", new: "262", province: "Đắk Lắk", phase: 3),
        .init(old: "63", new: "263", province: "Lâm Đồng", phase: 3),
        .init(old: "59", new: "269", province: "Gia Lai", phase: 3),
        .init(old: "70", new: "270", province: "Vĩnh Long", phase: 3),
        .init(old: "651", new: "271", province: "Bình Phước", phase: 3),
        .init(old: "72", new: "272", province: "Long An", phase: 3),
        .init(old: "73", new: "273", province: "Tiền Giang", phase: 3),
        .init(old: "650", new: "274", province: "Bình Dương", phase: 3),
        .init(old: "75", new: "275", province: "Bến Tre", phase: 3),
        .init(old: "66", new: "276", province: "Tây Ninh", phase: 3),
        .init(old: "67", new: "277", province: "Đồng Tháp", phase: 3),
        // Unchanged.
        .init(old: "210", new: "210", province: "Phú Thọ", phase: 0),
        .init(old: "211", new: "211", province: "Vĩnh Phúc", phase: 0),
        .init(old: "218", new: "218", province: "Hòa Bình", phase: 0),
        .init(old: "219", new: "219", province: "Hà Giang", phase: 0),
    ]
}
