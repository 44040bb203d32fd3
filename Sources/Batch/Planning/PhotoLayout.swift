/// Where each filtered photo goes in a mirrored layout: the input's own path relative to its INPUT
/// folder (a file given directly: its name), under DIR for one filter, under DIR/<filter>/ for several.
///
/// Names are decided from the whole input list, so every run and every shard agrees:
/// 1. when an output format is forced, the extension follows it (`a.png` → `a.jpg`); inputs that would
///    then share a name (`x.png` and `x.jpg` as JPEG) keep their own name before the new extension
///    (`x.png.jpg`), while an input whose extension does not change keeps its name (`x.jpg`);
/// 2. inputs that still share a name (the same relative path under two INPUT arguments) get `~2`, `~3`, …
///    before the extension in argument order, the first keeping the plain name — the rule `apply` uses
///    for its folders.
enum PhotoLayout {
    /// The output path (relative to DIR, without the filter folder) of each item, in the same order;
    /// `fileExtension` is the forced format's extension, or nil to keep each input's own.
    static func names(for items: [InputItem], fileExtension: String?) -> [String] {
        let plain = items.map { renamed($0.relativePath, to: fileExtension) }
        var spellings: [String: Set<String>] = [:]
        for (item, name) in zip(items, plain) { spellings[name, default: []].insert(item.relativePath) }
        let preferred = zip(items, plain).map { item, name -> String in
            guard spellings[name]!.count > 1, name != item.relativePath, let ext = fileExtension else { return name }
            return item.relativePath + "." + ext
        }
        return OutputLayout.numberingRepeats(preferred, items: items, numbered: numbered)
    }

    /// `relativePath` with its extension replaced by `fileExtension` (kept as is when nil, or when the
    /// extension already means the same format, e.g. `.jpeg` for jpg).
    static func renamed(_ relativePath: String, to fileExtension: String?) -> String {
        guard let fileExtension else { return relativePath }
        let current = InputWalker.fileExtension(of: relativePath).lowercased()
        let same: Set<String> = fileExtension == "jpg" ? ["jpg", "jpeg"] : [fileExtension]
        if same.contains(current) { return relativePath }
        return OutputLayout.removingExtension(relativePath) + "." + fileExtension
    }

    /// `a/b.jpg` → `a/b~2.jpg`; a name without extension gets the suffix at its end.
    static func numbered(_ name: String, _ suffix: Int) -> String {
        let ext = InputWalker.fileExtension(of: name)
        return ext.isEmpty ? "\(name)~\(suffix)" : "\(OutputLayout.removingExtension(name))~\(suffix).\(ext)"
    }
}
