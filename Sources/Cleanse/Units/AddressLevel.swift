/// A level of administrative unit in an address.
enum AddressLevel: UInt8 {
    case province = 0, district = 1, commune = 2

    /// The `ScanToken.tag` of words from a field of this level.
    var tag: UInt8 { rawValue + 1 }
    var bit: UInt8 { 1 << rawValue }
}
