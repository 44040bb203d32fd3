import Foundation

/// A parsed JSON value. Foundation's `JSONSerialization` hands numbers 0 and 1 back as values that also
/// cast to `Bool` on Linux, so banks are decoded through this strict enum instead.
enum JSONValue: Decodable {
    case number(Double), bool(Bool), string(String), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// Parses `bytes`, turning Foundation's errors into a short reason.
    static func parse(_ bytes: [UInt8], file: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw BankError(file: file, "is not valid JSON (\(underlying ?? context.debugDescription))")
        } catch {
            throw BankError(file: file, "is not valid JSON (a value is out of range or of an unknown kind)")
        }
    }
}
