import Batch

// Sharpen and outline every photo in a folder: one PNG per filter and photo, plus a JSON report.
var options = FilterJobOptions(inputs: ["Fixtures/photos"], outputFolder: "out/swift",
                               filters: [.kernel("sharpen"), .kernel("outline")])
options.reportPath = "out/swift/report.json"

do {
    let job = try FilterJob.plan(options)  // every usage error surfaces here, before any work
    let outcome = job.run { event in
        if case .inputFinished(let result, let progress) = event {
            print("\(progress.done)/\(progress.total) \(result.input): \(result.status)")
        }
    }
    print("\(outcome.ok) ok, \(outcome.failed) failed, \(outcome.outputFiles) files written")
} catch {
    print("cannot run: \(error)")
}
