/// Inputs are never overwritten: a job whose output folder is an input folder, or whose layout would
/// write a file onto an input, is refused before any work. Files are compared by device and inode, so
/// symbolic links, hard links and other spellings of a path are caught too.
enum InputProtection {
    /// Throws when the output folder is one of the INPUT folders.
    static func checkFolder(_ outputFolder: String, inputArguments: [String]) throws {
        guard let output = FileIdentity(path: outputFolder, followLinks: true) else { return }
        for argument in inputArguments where FileIdentity.isDirectory(argument) && FileIdentity(path: argument, followLinks: true) == output {
            throw FilterJobError("the output folder \(outputFolder) is the input folder \(argument): outputs would land among (or on) the inputs; choose another output folder")
        }
    }

    /// Throws when a planned output file is an existing input file.
    static func checkFiles(_ planned: [PlannedInput], inputs: [InputItem]) throws {
        var inputFiles: [FileIdentity: String] = [:]
        for item in inputs {
            if let identity = FileIdentity(path: item.path, followLinks: true) { inputFiles[identity] = item.path }
        }
        for input in planned {
            for file in input.outputFiles {
                guard let identity = FileIdentity(path: file, followLinks: true), let victim = inputFiles[identity] else { continue }
                throw FilterJobError("writing \(file) would overwrite the input \(victim); choose another output folder")
            }
        }
    }
}
