/// The version of FilterBank, the library and the `filterbank` command.
public enum FilterBankVersion {
    /// Semantic version of this release.
    public static let current = "0.2.0"
}
