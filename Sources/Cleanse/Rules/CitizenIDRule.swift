public import Core

/// `citizen_id`: a Vietnamese citizen identity number, as its digits.
///
/// The value is normalized as ``CitizenID/read(_:)`` says (separators dropped, spreadsheet
/// floats and lost leading zeros repaired where that is unambiguous) and checked:
/// - 12 digits: a CCCD / personal identification number whose digits 1–3 are one of the 63
///   province codes of Thông tư 07/2016/TT-BCA (else `invalid_id_province`) and whose digit 4
///   gives a birth in 1900–2099 (else `invalid_id`: 4–9 mean 2100–2399, which no living person's
///   number has);
/// - 9 digits: a CMND whose digits 1–2 are an issuing prefix 01–38 (else `invalid_id_province`);
/// - anything else: `invalid_id`.
///
/// Options: `accept` (list of `cccd`, `cmnd`; default both): a CMND where only `cccd` is
/// accepted is a `cmnd_not_accepted`, a CCCD where only `cmnd` is a `cccd_not_accepted`.
/// `on_invalid` (`quarantine`, default, or `flag`). The output is the digits, leading zeros
/// kept: `079085012345`, `012345678`. CCCD and CMND stay in the same field;
/// ``CitizenID/kind(of:)`` tells them apart for a record-level step. Whitespace-only values are
/// left alone.
/// - Complexity: O(n); a value already in output form is not copied.
public struct CitizenIDRule: FieldRule {
    public var name: String { "citizen_id" }
    let acceptsCCCD: Bool
    let acceptsCMND: Bool
    let onInvalid: OnInvalid

    /// - Parameters:
    ///   - accept: The kinds of number kept; the others are refused.
    public init(accept: Set<CitizenID.Kind> = [.cccd, .cmnd], onInvalid: OnInvalid = .quarantine) {
        acceptsCCCD = accept.contains(.cccd)
        acceptsCMND = accept.contains(.cmnd)
        self.onInvalid = onInvalid
    }

    public func apply(_ value: inout String?) -> RuleFailure? {
        guard let v = value, !v.isEmpty else { return nil }
        // `nil`: unchanged; a failure, or the new digits.
        let result: Result<String, RuleFailure>? = RuleBytes.withUTF8(v) { b in
            if Self.isBlank(b) { return nil }
            return CitizenID.withNormalizedDigits(b) { digits -> Result<String, RuleFailure>? in
                let d: UnsafeBufferPointer<UInt8>
                switch digits {
                case .failure(let failure): return .failure(failure)
                case .success(let normalized): d = normalized
                }
                switch CitizenID.fields(d) {
                case .failure(let failure):
                    return .failure(failure)
                case .success(let fields):
                    if let refusal = check(fields) { return .failure(refusal) }
                    return RuleBytes.equal(d, b) ? nil : .success(String(decoding: d, as: UTF8.self))
                }
            }
        }
        switch result {
        case nil:
            return nil
        case .success(let digits):
            value = digits
            return nil
        case .failure(var failure):
            failure.flagOnly = onInvalid == .flag
            return failure
        }
    }

    /// Why `id`, a valid number, is refused here, or nil.
    private func check(_ id: CitizenID.Fields) -> RuleFailure? {
        switch id.kind {
        case .cmnd:
            if !acceptsCMND {
                return RuleFailure(.cmndNotAccepted, "a 9-digit CMND number; only 12-digit CCCD numbers are accepted here (accept: [cccd])")
            }
        case .cccd:
            if !acceptsCCCD {
                return RuleFailure(.cccdNotAccepted, "a 12-digit CCCD number; only 9-digit CMND numbers are accepted here (accept: [cmnd])")
            }
            if id.digit4 > 3 {
                let c = CitizenID.century(ofDigit4: id.digit4)
                return RuleFailure(.invalidID, "CCCD digit 4 is \(id.digit4): born \(c)–\(c + 99); expected 0–3 (born 1900–2099)")
            }
        }
        return nil
    }

    private static func isBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let w = RuleBytes.whitespaceLength(b, at: i)
            if w == 0 { return false }
            i += w
        }
        return true
    }

    /// Compiles `citizen_id` or `{ citizen_id: { accept: [cccd, cmnd], on_invalid: quarantine | flag } }`.
    public static func compile(_ spec: RuleSpec, log: DiagnosticLog) -> (any FieldRule)? {
        guard let options = spec.options else { return CitizenIDRule() }
        var r = MappingReader(options, what: "citizen_id options", log: log)
        guard r.isMapping else { return nil }
        var accept: Set<CitizenID.Kind> = [.cccd, .cmnd]
        if let kinds = r.strings("accept") {
            accept = []
            for (s, location) in kinds {
                if let kind = CitizenID.Kind(rawValue: s) {
                    accept.insert(kind)
                } else {
                    log.error("expected 'accept' to list cccd or cmnd, found '\(s)'", at: location)
                }
            }
            if kinds.isEmpty, let node = r.entries.first(where: { $0.key == "accept" })?.value {
                log.error("'accept' is empty; expected cccd, cmnd or both", at: node.location)
            }
        }
        let onInvalid = OnInvalid(rawValue: r.choice("on_invalid", OnInvalid.allCases.map(\.rawValue), default: "quarantine"))
            ?? .quarantine
        r.finish()
        return CitizenIDRule(accept: accept, onInvalid: onInvalid)
    }
}
