/// A unit named in an address, as the mapper recognised it.
public struct RecognisedAdminUnit: Sendable, Hashable, CustomStringConvertible {
    /// The unit's code, in the set the recognition's `vintage` names (legacy or new codes;
    /// the two sets share codes for different units and are never mixed).
    public let code: String
    /// The unit's full name in the reference data ("Xã Quảng Phú", "Huyện Quảng Trạch").
    public let fullName: String
    /// How the name was written.
    public let how: AdminUnitMatchMethod

    public init(code: String, fullName: String, how: AdminUnitMatchMethod) {
        self.code = code
        self.fullName = fullName
        self.how = how
    }

    public var description: String { "\(code) \(fullName) (\(how))" }
}
