import Essentials

/// Why a model file cannot be read or run; the reason names the layer when there is one.
public typealias ModelError = FileError<KerasModel>

/// A problem found while reading config or weights, before the file name is attached.
struct ModelFault: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
