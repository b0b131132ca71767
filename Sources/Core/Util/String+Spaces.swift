extension String {
    /// The string without spaces (U+0020) at either end.
    public func trimmingSpaces() -> String {
        guard let first = firstIndex(where: { $0 != " " }) else { return "" }
        let last = lastIndex(where: { $0 != " " })!
        return String(self[first...last])
    }
}
