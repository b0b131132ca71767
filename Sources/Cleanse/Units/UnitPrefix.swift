/// A unit type written before a name: "Xã", "X.", "Thành phố", "TP", "Q", ...
struct UnitPrefix {
    /// Its words (0: no prefix).
    var length = 0
    /// The levels it can stand at (`AddressLevel.bit`).
    var levels: UInt8 = 0
    var type = UnitType.none
    var abbreviated = false

    var isEmpty: Bool { length == 0 }
    func allows(_ level: AddressLevel) -> Bool { levels & level.bit != 0 }
}
