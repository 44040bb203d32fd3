import Essentials
import Foundation
import ZIPFoundation

extension BankLoader {
    /// A `.npz` bank path, optionally with the array to use: `weights.npz` (an archive of one array)
    /// or `weights.npz:conv1_kernel` (the array saved as `conv1_kernel`, np.savez's keyword name).
    struct NPZSelection {
        let file: String
        let array: String?

        /// nil when `path` does not name a `.npz` archive.
        init?(_ path: String) {
            if path.lowercased().hasSuffix(".npz") {
                file = path
                array = nil
                return
            }
            guard let range = path.range(of: ".npz:", options: [.caseInsensitive, .backwards]) else { return nil }
            file = String(path[..<range.upperBound].dropLast())
            let name = String(path[range.upperBound...])
            guard !FileManager.default.fileExists(atPath: path) else { return nil }
            array = name.isEmpty ? nil : name
        }
    }

    /// Reads one array of an np.savez / np.savez_compressed archive as a TF-layout bank (see `.npy`).
    static func loadNPZ(_ selection: NPZSelection, biasPath: String?) throws -> [NamedFilter] {
        let path = selection.file
        if biasPath != nil { throw BankError(file: path, "a bias file only goes with a .npy bank; save the bias as its own .npy") }
        _ = try readBytes(path)  // existence, folder and size checks with bank wording
        let archive: Archive
        do {
            // The file-backed reader: ZIPFoundation's in-memory one traps on damaged offsets.
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw BankError(file: path, "is not a readable .npz (zip) archive")
        }
        let names = archive.filter { $0.type == .file && $0.path.hasSuffix(".npy") }.map { String($0.path.dropLast(4)) }
        guard !names.isEmpty else { throw BankError(file: path, "the archive holds no .npy arrays") }
        let chosen: String
        if let wanted = selection.array {
            guard names.contains(wanted) else {
                throw BankError(file: path, "has no array '\(wanted)' (arrays: \(names.joined(separator: ", ")))")
            }
            chosen = wanted
        } else {
            guard names.count == 1 else {
                throw BankError(file: path, "holds \(names.count) arrays (\(names.joined(separator: ", "))); pick one as \(path):NAME")
            }
            chosen = names[0]
        }
        guard let entry = archive[chosen + ".npy"], entry.uncompressedSize <= UInt64(maximumFileBytes) else {
            throw BankError(file: path, "array '\(chosen)' is larger than the \(maximumFileBytes >> 20) MB a bank may have")
        }
        var data = [UInt8]()
        do {
            _ = try archive.extract(entry) { chunk in
                guard data.count + chunk.count <= maximumFileBytes else { throw BankError(file: path, "array '\(chosen)' inflates past the size limit") }
                data.append(contentsOf: chunk)
            }
        } catch let error as BankError {
            throw error
        } catch {
            throw BankError(file: path, "cannot extract array '\(chosen)' (\(error))")
        }
        let label = "\(path):\(chosen)"
        do {
            let array = try NPYFile.decode(data, file: label)
            return try filtersFromTFLayout(shape: array.shape, values: array.values, file: label)
        } catch let error as NPYError {
            throw BankError(file: error.file, error.reason)
        }
    }
}
