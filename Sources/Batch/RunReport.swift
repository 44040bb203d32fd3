import Foundation

/// The `--report FILE.json` document: every input with its status and outputs, each map's raw range
/// before normalisation, and run totals.
public struct RunReport: Codable, Equatable, Sendable {
    /// Layout version of this document.
    public var version = 1
    /// Settings the run used (mode, normalisation, format, filters, geometry, shard…), as strings.
    public var settings: [String: String]
    /// Counts and timing.
    public var totals: Totals
    /// One entry per input in this shard, in processing order, skipped files included.
    public var inputs: [InputReport]


    /// Run totals.
    public struct Totals: Codable, Equatable, Sendable {
        /// Inputs found (images plus skipped files) in this shard.
        public var inputs: Int
        /// Inputs fully processed (or already complete under `--skip-existing`).
        public var ok: Int
        /// Inputs that failed.
        public var failed: Int
        /// Inputs skipped (not images, or complete under `--skip-existing`).
        public var skipped: Int
        /// Files written.
        public var outputFiles: Int
        /// Wall-clock time of the run in seconds.
        public var seconds: Double
        /// Processed images per second of wall-clock time.
        public var imagesPerSecond: Double

    }

    /// What happened to an input.
    public enum Status: String, Codable, Sendable {
        /// Every output written (or, for a whole run, nothing failed).
        case ok
        /// Not (fully) processed; `reason` says why and names the file.
        case failed
        /// Deliberately not processed: not an image, or complete under `--skip-existing`.
        case skipped
    }

    /// One input.
    public struct InputReport: Codable, Equatable, Sendable {
        /// The input path as opened.
        public var input: String
        /// ok, failed or skipped.
        public var status: Status
        /// Why it failed or was skipped.
        public var reason: String? = nil
        /// Its output folder (relative to the output folder of the run).
        public var outputFolder: String? = nil
        /// Size of the decoded image, `[height, width, channels]`.
        public var inputShape: [Int]? = nil
        /// Files written for it, one per filter, plus the contact sheet if any.
        public var outputs: [MapReport] = []
        /// Contact sheet path, with `--grid`.
        public var grid: String? = nil
        /// Damage the decoder accepted at the job's failure level ("damage: junk before marker …").
        public var warnings: [String]? = nil

    }

    /// One feature map written.
    public struct MapReport: Codable, Equatable, Sendable {
        /// Filter name.
        public var filter: String
        /// Output file path.
        public var file: String
        /// `[height, width, channels]` of the map.
        public var shape: [Int]
        /// Raw minimum before normalisation.
        public var min: Float
        /// Raw maximum before normalisation.
        public var max: Float
        /// Raw mean before normalisation.
        public var mean: Float

    }

    /// Pretty JSON with sorted keys; non-finite values (possible with extreme weights) become the strings
    /// "inf", "-inf" and "nan" instead of failing the whole report.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return Array(try encoder.encode(self)) + [0x0A]
    }

    /// Reads a report written by `encoded()`.
    public static func decode(_ bytes: [UInt8]) throws -> RunReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(RunReport.self, from: Data(bytes))
    }
}
