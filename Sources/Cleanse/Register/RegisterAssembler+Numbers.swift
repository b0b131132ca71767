internal import Core

extension RegisterAssembler {
    /// Sequence (STT) and entry-number columns: syntax, the page's run of numbers, the year.
    func validateNumbers(_ works: inout [[Work]], isScan: Bool) {
        // Per entry, for the first sequence and first entry-number column: read minus predicted,
        // when corrected; both shifted alike is a real shift (a lost or extra row), not a misreading.
        var shifts: [[Int?]] = []
        var touched: [Int] = []
        for (c, column) in columns.enumerated() {
            let isEntry: Bool
            switch column.kind {
            case .sequence: isEntry = false
            case .entryNumber: isEntry = true
            default: continue
            }
            let parsed: [(n: Int, year: Int?)?] = works.map { row in
                let w = row[c]
                let text = w.reviewed ? (w.value ?? "") : w.source
                if isEntry { return parseEntryNumber(text).map { (n: $0.0, year: $0.1) } }
                return Int(text).map { (n: $0, year: nil) }
            }
            var year = context.year
            if isEntry && year == nil {
                var counts: [Int: Int] = [:]
                for p in parsed { if let y = p?.year { counts[y, default: 0] += 1 } }
                year = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
            }
            func text(_ n: Int) -> String { isEntry ? year.map { "\(n)/\($0)" } ?? "\(n)" : "\(n)" }
            let outcomes = RegisterSequenceFit.fit(parsed.map { $0?.n }, anchors: works.map { $0[c].reviewed },
                                                   correcting: isScan)
            var shift: [Int?] = Array(repeating: nil, count: works.count)
            for e in works.indices {
                if works[e][c].reviewed { continue }
                // Typed registers: an empty cell is empty, not a number to predict.
                if !isScan && works[e][c].isEmpty { continue }
                var w = works[e][c]
                switch outcomes[e] {
                case .confirmed, .asRead:
                    guard let p = parsed[e] else {
                        w.status = .doubtful(reason: w.isEmpty ? "missing_reading" : "invalid_number", candidates: [])
                        break
                    }
                    w.confirmed = outcomes[e] == .confirmed
                    if isEntry, let y = p.year, let expected = year, y != expected {
                        if isScan && w.confirmed {
                            w.value = text(p.n)
                            w.status = .corrected(reason: "sequence")
                        } else {
                            w.status = .doubtful(reason: "year_mismatch", candidates: [text(p.n)])
                            w.confirmed = false
                        }
                    } else {
                        w.value = isEntry ? (p.year ?? year).map { "\(p.n)/\($0)" } ?? "\(p.n)" : "\(p.n)"
                        w.status = .certain
                    }
                case .corrected(let n):
                    w.value = text(n)
                    w.status = .corrected(reason: "sequence")
                    w.confirmed = true
                    if let p = parsed[e] { shift[e] = p.n - n }
                case .doubtful(let reason, let candidates):
                    let why = w.isEmpty && reason == "invalid_number" ? "missing_reading" : reason
                    w.status = .doubtful(reason: why, candidates: candidates.map(text))
                }
                works[e][c] = w
            }
            shifts.append(shift)
            touched.append(c)
        }
        // Both numbers shifted alike: not a misreading.
        guard touched.count >= 2 else { return }
        for e in works.indices {
            guard let a = shifts[0][e], let b = shifts[1][e], a == b else { continue }
            for c in touched.prefix(2) {
                let w = works[e][c]
                works[e][c].status = .doubtful(reason: "sequence_mismatch", candidates: [w.value, w.source].compactMap { $0 })
                works[e][c].confirmed = false
            }
        }
    }
}
