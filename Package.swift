// swift-tools-version: 6.0
//
// Assay: a causal-inference engine and a declarative study runner.
//
// The module arrows point one way (see README.md, "Architecture"):
//
//   AssayCLI -> StudySpec -> StudyModel -> CausalGraph
//                   `-(internal import)-> CYAML (system libyaml)
//   AssayCLI -> CausalEngine -> StudyModel, CausalGraph, Tabular, NumericKernels
//   AssayCLI -> AuditReport -> StudyModel
//   AssayCLI -> DataSources -> StudySpec, StudyModel, Tabular, CausalEngine (its AggregateSource protocol)
//                   `-(internal import)-> CSQLite (system libsqlite3), CLibPQ (system libpq)
//
// Opt-in test flags (environment variables, read by the test targets):
//   ASSAY_LONG_TESTS=1   long Monte-Carlo coverage checks (minutes to hours).
//   RECORD_SNAPSHOTS=1   re-record golden files; every recording test fails,
//                        so that a new baseline is never accepted unread.
import PackageDescription

let package = Package(
  name: "Assay",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "assay", targets: ["AssayCLI"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
  ],
  targets: [
    // MARK: - System libraries

    .systemLibrary(
      name: "CYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),
    .systemLibrary(
      name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
    ),
    .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),

    // MARK: - Engine layers

    .target(name: "NumericKernels"),
    .target(
      name: "Tabular",
      dependencies: ["NumericKernels", .product(name: "Crypto", package: "swift-crypto")]
    ),
    .target(name: "CausalGraph"),
    .target(name: "StudyModel", dependencies: ["CausalGraph"]),
    .target(name: "StudySpec", dependencies: ["StudyModel", "CausalGraph", "CYAML"]),
    .target(
      name: "CausalEngine",
      dependencies: ["StudyModel", "CausalGraph", "Tabular", "NumericKernels"]
    ),
    .target(name: "AuditReport", dependencies: ["StudyModel"]),
    // The data side: a study's data source (a CSV file, an SQLite file or a
    // PostgreSQL query) read into a table, pinned, with located errors.
    // With compute: database it implements the engine's AggregateSource in SQL.
    .target(
      name: "DataSources",
      dependencies: ["StudySpec", "StudyModel", "Tabular", "CausalEngine", "NumericKernels", "CSQLite", "CLibPQ"]
    ),

    // MARK: - Command-line tool

    .executableTarget(
      name: "AssayCLI",
      dependencies: [
        "StudySpec", "StudyModel", "CausalGraph", "CausalEngine", "AuditReport", "DataSources", "Tabular",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Simulation studies (coverage of the estimators' intervals)

    .target(
      name: "SimulationStudies",
      dependencies: ["CausalEngine", "StudyModel", "Tabular", "NumericKernels"]
    ),

    // MARK: - Benchmarks (`make bench`)

    .executableTarget(
      name: "AssayBench",
      dependencies: [
        "NumericKernels", "Tabular", "CausalGraph", "CausalEngine", "StudyModel", "StudySpec", "SimulationStudies",
        "DataSources",
      ]
    ),

    // MARK: - Tests

    .target(name: "TestSupport", dependencies: ["StudyModel", "CSQLite"], path: "Tests/TestSupport"),
    .testTarget(
      name: "NumericKernelsTests", dependencies: ["NumericKernels", "TestSupport"], exclude: ["Fixtures"]
    ),
    .testTarget(name: "TabularTests", dependencies: ["Tabular", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "CausalGraphTests", dependencies: ["CausalGraph", "TestSupport"], exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "StudySpecTests",
      dependencies: ["StudySpec", "StudyModel", "Tabular", "TestSupport"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "CausalEngineTests",
      dependencies: [
        "CausalEngine", "StudyModel", "Tabular", "NumericKernels", "CausalGraph", "SimulationStudies", "TestSupport",
      ],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "AuditReportTests", dependencies: ["AuditReport", "StudyModel", "TestSupport"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "DataSourcesTests",
      dependencies: [
        "DataSources", "StudySpec", "StudyModel", "Tabular", "CausalEngine", "NumericKernels", "TestSupport",
      ],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "AssayCLITests",
      dependencies: ["AssayCLI", "TestSupport"],
      exclude: ["Corpus", "Fixtures"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
