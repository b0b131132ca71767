@testable import Cleanse
import Testing

/// Which dossier a register entry closes: same person, same procedure, received on or before the
/// issue, the latest such; never a guess between equals.
@Suite struct DossierMatcherTests {
    static let dossiers: [DossierMatcher.Dossier] = [
        .init(key: "D1", name: "NGUYEN VAN AN", birthDate: "1985-03-05", content: "Cấp bản sao trích lục khai sinh",
              received: "2018-12-28"),
        .init(key: "D2", name: "Nguyễn Văn An", birthDate: "1985-03-05", content: "Cấp bản sao trích lục khai sinh",
              received: "2019-01-10 08:30:00+07"),
        .init(key: "D3", name: "Nguyễn Văn An", birthDate: "1985-03-05", content: "Cấp bản sao trích lục khai sinh",
              received: "2019-02-01"),
        .init(key: "T1", name: "Trần Thị Bình", birthDate: nil, content: "Đăng ký khai sinh", received: "2019-01-08"),
        .init(key: "T2", name: "Trần Thị Bình", birthDate: nil, content: "Đăng ký khai sinh", received: "2019-01-08"),
        .init(key: "L1", name: "Lê Văn Cường", birthDate: "1960-11-12", content: "Chứng thực chữ ký", received: "not a date"),
    ]
    let matcher = DossierMatcher(dossiers: Self.dossiers)

    func key(_ outcome: DossierMatcher.Outcome) -> String? {
        if case .matched(let key, _) = outcome { return key }
        return nil
    }

    @Test func theDossierReceivedLastBeforeTheIssueIsClosed() {
        // D3 came after the issue; of D1 and D2, D2 was received last (a date-time is cut to its date).
        let outcome = matcher.match(.init(name: "Nguyễn  Văn An", birthDate: "05/03/1985", content: "cấp bản sao trích lục khai sinh",
                                          issued: "15/01/2019"))
        #expect(key(outcome) == "D2")
        if case .matched(_, let why) = outcome {
            #expect(why == "{\"content_similarity\":1.0,\"days_to_issue\":5,\"birth_date_compared\":true}")
        }
        // Issued before D2 was received: D1, the only one then.
        #expect(key(matcher.match(.init(name: "Nguyen Van An", birthDate: nil, content: "Cấp bản sao trích lục khai sinh",
                                        issued: "2019-01-02"))) == "D1")
    }

    @Test func nothingFitsWithAnotherBirthDateProcedureOrEarlierIssue() {
        #expect(matcher.match(.init(name: "Nguyễn Văn An", birthDate: "06/03/1985", content: "Cấp bản sao trích lục khai sinh",
                                    issued: "15/01/2019")) == .none)
        #expect(matcher.match(.init(name: "Nguyễn Văn An", birthDate: "05/03/1985", content: "Chứng thực chữ ký",
                                    issued: "15/01/2019")) == .none)
        #expect(matcher.match(.init(name: "Nguyễn Văn An", birthDate: "05/03/1985", content: "Cấp bản sao trích lục khai sinh",
                                    issued: "27/12/2018")) == .none)
    }

    @Test func twoEqualDossiersLinkNothing() {
        #expect(matcher.match(.init(name: "TRẦN THỊ BÌNH", birthDate: "07/01/2019", content: "Đăng ký khai sinh",
                                    issued: "08/01/2019")) == .ambiguous(["T1", "T2"]))
    }

    @Test func unreadableDatesMatchNothing() {
        #expect(matcher.match(.init(name: "Lê Văn Cường", birthDate: nil, content: "Chứng thực chữ ký", issued: "2019-03-01")) == .none,
                "a dossier without a readable receipt date is left out")
        #expect(matcher.match(.init(name: "Trần Thị Bình", birthDate: nil, content: "Đăng ký khai sinh", issued: "8/1/2019")) == .none,
                "an issue date that is neither dd/MM/yyyy nor ISO")
    }

    @Test(arguments: [("1970-01-01", 0), ("2000-03-01", 11_017), ("2019-01-15", 17_911), ("1969-12-31", -1)])
    func daysCountFromTheEpoch(_ date: String, _ days: Int) {
        #expect(DossierMatcher.days(date) == days)
    }
}
