/// A well-formedness problem: where it is (an index into the scanned bytes), what was found
/// and what was expected.
struct XMLProblem: Equatable, Error {
    var offset: Int
    var found: String
    var expected: String
}
