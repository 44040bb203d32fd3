import Testing

/// Exit codes of the root command.
@Suite struct UsageTests {
    @Test func unknownOptionIsAUsageError() throws {
        let result = try CLI.run(["--no-such-option"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--no-such-option"))
    }

    @Test func helpSucceeds() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("conv"))
    }
}
