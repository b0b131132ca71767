public import Core

/// What is known of a register from outside its table: the units that keep it ("Bình Định",
/// "huyện Gia Lộc", "xã Yết Kiêu", as written), its year (the year of its entry numbers) and its
/// book; the pipeline file's `register.context`, as Core decodes it.
public typealias RegisterContext = RegisterSpec.Context
