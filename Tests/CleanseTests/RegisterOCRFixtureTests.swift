import Core
import Cleanse
import Foundation
import Testing

/// The assembler on real OCR readings of the six sample pages (Tests/Fixtures/register/ocr),
/// scored against the pages' truth.
@Suite struct RegisterOCRFixtureTests {
    struct Score: CustomStringConvertible {
        var fields = 0, exact = 0, flagged = 0, wrongUnflagged = 0
        static func + (a: Score, b: Score) -> Score {
            Score(fields: a.fields + b.fields, exact: a.exact + b.exact, flagged: a.flagged + b.flagged,
                  wrongUnflagged: a.wrongUnflagged + b.wrongUnflagged)
        }
        func share(_ n: Int) -> String { fields == 0 ? "-" : String(format: "%.1f%%", 100 * Double(n) / Double(fields)) }
        var description: String {
            "exact \(exact)/\(fields) (\(share(exact))), flagged \(flagged) (\(share(flagged))), wrong unflagged \(wrongUnflagged) (\(share(wrongUnflagged)))"
        }
    }

    /// Raw readings loaded as they are: every difference is wrong and unflagged.
    static func raw(_ page: RegisterTestSupport.Page) -> Score {
        var s = Score()
        for (k, truth) in page.truth.enumerated() {
            let r = page.firstBodyRow + k
            for (c, t) in truth.enumerated() {
                s.fields += 1
                let read = r < page.rows.count && c < page.rows[r].count
                    ? page.rows[r][c].text.split(whereSeparator: \.isWhitespace).joined(separator: " ") : ""
                if read.precomposedStringWithCanonicalMapping == t { s.exact += 1 } else { s.wrongUnflagged += 1 }
            }
        }
        return s
    }

    static func assembled(_ page: RegisterTestSupport.Page) -> (Score, RegisterPageResult, [String]) {
        let assembler = RegisterAssembler(columns: RegisterTestSupport.columns, context: page.context)
        let result = assembler.assemble(page.rows)
        var s = Score()
        var wrong: [String] = []
        for (k, truth) in page.truth.enumerated() {
            for (c, t) in truth.enumerated() {
                s.fields += 1
                guard k < result.entries.count else {
                    s.wrongUnflagged += 1
                    continue
                }
                let f = result.entries[k].fields[c]
                if case .doubtful(let reason, let candidates) = f.status {
                    s.flagged += 1
                    if page.level != "hard" {
                        wrong.append("\(page.stem) entry \(k) \(RegisterTestSupport.columns[c].name): flagged \(reason) \(candidates) reading \(f.reading) [\(f.confidence ?? -1)]\(f.reading == t ? " (reading right)" : "")")
                    }
                } else if f.value == t {
                    s.exact += 1
                } else {
                    s.wrongUnflagged += 1
                    wrong.append("\(page.stem) entry \(k) \(RegisterTestSupport.columns[c].name): loaded \(f.value ?? "nil") (\(f.status)), truth \(t)")
                }
            }
        }
        return (s, result, wrong)
    }

    @Test func scoresOnTheSamplePages() throws {
        var cleanMildRaw = Score(), cleanMild = Score()
        for stem in RegisterTestSupport.stems {
            let page = try RegisterTestSupport.page(stem)
            let before = Self.raw(page)
            let (after, result, wrong) = Self.assembled(page)
            print("\(stem) [\(page.level)] raw: \(before)")
            print("\(stem) [\(page.level)] validated: \(after); entries \(result.entries.count)/\(page.truth.count), skipped rows \(result.skippedRows)")
            for w in wrong { print("  \(w)") }
            #expect(result.skippedRows.prefix(page.firstBodyRow) == ArraySlice(0..<page.firstBodyRow), "\(stem)")
            #expect(result.entries.count == page.truth.count, "\(stem)")
            #expect(after.wrongUnflagged <= before.wrongUnflagged, "\(stem)")
            if page.level != "hard" {
                cleanMildRaw = cleanMildRaw + before
                cleanMild = cleanMild + after
                // At most 1 % of a page's fields wrong without a flag.
                #expect(Double(after.wrongUnflagged) <= 0.01 * Double(after.fields), "\(stem): \(after)")
            } else {
                // Hard pages: most of it goes to review, but what is loaded is still right.
                #expect(Double(after.wrongUnflagged) <= 0.03 * Double(after.fields), "\(stem): \(after)")
            }
        }
        print("clean+mild raw: \(cleanMildRaw)")
        print("clean+mild validated: \(cleanMild)")
        #expect(Double(cleanMild.wrongUnflagged) <= 0.01 * Double(cleanMild.fields))
        #expect(cleanMild.exact > cleanMildRaw.exact)
        #expect(Double(cleanMild.exact) >= 0.95 * Double(cleanMild.fields))
    }
}
