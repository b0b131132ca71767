/// The type of an administrative unit, as the reference data's `type` column spells it.
enum UnitType: UInt8, Sendable {
    case none = 0
    case tinh, thanhPho, quan, huyen, thiXa, phuong, xa, thiTran, dacKhu

    /// The type named `text` ("tỉnh", "thành phố", "quận", "huyện", "thị xã", "phường", "xã",
    /// "thị trấn", "đặc khu"), or `.none`.
    init(_ text: some StringProtocol) {
        switch text {
        case "tỉnh": self = .tinh
        case "thành phố": self = .thanhPho
        case "quận": self = .quan
        case "huyện": self = .huyen
        case "thị xã": self = .thiXa
        case "phường": self = .phuong
        case "xã": self = .xa
        case "thị trấn": self = .thiTran
        case "đặc khu": self = .dacKhu
        default: self = .none
        }
    }

    /// The type's rank among its level's types, in the order units are upgraded (xã → thị trấn
    /// → phường → đặc khu; huyện → thị xã → quận or thành phố; tỉnh → thành phố): an address
    /// may give a unit the type it had before an upgrade, never one above its own.
    var rank: Int {
        switch self {
        case .none, .tinh, .huyen, .xa: return 0
        case .thiXa, .thiTran: return 1
        case .quan, .phuong, .thanhPho: return 2
        case .dacKhu: return 3
        }
    }
}
