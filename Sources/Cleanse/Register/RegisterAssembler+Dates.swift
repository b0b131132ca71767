internal import Core

extension RegisterAssembler {
    /// A date column: real calendar dates, and for a non-decreasing column the order down the page.
    func validateDates(_ works: inout [[Work]], column c: Int, isScan: Bool) {
        var dates: [RegisterDate?] = Array(repeating: nil, count: works.count)
        for e in works.indices {
            let w = works[e][c]
            if w.reviewed {
                dates[e] = w.value.flatMap { RegisterDate.parse($0, registerYear: context.year) }
                continue
            }
            guard !w.isEmpty else { continue }
            if let d = RegisterDate.parse(w.source, registerYear: context.year) {
                dates[e] = d
                works[e][c].value = d.text
                works[e][c].status = .certain
            } else {
                works[e][c].status = .doubtful(reason: "invalid_date", candidates: [])
            }
        }
        guard columns[c].nonDecreasing else { return }
        // The order is checked on the dates that can be trusted; the others are placed against them.
        let trusted: [RegisterDate?] = works.indices.map { e in
            let w = works[e][c]
            guard let d = dates[e] else { return nil }
            if w.reviewed || !isScan || w.confidence.map({ $0 >= minimumConfidence }) ?? true { return d }
            return nil
        }
        let broken = RegisterDateOrder.outOfOrder(trusted)
        let good: [RegisterDate?] = works.indices.map { broken.contains($0) ? nil : trusted[$0] }
        for e in works.indices where !works[e][c].reviewed {
            let before = good[..<e].last { $0 != nil } ?? nil
            let after = good[(e + 1)...].first { $0 != nil } ?? nil
            var candidates: [String] = []
            for d in [before, after] { if let d, !candidates.contains(d.text) { candidates.append(d.text) } }
            if broken.contains(e) {
                works[e][c].status = .doubtful(reason: "date_order", candidates: candidates)
            } else if let d = dates[e], trusted[e] == nil, (before.map { d < $0 } ?? false) || (after.map { d > $0 } ?? false) {
                works[e][c].status = .doubtful(reason: "date_order", candidates: candidates)
            } else if case .doubtful("invalid_date", _) = works[e][c].status {
                works[e][c].status = .doubtful(reason: "invalid_date", candidates: candidates)
            }
        }
    }

    /// With one non-decreasing date column (the issue date), every other date of an entry must
    /// not be after it (a birth date after the issue date is misread).
    func checkBirthBeforeIssue(_ works: inout [[Work]]) {
        let dateColumns = columns.indices.filter { if case .date = columns[$0].kind { return true }; return false }
        let issue = dateColumns.filter { columns[$0].nonDecreasing }
        guard issue.count == 1, let i = issue.first else { return }
        for e in works.indices {
            guard let iv = works[e][i].value, works[e][i].status.isLoaded,
                  let issued = RegisterDate.parse(iv, registerYear: context.year) else { continue }
            for c in dateColumns where c != i && !works[e][c].reviewed {
                guard let v = works[e][c].value, works[e][c].status.isLoaded,
                      let d = RegisterDate.parse(v, registerYear: context.year), d > issued else { continue }
                works[e][c].status = .doubtful(reason: "date_order", candidates: [])
                works[e][c].confirmed = false
            }
        }
    }
}

extension RegisterField.Status {
    /// Whether a field of this status is loaded.
    var isLoaded: Bool {
        switch self {
        case .certain, .corrected, .reviewed: return true
        case .doubtful, .empty: return false
        }
    }
}
