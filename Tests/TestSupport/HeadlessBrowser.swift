public import Foundation
import Load

/// Opens an HTML file in headless Chromium (Debian's `chromium`) and reports what the page did:
/// its rendered DOM, every console message (CSP violations and script errors land there), and
/// every network request the page itself started (from Chromium's net log; the browser's own
/// background requests, which have no initiating origin, are left out).
public enum HeadlessBrowser {
    public struct Visit: Sendable {
        /// The DOM after loading, serialised.
        public var dom: String
        public var consoleMessages: [String]
        /// URLs the page requested over the network.
        public var pageRequests: [String]
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The browser's path: `chromium` on PATH or Debian's `/usr/bin/chromium`.
    public static var executable: String? {
        Subprocess.locate("chromium") ?? (FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") ? "/usr/bin/chromium" : nil)
    }

    /// Loads `file` and returns what happened.
    /// - Parameter screenshot: Also writes a PNG of the page there.
    /// - Throws: ``Unavailable`` when Chromium is not installed (`apt-get install chromium`), or
    ///   when it fails.
    public static func visit(_ file: URL, screenshot: URL? = nil, windowSize: String = "1280,2000") throws -> Visit {
        guard let chromium = executable else {
            throw Unavailable(description: "headless Chromium is needed for this test: apt-get install chromium")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let netLog = work.appendingPathComponent("net.json")
        var argv = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--user-data-dir=\(work.appendingPathComponent("profile").path)",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions",
                    "--enable-logging=stderr", "--log-level=0", "--v=0",
                    "--log-net-log=\(netLog.path)", "--net-log-capture-mode=Everything",
                    "--window-size=\(windowSize)", "--hide-scrollbars"]
        if let screenshot { argv.append("--screenshot=\(screenshot.path)") } else { argv.append("--dump-dom") }
        argv.append(file.absoluteURL.absoluteString)
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = work.path
        let out = try Subprocess.run(argv, directory: work.path, environment: env)
        guard out.status == 0 else {
            throw Unavailable(description: "chromium exited with \(out.status): \(out.stderr.suffix(2000))")
        }
        let console = out.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Visit(dom: out.stdout, consoleMessages: console, pageRequests: try pageRequests(netLog))
    }

    /// URL requests in a net log whose initiator is an origin (the page), not the browser.
    static func pageRequests(_ netLog: URL) throws -> [String] {
        let data = try Data(contentsOf: netLog)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let constants = root["constants"] as? [String: Any],
              let types = constants["logEventTypes"] as? [String: Int],
              let start = types["URL_REQUEST_START_JOB"],
              let events = root["events"] as? [[String: Any]]
        else { throw Unavailable(description: "unreadable net log \(netLog.path)") }
        var urls: [String] = []
        for event in events where event["type"] as? Int == start {
            guard let params = event["params"] as? [String: Any], let url = params["url"] as? String else { continue }
            if params["initiator"] as? String == "not an origin" { continue }
            urls.append(url)
        }
        return urls
    }
}
