import Foundation

/// A throwaway PostgreSQL server for the tests: `initdb` and `pg_ctl` on a
/// temporary directory, listening only on a Unix socket in that directory,
/// with trust authentication for one superuser (`assay`). Started once per
/// test process on first use, stopped (`pg_ctl stop -m immediate`) and
/// deleted when the process exits.
///
/// The server binaries come from Debian's `postgresql` package (`make test`
/// installs it when missing); tests are skipped, with that said, only when
/// they cannot be found. When the tests run as root (CI containers), the
/// server runs as the `postgres` user through `runuser`, since PostgreSQL
/// refuses to run as root.
public final class PostgresServer: Sendable {
  /// Why the server could not start.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
  }

  /// The libpq connection string of the server's `postgres` database.
  public let connectionString: String
  let directory: String
  let binaries: String
  let user: String?

  /// The folder of `initdb` and `pg_ctl`, when they are installed.
  public static let binaryDirectory: String? = {
    var candidates: [String] = []
    if let path = ProcessInfo.processInfo.environment["PATH"] {
      candidates += path.split(separator: ":").map(String.init)
    }
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
    candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
    return candidates.first { dir in
      ["initdb", "pg_ctl", "postgres"].allSatisfy { FileManager.default.isExecutableFile(atPath: dir + "/" + $0) }
    }
  }()

  /// Whether the server binaries were found (the condition of the PostgreSQL tests).
  public static var isAvailable: Bool { binaryDirectory != nil }

  /// The message of a skipped PostgreSQL test.
  public static let skipMessage =
    "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: install Debian's postgresql (make test does when it can)"

  /// The server of this test process, started on first use.
  public static let shared: Result<PostgresServer, Failure> = {
    guard let binaries = binaryDirectory else { return .failure(Failure(description: skipMessage)) }
    do {
      let server = try PostgresServer(binaries: binaries)
      PostgresServer.running = server
      atexit { PostgresServer.running?.stop() }
      return .success(server)
    } catch let failure as Failure {
      return .failure(failure)
    } catch {
      return .failure(Failure(description: "\(error)"))
    }
  }()

  nonisolated(unsafe) static var running: PostgresServer?

  /// The shared server, or a thrown failure (binaries found but no server).
  public static func start() throws -> PostgresServer {
    try shared.get()
  }

  init(binaries: String) throws {
    self.binaries = binaries
    let fm = FileManager.default
    directory = fm.temporaryDirectory.appendingPathComponent("assay-pg-\(UUID().uuidString.prefix(8))").path
    try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
    user = getuid() == 0 ? "postgres" : nil
    if user != nil {
      // The server runs as `postgres`: it must own its folder.
      _ = try Self.run("/bin/chown", ["postgres:postgres", directory])
    }
    connectionString = "host=\(directory) port=5432 dbname=postgres user=assay"
    let data = directory + "/data"
    try runAsServerUser(
      binaries + "/initdb", ["-D", data, "-U", "assay", "-A", "trust", "--no-sync", "-E", "UTF8", "--no-locale"])
    try runAsServerUser(
      binaries + "/pg_ctl",
      [
        "-D", data, "-l", directory + "/server.log", "-w", "-t", "60", "-o",
        "-k \(directory) -p 5432 -c listen_addresses='' -F -c fsync=off -c full_page_writes=off", "start",
      ])
  }

  func runAsServerUser(_ executable: String, _ arguments: [String]) throws {
    if let user {
      _ = try Self.run("/usr/sbin/runuser", ["-u", user, "--", executable] + arguments)
    } else {
      _ = try Self.run(executable, arguments)
    }
  }

  /// Stops the server at once and deletes its folder.
  func stop() {
    try? runAsServerUser(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "stop"])
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// Runs SQL with `psql` (stops at the first error); returns its output.
  @discardableResult
  public func psql(_ sql: String, database: String = "postgres", input: String? = nil) throws -> String {
    let psql = FileManager.default.isExecutableFile(atPath: binaries + "/psql") ? binaries + "/psql" : "/usr/bin/psql"
    return try Self.run(
      psql,
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", "5432", "-U", "assay", "-d", database, "-c", sql],
      input: input)
  }

  /// A fresh database (each test suite takes its own), and its connection string.
  public func createDatabase(_ name: String) throws -> String {
    try psql("DROP DATABASE IF EXISTS \(name)")
    try psql("CREATE DATABASE \(name)")
    return "host=\(directory) port=5432 dbname=\(name) user=assay"
  }

  /// Runs a program; throws with its output when it fails.
  ///
  /// Through `posix_spawn` and `waitpid` rather than `Process`: `pg_ctl start`
  /// leaves a daemon behind, which inherits the descriptors Foundation's
  /// `Process` watches to see the child exit, so `waitUntilExit` would wait
  /// for the server to stop.
  static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> String {
    let fm = FileManager.default
    let base = fm.temporaryDirectory.appendingPathComponent("assay-pg-io-\(UUID().uuidString)").path
    let inputPath = base + ".in"
    let outputPath = base + ".out"
    _ = fm.createFile(atPath: inputPath, contents: Data((input ?? "").utf8))
    defer {
      try? fm.removeItem(atPath: inputPath)
      try? fm.removeItem(atPath: outputPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw Failure(description: "cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    // WIFEXITED and WEXITSTATUS, spelled out (the C macros are not imported).
    let exited = status & 0x7f == 0
    let code = (status >> 8) & 0xff
    guard exited && code == 0 else {
      throw Failure(
        description: "\(executable) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
    }
    return text
  }
}
