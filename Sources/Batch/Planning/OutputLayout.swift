/// Where each input's maps go: `DIR/<relative path without extension>/<filter>.<ext>`.
///
/// Inputs that would share a folder are all moved to distinct names, decided from the whole input list
/// so every run and every shard agrees:
/// 1. inputs whose relative paths differ only by extension (`x.jpg`, `x.png`) each use the relative path
///    with its extension (`x.jpg/`, `x.png/`);
/// 2. inputs that still share a folder (the same relative path under two INPUT arguments) get `~2`, `~3`, …
///    appended in argument order, the first keeping the plain name.
enum OutputLayout {
    /// The output folder (relative to DIR) of each item, in the same order.
    static func folders(for items: [InputItem]) -> [String] {
        let plain = items.map { removingExtension($0.relativePath) }
        var spellings: [String: Set<String>] = [:]
        for (item, name) in zip(items, plain) { spellings[name, default: []].insert(item.relativePath) }
        let preferred = zip(items, plain).map { item, name in spellings[name]!.count > 1 ? item.relativePath : name }

        return numberingRepeats(preferred, items: items) { "\($0)~\($1)" }
    }

    /// `preferred` names made distinct: in argument order the first keeps its name, later repeats get
    /// `numbered(name, 2)`, `numbered(name, 3)`, … skipping any name already taken. The one rule both
    /// layouts (feature-map folders, mirrored photos) follow.
    static func numberingRepeats(_ preferred: [String], items: [InputItem], numbered: (String, Int) -> String) -> [String] {
        var taken = Set(preferred)
        var seen = Set<String>()
        let order = items.indices.sorted { (items[$0].argumentIndex, $0) < (items[$1].argumentIndex, $1) }
        var result = [String](repeating: "", count: items.count)
        for index in order {
            var name = preferred[index]
            if !seen.insert(name).inserted {
                var suffix = 2
                while taken.contains(numbered(preferred[index], suffix)) { suffix += 1 }
                name = numbered(preferred[index], suffix)
                taken.insert(name)
                seen.insert(name)
            }
            result[index] = name
        }
        return result
    }

    /// "a/b.c.jpg" → "a/b.c"; a name without extension, or a dot-file like ".jpg", is kept whole.
    static func removingExtension(_ relativePath: String) -> String {
        let ext = InputWalker.fileExtension(of: relativePath)
        return ext.isEmpty ? relativePath : String(relativePath.dropLast(ext.count + 1))
    }

    /// A file name for a filter's map: path separators and NUL become "_", and "." / ".." are prefixed
    /// so a bank's names can never point outside the image's folder.
    static func fileStem(forFilter name: String) -> String {
        var stem = String(name.map { $0 == "/" || $0 == "\0" ? "_" : $0 })
        if stem.isEmpty || stem == "." || stem == ".." { stem = "_" + stem }
        return stem
    }
}
