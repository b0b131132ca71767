/// A1-style cell references: column letters and a row number (`C7`, `AB12`).
enum XLSXCellReference {
    /// The last column of a worksheet (`XFD`), 0-based.
    static let maxColumn = 16_383
    /// The last row of a worksheet.
    static let maxRow = 1_048_576

    /// The 0-based column and the row of `ref` (`C7` is column 2, row 7); `nil` when it is not
    /// a reference (letters then digits, within the sheet's bounds). A reference without digits
    /// (`C`) gives row `nil`.
    static func parse(_ ref: UnsafeBufferPointer<UInt8>) -> (column: Int, row: Int?)? {
        var i = 0
        var column = 0
        while i < ref.count {
            let b = ref[i] | 0x20
            guard b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") && ref[i] < 0x80 else { break }
            column = column * 26 + Int(b - UInt8(ascii: "a")) + 1
            if column > maxColumn + 1 { return nil }
            i += 1
        }
        guard i > 0 else { return nil }
        if i == ref.count { return (column - 1, nil) }
        var row = 0
        while i < ref.count {
            let b = ref[i]
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
            row = row * 10 + Int(b - UInt8(ascii: "0"))
            if row > maxRow { return nil }
            i += 1
        }
        guard row > 0 else { return nil }
        return (column - 1, row)
    }

    /// The letters of a 0-based column: 0 is `A`, 26 is `AA`.
    static func letters(_ column: Int) -> String {
        var n = column + 1
        var scalars: [UInt8] = []
        while n > 0 {
            let r = (n - 1) % 26
            scalars.append(UInt8(ascii: "A") + UInt8(r))
            n = (n - 1) / 26
        }
        return String(decoding: scalars.reversed(), as: UTF8.self)
    }

    /// `C7`.
    static func name(column: Int, row: Int) -> String { letters(column) + String(row) }
}
