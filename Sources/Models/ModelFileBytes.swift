import Foundation
import ZIPFoundation

/// The parts of a model file the loader needs: the architecture (JSON text), the Keras version that
/// wrote it, and the HDF5 file holding the weights. `.keras` is a zip of config.json, metadata.json and
/// model.weights.h5; an `.h5` file carries the architecture in its `model_config` attribute.
struct ModelFileBytes {
    /// Model files larger than this are refused before reading (the largest lab models are megabytes).
    static let maximumFileBytes = 1 << 30
    /// Largest config.json accepted.
    static let maximumConfigBytes = 64 << 20

    /// Which on-disk layout the weights use.
    enum Layout { case kerasZip, legacyH5 }

    let layout: Layout
    let config: [UInt8]
    let kerasVersion: String?
    let weights: HDF5File

    /// Splits the bytes of a model file by their signature (zip or HDF5), whatever the extension;
    /// `path` is where the same bytes are on disk, when they came from a file.
    init(bytes: [UInt8], path: String? = nil) throws {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            // ZIPFoundation's in-memory archive traps on offsets past the end of a damaged archive;
            // its file-backed reader reports them as errors, so bytes that are not a file already go
            // through a private temporary file.
            var staged: URL?
            if path == nil {
                let temporary = FileManager.default.temporaryDirectory
                    .appendingPathComponent("filterbank-model-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).zip")
                guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                    throw ModelFault("cannot stage the archive in \(temporary.deletingLastPathComponent().path)")
                }
                staged = temporary
            }
            defer { if let staged { try? FileManager.default.removeItem(at: staged) } }
            let archive: Archive
            do {
                archive = try Archive(url: staged ?? URL(fileURLWithPath: path!), accessMode: .read)
            } catch {
                throw ModelFault("not a readable .keras zip archive (\(error))")
            }
            config = try ModelFileBytes.entry("config.json", in: archive, limit: ModelFileBytes.maximumConfigBytes)
            let metadata = try? ModelFileBytes.entry("metadata.json", in: archive, limit: 1 << 20)
            kerasVersion = metadata.flatMap { try? ConfigValue.parse($0)["keras_version"]?.string }
            weights = try HDF5File(bytes: try ModelFileBytes.entry("model.weights.h5", in: archive, limit: ModelFileBytes.maximumFileBytes))
            layout = .kerasZip
        } else if bytes.starts(with: [0x89, 0x48, 0x44, 0x46]) {
            weights = try HDF5File(bytes: bytes)
            guard let text = try weights.strings("/", attribute: "model_config")?.first else {
                throw ModelFault("this HDF5 file has no 'model_config' attribute: it holds weights only (save_weights); save the whole model with model.save")
            }
            config = Array(text.utf8)
            kerasVersion = try weights.strings("/", attribute: "keras_version")?.first
            layout = .legacyH5
        } else {
            throw ModelFault("not a Keras model: neither a .keras zip archive nor an HDF5 .h5 file")
        }
    }

    /// One archive member's bytes, refusing members larger than `limit` before and while inflating.
    private static func entry(_ name: String, in archive: Archive, limit: Int) throws -> [UInt8] {
        guard let entry = archive[name], entry.type == .file else {
            throw ModelFault("the .keras archive has no \(name)")
        }
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw ModelFault("\(name) in the archive declares \(entry.uncompressedSize) bytes, more than the \(limit) allowed")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard bytes.count + chunk.count <= limit else { throw ModelFault("\(name) inflates past \(limit) bytes") }
                bytes.append(contentsOf: chunk)
            }
        } catch let fault as ModelFault {
            throw fault
        } catch {
            throw ModelFault("cannot extract \(name) from the archive (\(error))")
        }
        return bytes
    }
}
