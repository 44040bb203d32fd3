import Essentials

/// Float arrays filled in place by code that can only work with pointers (several threads writing
/// disjoint parts), without zeroing them first.
enum UninitializedArrays {
    /// Arrays of `counts[i]` floats; `body` gets one pointer per array and must write every value.
    /// Large ones are advised for huge pages: they are written once, from start to end.
    static func make(counts: [Int], _ body: ([UnsafeMutablePointer<Float>]) throws -> Void) rethrows -> [[Float]] {
        var pointers = [UnsafeMutablePointer<Float>]()
        pointers.reserveCapacity(counts.count)
        return try nest(counts[...], &pointers, body)
    }

    /// One array per level: its storage only exists inside its initialiser's closure.
    private static func nest(_ counts: ArraySlice<Int>, _ pointers: inout [UnsafeMutablePointer<Float>],
                             _ body: ([UnsafeMutablePointer<Float>]) throws -> Void) rethrows -> [[Float]] {
        guard let count = counts.first else {
            try body(pointers)
            return []
        }
        var rest = [[Float]]()
        var array = try [Float](unsafeUninitializedCapacity: max(1, count)) { buffer, initialized in
            HugePageAdvice.advise(buffer)
            pointers.append(buffer.baseAddress!)
            rest = try nest(counts.dropFirst(), &pointers, body)
            initialized = count
        }
        if array.count != count { array = [] }
        return [array] + rest
    }
}
