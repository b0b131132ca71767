/// The names of one kind of unit (legacy districts by province, new communes by province, ...)
/// keyed within a scope, twice: by marked key (diacritics kept, tone placement ignored) and by
/// folded key (plain ASCII). Both keys drop case, spaces, hyphens and apostrophes, as the
/// reference README advises; the scope (the parent unit) tells apart the names a key merges.
struct NameIndex: Sendable {
    /// One unit under one key.
    struct Posting: Sendable, Equatable {
        var unit: Int32
        /// The type this key names the unit with (an alt name can carry an earlier type).
        var type: UnitType
        var flags: UInt8
        /// The marked key of the name this posting comes from, in `NameIndex.markedNames`:
        /// a folded match is checked against it (the marks written must agree).
        var markedStart: Int32 = 0, markedLength: Int32 = 0

        init(unit: Int32, type: UnitType, flags: UInt8) {
            self.unit = unit
            self.type = type
            self.flags = flags
        }
    }

    /// The key is another name of the unit (alt_names, or a common spelling).
    static let alias: UInt8 = 1
    /// The key is a short form (HCM, BR-VT, NT for "Nông trường").
    static let abbreviation: UInt8 = 2
    /// The name the key comes from has diacritics.
    static let markedName: UInt8 = 4

    /// The units sharing one key in one scope.
    struct List: Sendable {
        var keyStart: Int32, keyLength: Int32
        var scope: Int32
        var start: Int32, count: Int32
    }

    /// One key form's table.
    struct Table: Sendable {
        /// List indexes by scoped key hash; each slot's `extra` is where the key's bytes are
        /// in `keys`: `start << 8 | length`.
        var slots: KeyHashTable
        var lists: [List]
        var postings: [Posting]
        var keys: [UInt8]
        var maxKeyLength: Int
    }

    let marked: Table
    let folded: Table
    /// The postings' marked keys.
    let markedNames: [UInt8]

    /// Collects entries, then builds the index.
    struct Builder {
        private struct Key: Hashable {
            var scope: Int32
            var bytes: [UInt8]
        }
        private var marked: [Key: [Posting]] = [:], folded: [Key: [Posting]] = [:]
        private var markedOrder: [Key] = [], foldedOrder: [Key] = []
        private var markedNames: [UInt8] = []

        /// Adds `posting` under `name` (its marked and folded keys) in `scope`. A unit already
        /// under that key with that type keeps its first entry.
        mutating func add(_ name: NameKey, scope: Int32, _ posting: Posting) {
            guard !name.folded.isEmpty else { return }
            var p = posting
            if name.hasMarks { p.flags |= NameIndex.markedName }
            p.markedStart = Int32(markedNames.count)
            p.markedLength = Int32(name.marked.count)
            markedNames += name.marked
            Self.insert(&marked, &markedOrder, Key(scope: scope, bytes: name.marked), p)
            Self.insert(&folded, &foldedOrder, Key(scope: scope, bytes: name.folded), p)
        }

        private static func insert(_ map: inout [Key: [Posting]], _ order: inout [Key], _ key: Key, _ p: Posting) {
            if var list = map[key] {
                if list.contains(where: { $0.unit == p.unit && $0.type == p.type }) { return }
                list.append(p)
                map[key] = list
            } else {
                map[key] = [p]
                order.append(key)
            }
        }

        func build() -> NameIndex {
            NameIndex(marked: Self.table(marked, markedOrder), folded: Self.table(folded, foldedOrder), markedNames: markedNames)
        }

        private static func table(_ map: [Key: [Posting]], _ order: [Key]) -> Table {
            var slots = KeyHashTable(capacity: order.count)
            var lists: [List] = []
            var postings: [Posting] = []
            var keys: [UInt8] = []
            var maxKeyLength = 0
            lists.reserveCapacity(order.count)
            for key in order {
                let units = map[key]!
                // The slot also holds where the key's bytes are (24 bits of start, 8 of length),
                // so that a lookup checks them without reading `lists`.
                precondition(keys.count < 1 << 24 && key.bytes.count < 1 << 8, "administrative unit names too long")
                let bytes = UInt32(keys.count) << 8 | UInt32(key.bytes.count)
                let clash = slots.insert(KeyHash.scoped(KeyHash.of(key.bytes), key.scope), Int32(lists.count), extra: bytes)
                precondition(clash == nil, "administrative unit name hash collision")
                lists.append(List(keyStart: Int32(keys.count), keyLength: Int32(key.bytes.count), scope: key.scope,
                                  start: Int32(postings.count), count: Int32(units.count)))
                keys.append(contentsOf: key.bytes)
                postings.append(contentsOf: units)
                maxKeyLength = max(maxKeyLength, key.bytes.count)
            }
            return Table(slots: slots, lists: lists, postings: postings, keys: keys, maxKeyLength: maxKeyLength)
        }
    }
}
