import Core
import Cleanse
import PropertyBased
import Testing

/// One validation at a time, on small pages.
@Suite struct RegisterAssemblerTests {
    static let columns = RegisterTestSupport.columns
    static let context = RegisterContext(province: "Hải Dương", district: "huyện Gia Lộc", commune: "xã Yết Kiêu", year: 2018)

    /// A scanned row: every cell read at `confidence` unless given as (text, confidence).
    static func scanRow(_ texts: [String], confidence: Float = 95, overrides: [Int: Float] = [:]) -> [RegisterCell] {
        texts.enumerated().map { c, t in RegisterCell(text: t, confidence: t.isEmpty ? nil : overrides[c] ?? confidence) }
    }

    /// A clean scanned page of `n` entries from STT `first`, entry number `first + 16`.
    static func page(_ n: Int, first: Int = 1) -> [[String]] {
        let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Minh Đức", "Vũ Thị Hoa",
                     "Đỗ Quang Huy", "Bùi Thị Lan"]
        return (0..<n).map { i in
            ["\(first + i)", "\(first + i + 16)/2018", names[i % names.count], "0\(i % 9 + 1)/03/1980",
             "Thôn Đông, xã Yết Kiêu", "Chứng thực chữ ký", "\(10 + i)/06/2018"]
        }
    }

    static func assemble(_ rows: [[RegisterCell]], corrections: [Int: [String: String]] = [:]) -> RegisterPageResult {
        RegisterAssembler(columns: columns, context: context).assemble(rows, corrections: corrections)
    }

    static func field(_ r: RegisterPageResult, _ entry: Int, _ column: Int) -> RegisterField { r.entries[entry].fields[column] }

    // MARK: sequence and entry numbers

    @Test func misreadSequenceIsCorrectedFromAStrongRun() {
        var rows = Self.page(8, first: 41)
        rows[3][0] = "94"   // 44 misread
        rows[5][0] = "Đi"   // 46 unreadable
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 3, 0).value == "44")
        #expect(Self.field(r, 3, 0).status == .corrected(reason: "sequence"))
        #expect(Self.field(r, 5, 0).value == "46")
        #expect(Self.field(r, 0, 0).status == .certain)
    }

    @Test func sequenceIsNotCorrectedWhenTheMajorityIsWeak() {
        var rows = Self.page(4, first: 1)
        rows[1][0] = "7"
        rows[2][0] = "9"
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        // Offsets 1, 6, 7, 1: two agree out of four, no run of three.
        guard case .doubtful(let reason, let candidates) = Self.field(r, 1, 0).status else {
            Issue.record("expected doubtful, got \(Self.field(r, 1, 0).status)")
            return
        }
        #expect(reason == "sequence_mismatch")
        #expect(candidates == ["2"])
        #expect(Self.field(r, 1, 0).value == nil)
    }

    @Test func twoReadingsAgreeingAgainstThePageAreDoubtful() {
        var rows = Self.page(10, first: 51)
        rows[8][0] = "99"   // 59, 60 read 99, 100: they agree with each other, not with the page
        rows[9][0] = "100"
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        if case .doubtful(let reason, _) = Self.field(r, 8, 0).status { #expect(reason == "sequence_mismatch") } else {
            Issue.record("expected doubtful, got \(Self.field(r, 8, 0).status)")
        }
    }

    @Test func lowConfidenceSequenceConfirmedByTheRun() {
        let rows = Self.page(5, first: 121).enumerated().map { i, row in
            Self.scanRow(row, overrides: i == 2 ? [0: 30, 1: 30] : [:])
        }
        let r = Self.assemble(rows)
        #expect(Self.field(r, 2, 0).status == .certain)
        #expect(Self.field(r, 2, 1).value == "139/2018")
    }

    @Test func entryNumberTakesTheRegisterYear() {
        let typed: [[String]] = [
            ["1", "17/2018", "Nguyễn Văn An", "01/01/1980", "Thôn Đông, xã Yết Kiêu", "Chứng thực chữ ký", "02/01/2018"],
            ["2", "18", "Trần Thị Bình", "01/01/1980", "Thôn Đông, xã Yết Kiêu", "Chứng thực chữ ký", "02/01/2018"],
            ["3", "19/2017", "Lê Văn Cường", "01/01/1980", "Thôn Đông, xã Yết Kiêu", "Chứng thực chữ ký", "02/01/2018"],
        ]
        let r = Self.assemble(typed.map { $0.map { RegisterCell(text: $0) } })
        #expect(Self.field(r, 1, 1).value == "18/2018")
        #expect(Self.field(r, 1, 1).status == .certain)
        #expect(Self.field(r, 2, 1).status == .doubtful(reason: "year_mismatch", candidates: ["19/2018"]))
    }

    @Test func typedNumbersThatSkipAreDoubtfulNotCorrected() {
        var rows = Self.page(6)
        rows[5][0] = "7"
        let r = Self.assemble(rows.map { $0.map { RegisterCell(text: $0) } })
        #expect(Self.field(r, 5, 0).status == .doubtful(reason: "sequence_mismatch", candidates: ["6"]))
    }

    // MARK: dates

    @Test(arguments: [
        ("05/03/2019", "05/03/2019"), ("5/3/2019", "05/03/2019"), ("5/3/19", "05/03/2019"), ("05-03-2019", "05/03/2019"),
        ("5.3.2019", "05/03/2019"), ("2019-03-05", "05/03/2019"), ("ngày 05 tháng 3 năm 2019", "05/03/2019"),
        ("Ngày 5 tháng 03 năm 2019", "05/03/2019"), ("5/3/45", "05/03/1945"), ("-22/04/1966 .", "22/04/1966"),
    ])
    func dateForms(_ text: String, _ expected: String) {
        let ctx = RegisterContext(year: 2019)
        let a = RegisterAssembler(columns: [RegisterColumn(name: "Ngày", kind: .date)], context: ctx)
        let r = a.assemble([[RegisterCell(text: text)]])
        #expect(r.entries.first?.fields[0].value == expected)
    }

    @Test(arguments: ["31/04/2019", "29/02/2019", "80/03/2015", "08/19/1981", "5/3", "25/†1/2019", "12/12/2030"])
    func invalidDates(_ text: String) {
        let a = RegisterAssembler(columns: [RegisterColumn(name: "STT", kind: .sequence), RegisterColumn(name: "Ngày", kind: .date)],
                                  context: RegisterContext(year: 2019))
        let r = a.assemble([[RegisterCell(text: "1"), RegisterCell(text: text)]])
        #expect(r.entries.first?.fields[1].status == .doubtful(reason: "invalid_date", candidates: []))
    }

    @Test func issueDateGoingBackIsDoubtful() {
        var rows = Self.page(6)
        rows[3][6] = "02/06/2018"
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 3, 6).status == .doubtful(reason: "date_order", candidates: ["12/06/2018", "14/06/2018"]))
        #expect(Self.field(r, 2, 6).status == .certain)
        #expect(Self.field(r, 4, 6).status == .certain)
    }

    @Test func birthDateAfterIssueDateIsDoubtful() {
        var rows = Self.page(3)
        rows[1][3] = "15/07/2018"
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 1, 3).status == .doubtful(reason: "date_order", candidates: []))
    }

    // MARK: names

    @Test(arguments: [("NGUYÊN GIA LONG", "NGUYỄN GIA LONG"), ("Nguyên Gia Long", "Nguyễn Gia Long"),
                      ("TRÂN TRỌNG NGHĨA", "TRẦN TRỌNG NGHĨA"), ("ĐỒ MINH ANH", "ĐỖ MINH ANH")])
    func surnameCorrectedInThePagesCase(_ read: String, _ expected: String) {
        var rows = Self.page(3)
        rows[1][2] = read
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 1, 2).value == expected)
        #expect(Self.field(r, 1, 2).status == .corrected(reason: "surname"))
    }

    @Test func surnameWithSeveralCandidatesIsDoubtful() {
        var rows = Self.page(3)
        rows[1][2] = "Lâ Khánh Nguyệt"
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 1, 2).status == .doubtful(reason: "misread_surname",
                                                        candidates: ["La Khánh Nguyệt", "Lã Khánh Nguyệt"]))
    }

    @Test(arguments: ["Nguyễn Ñgọe Hưng", "Nguyễn MỹTrh", "PhanCôngHUy", "NGUYỄÊN BÍCH LỤA", "Lê Văn Càt", "Lê Thị Hoà Hòà"])
    func impossibleLettersInNames(_ read: String) {
        var rows = Self.page(3)
        rows[1][2] = read
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        if case .doubtful(let reason, _) = Self.field(r, 1, 2).status { #expect(reason == "impossible_letters") } else {
            Issue.record("\(read): \(Self.field(r, 1, 2).status)")
        }
    }

    @Test(arguments: ["Nguyễn", "NGUYỄN", "Hòa", "Hoà", "Thủy", "Thuỷ", "Quỳnh", "Quyết", "Giếng", "Gì", "Khuỷu", "Ngoài",
                      "Hường", "Nghĩa", "Kiêu", "Yến", "Uyên", "Tuấn", "Oanh", "Xuân", "Ước", "Đặng", "Phương", "Khoa"])
    func possibleSyllables(_ word: String) {
        #expect(VietnameseSyllable.isPossible(word))
    }

    @Test(arguments: ["Lâ", "HUy", "Trh", "Ñgọe", "Hòà", "Càt", "Kan", "Ghà", "Ciên", "Ksor", "Xórh"])
    func impossibleSyllables(_ word: String) {
        #expect(!VietnameseSyllable.isPossible(word))
    }

    // MARK: addresses

    @Test(arguments: [("Thôn Quyết Tiến, xã Yất Kiêu", "Thôn Quyết Tiến, xã Yết Kiêu"),
                      ("Thôn Lạc Thiện, xã Yết Kiều", "Thôn Lạc Thiện, xã Yết Kiêu"),
                      ("Thôn Đông, xã Yết Kiêu, huyện Gia Lôc", "Thôn Đông, xã Yết Kiêu, huyện Gia Lộc")])
    func unitNameCorrectedToTheRegisters(_ read: String, _ expected: String) {
        var rows = Self.page(3)
        rows[1][4] = read
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 1, 4).value == expected)
        #expect(Self.field(r, 1, 4).status == .corrected(reason: "unit"))
    }

    @Test func otherUnitsAreLeftAsRead() {
        var rows = Self.page(3)
        rows[0][4] = "Số 15, đường Lê Lợi, phường Quang Trung, thành phố Hải Dương"
        rows[1][4] = "Thôn Trung, xã Gia Khánh"   // another commune of Gia Lộc
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 0, 4).status == .certain)
        #expect(Self.field(r, 1, 4).status == .certain)
        #expect(Self.field(r, 1, 4).value == "Thôn Trung, xã Gia Khánh")
    }

    @Test(arguments: ["Xóm.11, xã Yết Kiêu", "Xóm 9, xã Yết Kiêu, huyện-Gia Lộc", "Xórh 2, xã Yết Kiêu", "Thôn Đông; xã Yết Kiêu"])
    func oddAddressesAreDoubtful(_ read: String) {
        var rows = Self.page(3)
        rows[1][4] = read
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 1, 4).value == nil, "\(Self.field(r, 1, 4).status)")
    }

    // MARK: vocabulary

    @Test(arguments: [("Cấp giấykhaisinh", "Cấp giấy khai sinh"), ("Cấp bản saó trích lục khai sinh :", "Cấp bản sao trích lục khai sinh"),
                      ("Cấpgiấvkhaisinh", "Cấp giấy khai sinh"), ("chứng thực chữ ký", "Chứng thực chữ ký")])
    func vocabularySnaps(_ read: String, _ expected: String) {
        var rows = Self.page(3)
        rows[1][5] = read
        let r = Self.assemble(rows.map { Self.scanRow($0, overrides: [5: 20]) })
        #expect(Self.field(r, 1, 5).value == expected)
        #expect(Self.field(r, 1, 5).status == .corrected(reason: "vocabulary"))
    }

    @Test(arguments: ["Cấp bản sao", "Đăng ký kết hôn", "Cấp trích lục"])
    func vocabularyRefusesUnclearReadings(_ read: String) {
        var rows = Self.page(3)
        rows[1][5] = read
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        if case .doubtful(let reason, let candidates) = Self.field(r, 1, 5).status {
            #expect(reason == "unknown_value")
            #expect(!candidates.isEmpty)
        } else {
            Issue.record("\(read): \(Self.field(r, 1, 5).status)")
        }
    }

    // MARK: confidence

    @Test func lowConfidenceNameIsDoubtfulWithItsValueAsCandidate() {
        let rows = Self.page(3).enumerated().map { i, row in Self.scanRow(row, overrides: i == 1 ? [2: 60] : [:]) }
        let r = Self.assemble(rows)
        #expect(Self.field(r, 1, 2).status == .doubtful(reason: "low_confidence", candidates: ["Trần Thị Bình"]))
        #expect(Self.field(r, 1, 2).value == nil)
        #expect(r.doubtfulShare == 1.0 / 21.0)
    }

    @Test func emptyScannedCellIsDoubtful() {
        var rows = Self.page(3)
        rows[1][3] = ""
        let r = Self.assemble(rows.map { Self.scanRow($0) })
        #expect(Self.field(r, 1, 3).status == .doubtful(reason: "missing_reading", candidates: []))
    }

    // MARK: rows

    @Test func headerAndColumnNumberRowsAreSkipped() {
        let header = ["STT", "Số vào sổ", "Họ, chữ đệm, tên", "Ngày, tháng, năm sinh", "Địa chỉ", "Nội dung", "Ngày trả kết quả"]
        let numbers = ["q)", "(2)", "3)", "4", "3)", "(@)", "Œ)"]
        let rows = [Self.scanRow(header), Self.scanRow(numbers, confidence: 50)] + Self.page(4).map { Self.scanRow($0) }
            + [Self.scanRow(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]), Self.scanRow(Array(repeating: "", count: 7))]
        let r = Self.assemble(rows)
        #expect(r.skippedRows == [0, 1, 6, 7])
        #expect(r.entries.count == 4)
        #expect(r.entries[0].rows == [2])
    }

    @Test func continuationLinesJoinTheEntryAbove() {
        var rows = Self.page(2).map { $0.map { RegisterCell(text: $0) } }
        rows.insert(["", "", "", "", "huyện Gia Lộc", "", ""].map { RegisterCell(text: $0) }, at: 1)
        let r = Self.assemble(rows)
        #expect(r.entries.count == 2)
        #expect(r.entries[0].rows == [0, 1])
        #expect(Self.field(r, 0, 4).value == "Thôn Đông, xã Yết Kiêu huyện Gia Lộc")
    }

    @Test func reviewersCorrectionsAreApplied() {
        var rows = Self.page(4)
        rows[2][2] = "Lâ Văn Cường"
        let r = Self.assemble(rows.map { Self.scanRow($0) }, corrections: [2: ["Họ và tên": "Lê Văn Cường", "Ngày cấp": "13/6/2018"]])
        #expect(Self.field(r, 2, 2).value == "Lê Văn Cường")
        #expect(Self.field(r, 2, 2).status == .reviewed)
        #expect(Self.field(r, 2, 2).reading == "Lâ Văn Cường")
        #expect(Self.field(r, 2, 6).value == "13/06/2018")
        #expect(Self.field(r, 2, 6).status == .reviewed)
    }

    // MARK: properties

    static let typedPage: [[String]] = page(8).map { row in
        var r = row
        r[2] = ["Nguyễn Văn An", "Trần Thị Bình"][Int(row[0])! % 2]
        return r
    }

    @Test func assemblingIsDeterministic() async {
        let gen = zip(Gen.int(in: 0...5), Gen.int(in: 0...6), Gen.int(in: 0...100)).array(of: 0...6)
        await propertyCheck(count: 100, input: gen) { edits in
            var rows = Self.page(6).map { Self.scanRow($0) }
            for (r, c, conf) in edits {
                rows[r][c].confidence = Float(conf)
                if conf % 3 == 0 { rows[r][c].text = String(rows[r][c].text.reversed()) }
            }
            let a = Self.assemble(rows), b = Self.assemble(rows)
            #expect(a.entries.map(\.fields) == b.entries.map(\.fields))
            #expect(a.entries.map(\.rows) == b.entries.map(\.rows))
            #expect(a.skippedRows == b.skippedRows)
        }
    }

    @Test func cleanTypedRegistersRoundTrip() async {
        let gen = zip(Gen.int(in: 1...500), Gen.int(in: 1...20), Gen.int(in: 0...7).array(of: 1...20))
        await propertyCheck(count: 100, input: gen) { first, n, picks in
            let rows: [[String]] = (0..<n).map { i in
                let p = picks[i % picks.count]
                return ["\(first + i)", "\(first + i + 3)/2018", ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
                                                                   "Hoàng Minh Đức", "Vũ Thị Hoa", "Đỗ Quang Huy", "Bùi Thị Lan"][p],
                        "0\(p + 1)/0\(p + 1)/19\(50 + p)", "Thôn \(["Đông", "Tây", "Nam", "Bắc"][p % 4]), xã Yết Kiêu",
                        RegisterTestSupport.procedures[p], "\(10 + i)/07/2018"]
            }
            let r = Self.assemble(rows.map { $0.map { RegisterCell(text: $0) } })
            #expect(r.entries.count == n)
            #expect(r.skippedRows.isEmpty)
            #expect(r.doubtfulShare == 0)
            for (e, row) in zip(r.entries, rows) {
                #expect(e.fields.map(\.value) == row.map { Optional($0) })
                #expect(e.fields.allSatisfy { $0.status == .certain })
            }
        }
    }
}
