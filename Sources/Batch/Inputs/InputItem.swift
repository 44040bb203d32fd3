/// One image file found among the INPUT arguments, with the names the run derives from it.
public struct InputItem: Equatable, Sendable {
    /// Path to open, as given or as found while walking (relative paths stay relative to the working folder).
    public let path: String
    /// Path relative to the INPUT folder it came from (the file name for a file given directly).
    /// Output folders and shard assignment are derived from it, so it never depends on the machine.
    public let relativePath: String
    /// Index of the INPUT argument it came from, which orders and disambiguates inputs.
    public let argumentIndex: Int
    // Made only by the input walk (its memberwise initialiser): a caller names inputs as paths.
}
