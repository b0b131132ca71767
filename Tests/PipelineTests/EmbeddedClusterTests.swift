import Foundation
import Load
import TestSupport
import Testing

/// With no database named, `pipeline run` creates its own cluster, reuses it, and says how to
/// reach it.
@Suite struct EmbeddedClusterTests {
    @Test func runWithoutADatabaseUsesAndReusesTheEmbeddedCluster() throws {
        let work = try PipelineProcess.temporaryDirectory("embedded")
        let demo = PipelineProcess.packageRoot.appendingPathComponent("pipelines/demo.yml").path
        let dir = work.appendingPathComponent("pg").path
        defer { _ = try? PipelineProcess.run(["db", "stop", "--embedded-dir", dir], in: work) }

        let first = try PipelineProcess.run(["run", demo, "--embedded-dir", dir], in: work)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("created an embedded PostgreSQL cluster at \(dir)"))
        #expect(first.stderr.contains("connect with: psql -h \(dir)/socket -U motcua motcua"))
        #expect(first.stdout.contains("inserted 3124"))

        let second = try PipelineProcess.run(["run", demo, "--embedded-dir", dir], in: work)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("created"))
        #expect(second.stdout.contains("run 2 "), "the same cluster, reused")

        let c = try PGConnection(conninfo: EmbeddedCluster(root: dir).conninfo())
        #expect(try c.execute("SELECT count(*) FROM etl.runs").scalar == "2")
        // The server runs on a private socket only.
        #expect(try c.execute("SHOW listen_addresses").scalar == "")
    }
}
