/// A province or commune in force since 1 July 2025 (`provinces_2025.csv`,
/// `communes_2025.csv`).
public struct NewAdminUnit: Sendable, Hashable, CustomStringConvertible {
    /// The statistics office code: 2 digits for a province, 5 for a commune ("01", "00004").
    public let code: String
    /// The name without the unit type ("Ba Đình").
    public let name: String
    /// The name with the unit type ("Phường Ba Đình").
    public let fullName: String

    public init(code: String, name: String, fullName: String) {
        self.code = code
        self.name = name
        self.fullName = fullName
    }

    public var description: String { "\(code) \(fullName)" }
}
