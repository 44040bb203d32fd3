import Foundation
import Testing
@testable import Models

/// The config reader against Foundation's JSONSerialization and on inputs it must refuse.
@Suite struct ConfigParserTests {
    /// Whether `value` is what Foundation's JSONSerialization (the reference) read: the same
    /// structure, strings and numbers (JSONSerialization cannot tell numbers from booleans on Linux,
    /// so a boolean only has to match as a number 0 or 1 there; and it rounds some long decimals a
    /// unit or two off, so numbers match within 1e-15).
    static func same(_ value: ConfigValue, _ reference: Any) -> Bool {
        switch value {
        case .null: return reference is NSNull
        case .string(let text): return (reference as? String) == text
        case .number(let number):
            guard let other = (reference as? NSNumber)?.doubleValue else { return false }
            return abs(other - number) <= 1e-15 * abs(number)
        case .bool(let flag): return (reference as? NSNumber)?.doubleValue == (flag ? 1 : 0)
        case .array(let items):
            guard let others = reference as? [Any], others.count == items.count else { return false }
            return zip(items, others).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let others = reference as? [String: Any], others.count == members.count else { return false }
            return members.allSatisfy { key, member in others[key].map { same(member, $0) } ?? false }
        }
    }

    static func matchesReference(_ text: [UInt8]) throws -> Bool {
        let parsed = try #require(ConfigParser.parse(text))
        let reference = try JSONSerialization.jsonObject(with: Data(text), options: [.fragmentsAllowed])
        return same(parsed, reference)
    }

    @Test(arguments: [
        #"{"a": [1, -2.5e3, 0, 1E-7, true, false, null], "b": {"c": "d"}, "": []}"#,
        #"  [ "tab\tquote\" back\\ slash\/ \u00e9 \ud83d\ude00 \n\r\b\f" ] "#,
        "0", "-0", "123456789012345678901234567890", #""é😀""#, "[[[[]]]]", "{}",
    ])
    func validTextReadsAsFoundationReadsIt(_ text: String) throws {
        #expect(try Self.matchesReference(Array(text.utf8)))
    }

    /// Numbers are the correctly rounded doubles, which is what Python wrote with repr: they read back exactly.
    @Test func numbersReadBackExactly() throws {
        let cases: [(String, Double)] = [("0.00392156862745098", 1.0 / 255), ("0.0020000000949949026", Double(Float(0.002))),
                                         ("1e-07", 1e-7), ("-2.5e+300", -2.5e300), ("5e-324", .leastNonzeroMagnitude)]
        for (text, expected) in cases {
            let parsed = try #require(ConfigParser.parse(Array(text.utf8)))
            #expect(parsed.number == expected, "\(text)")
        }
    }

    /// Refused by Python's json, which wrote the file.
    @Test(arguments: [
        "", " ", "{", "[1,]", "[1 2]", #"{"a" 1}"#, #"{"a":1,}"#, "01", "1.", ".5", "-", "1e", "+1", "NaN", "Infinity", "1e999",
        "tru", "nul", #""unterminated"#, #""bad \x escape""#, #""\ud83d alone""#, "\"raw \u{01} control\"", "[1] 2", "{1: 2}",
    ])
    func invalidTextIsRefused(_ text: String) {
        #expect(ConfigParser.parse(Array(text.utf8)) == nil, "accepted \(text)")
    }

    /// A repeated key keeps its last value, as Python's json.loads does.
    @Test func aRepeatedKeyKeepsItsLastValue() throws {
        let parsed = try #require(ConfigParser.parse(Array(#"{"dup": 1, "dup": 2}"#.utf8)))
        #expect(parsed["dup"]?.number == 2)
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(ConfigParser.parse([0x22, 0xFF, 0xFE, 0x22]) == nil)
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(ConfigParser.parse(Array(deep.utf8)) == nil)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(ConfigParser.parse(Array(fine.utf8)) != nil)
    }

    /// Every committed model's config reads the same both ways.
    @Test(arguments: ["zoo.keras", "digits.keras", "lambda.keras", "block.keras"])
    func everyFixtureConfigReadsAsFoundationReadsIt(_ file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ModelFixtures.path(file))))
        #expect(try Self.matchesReference(try ModelFileBytes(bytes: bytes).config))
    }
}
