import Testing

@testable import CausalGraph

/// Identification answers for graphs from books, papers and other tools'
/// test suites. Every expectation comes from the cited source, or, where
/// the source only shows the graph, is derived by hand in the row's comment
/// from the definitions (never from running this module).
@Suite("Textbook graphs")
struct TextbookGraphTests {
  struct Row: Sendable, CustomTestStringConvertible {
    var name: String
    var source: String
    var graph: String
    var x: [String]
    var y: [String]
    /// All minimal adjustment sets ([] = no valid adjustment set).
    var minimal: [[String]]?
    /// Sets that must be among the minimal ones (when the source lists one).
    var amongMinimal: [[String]] = []
    var valid: [[String]] = []
    var invalid: [[String]] = []
    var canonical: [String]?
    var optimal: [String]?
    var optimalUnavailable = false
    var frontDoorExists: Bool?
    var frontDoorValid: [[String]] = []
    var frontDoorInvalid: [[String]] = []
    /// Instrument -> conditioning set, exactly.
    var instruments: [String: [String]]?
    var identifiable: Bool?
    var idText: String?
    /// The back-door estimand `auto` writes, when it differs from `idText`.
    var backdoorText: String?
    var hedge: (forest: [String], subforest: [String])?
    /// The strategy `auto` picks; "none" when nothing applies.
    var auto: String?
    var autoReasonContains: String?
    var implied: [String]?
    var inseparable: [[String]]?
    var pathTexts: [String] = []
    var arbitrary: [String]?

    init(_ name: String, _ source: String, _ graph: String, x: String = "x", y: String = "y") {
      self.name = name
      self.source = source
      self.graph = graph
      self.x = [x]
      self.y = [y]
    }

    var testDescription: String { name }
  }

  static let rows: [Row] = {
    var rows: [Row] = []
    func add(_ r: Row) { rows.append(r) }

    // MARK: DoWhy tests/causal_identifiers/example_graphs.py (TEST_GRAPH_SOLUTIONS)
    var r = Row(
      "Pearl back-door example",
      "Pearl 2009, Causality, sec. 3.3.1, Fig. 3.4; DoWhy example_graphs.py pearl_backdoor_example_graph",
      "dag { Z1 -> Z3; Z1 -> Z4; Z2 -> Z4; Z2 -> Z5; Z3 -> X; Z4 -> X; Z4 -> Y; Z5 -> Y; Z6 -> Y; X -> Z6 }",
      x: "X", y: "Y")
    r.minimal = [["Z1", "Z4"], ["Z2", "Z4"], ["Z3", "Z4"], ["Z5", "Z4"]]
    r.invalid = [["Z4"], ["Z6"], ["Z5"], ["Z2"], ["Z1"], ["Z3"], ["Z1", "Z3"], ["Z2", "Z5"], ["Z1", "Z2"]]
    r.canonical = ["Z1", "Z2", "Z3", "Z4", "Z5"]  // DoWhy's maximal set
    // By hand: cn = {Z6, Y}; pa(Z6) ∪ pa(Y) = {X, Z4, Z5, Z6} minus forb {X, Z6, Y}.
    r.optimal = ["Z4", "Z5"]
    // By hand: Z6 intercepts X -> Z6 -> Y; every back-door path from X to Z6
    // meets the collider Y; every back-door path from Z6 to Y goes through X.
    r.frontDoorValid = [["Z6"]]
    r.auto = "backdoor"
    add(r)

    r = Row(
      "Selection bias", "DoWhy example_graphs.py simple_selection_bias_graph", "dag { X -> Y; X -> Z1; Y -> Z1 }",
      x: "X", y: "Y")
    r.minimal = [[]]
    r.invalid = [["Z1"]]
    r.canonical = []
    r.optimal = []  // by hand: pa(cn) = pa(Y) = {X}, which is forbidden
    add(r)

    r = Row(
      "No confounder", "DoWhy example_graphs.py simple_no_confounder_graph", "dag { X -> Y; Z1 -> X }", x: "X", y: "Y")
    r.minimal = [[]]
    r.valid = [["Z1"], []]
    r.canonical = ["Z1"]
    add(r)

    r = Row(
      "Simpson's paradox 1c",
      "Pearl 2013, Understanding Simpson's paradox, Fig. 1c; DoWhy example_graphs.py pearl_simpsons_paradox_1c",
      "dag { L1 [latent]; L2 [latent]; X -> Y; L1 -> X; L1 -> Z; L2 -> Z; L2 -> Y }", x: "X", y: "Y")
    r.minimal = [[]]
    r.invalid = [["Z"]]
    r.canonical = []  // by hand: Z is not an ancestor of X or Y
    add(r)

    r = Row(
      "Simpson's paradox 1d", "Pearl 2013, Fig. 1d; DoWhy example_graphs.py pearl_simpsons_paradox_1d",
      "dag { L1 [latent]; X -> Y; L1 -> X; L1 -> Z; Z -> Y }", x: "X", y: "Y")
    r.minimal = [["Z"]]
    r.optimal = ["Z"]  // by hand: pa(Y) \ forb = {Z}
    add(r)

    r = Row(
      "Simpson's paradox 2a", "Pearl 2013, Fig. 2a; DoWhy example_graphs.py pearl_simpsons_paradox_2a",
      "dag { L [latent]; X -> Y; X -> Z; L -> Z; L -> Y }", x: "X", y: "Y")
    r.minimal = [[]]
    r.invalid = [["Z"]]
    add(r)

    r = Row(
      "Simpson's paradox 2b", "Pearl 2013, Fig. 2b; DoWhy example_graphs.py pearl_simpsons_paradox_2b",
      "dag { L [latent]; X -> Y; Z -> X; L -> X; L -> Y }", x: "X", y: "Y")
    r.minimal = []
    // By hand: Z -> X and Z is d-separated from Y once X -> Y is cut (X is a collider).
    r.instruments = ["Z": []]
    // By hand (ID, Shpitser & Pearl 2006): line 3 adds Z to the intervention;
    // line 7 restricts to the district {X, Y}, where line 5 fails.
    r.identifiable = false
    r.hedge = (["X", "Y"], ["Y"])
    r.auto = "iv"
    add(r)

    r = Row(
      "Simpson's paradox 2b, L observed",
      "Pearl 2013, Fig. 2b; DoWhy example_graphs.py pearl_simpsons_paradox_2b_L_observed",
      "dag { X -> Y; Z -> X; L -> X; L -> Y }", x: "X", y: "Y")
    r.minimal = [["L"]]
    r.valid = [["L", "Z"]]
    r.canonical = ["L", "Z"]
    r.optimal = ["L"]  // by hand: pa(Y) \ forb = {L}
    r.instruments = ["Z": []]  // by hand: Z -> X <- L -> Y has the collider X
    add(r)

    r = Row(
      "Simpson's machine, level 1", "Pearl 2013; DoWhy example_graphs.py pearl_simpsons_machine_lvl1",
      "dag { L [latent]; X -> Y; Z1 -> L; L -> Z2; Z3 -> Z2; L -> X; Z3 -> Y }", x: "X", y: "Y")
    r.minimal = [[]]
    r.invalid = [["Z2"], ["Z1", "Z2"]]
    // By hand: An(X, Y) = {X, Y, L, Z1, Z3}; L is latent. (DoWhy's "maximal"
    // set {Z1, Z2, Z3} is a different notion: it also takes non-ancestors.)
    r.canonical = ["Z1", "Z3"]
    add(r)

    r = Row(
      "Book of Why, game 2",
      "Pearl & Mackenzie 2018, The Book of Why, ch. 4; DoWhy example_graphs.py book_of_why_game2",
      "dag { A -> X; A -> B; B -> C; D -> B; D -> E; X -> E; E -> Y }", x: "X", y: "Y")
    r.minimal = [[]]
    r.invalid = [["B"], ["C"], ["B", "C"]]
    r.canonical = ["A", "D"]  // by hand: An(X, Y) = {A, D, E, X, Y}; E is a mediator
    // By hand: E intercepts X -> E -> Y; X <- A -> B <- D -> E has the collider B;
    // Y's only parent is E, so no back-door path from E reaches Y.
    r.frontDoorValid = [["E"]]
    r.auto = "backdoor"
    add(r)

    r = Row(
      "Book of Why, game 5", "Pearl & Mackenzie 2018, ch. 4; DoWhy example_graphs.py book_of_why_game5",
      "dag { A -> X; A -> B; B -> X; C -> B; C -> Y; X -> Y }", x: "X", y: "Y")
    // DoWhy gives {C}; by hand, {A, B} also blocks X <- B <- C -> Y (B) and
    // X <- A -> B <- C -> Y (A), and neither A nor B alone does.
    r.minimal = [["C"], ["A", "B"]]
    r.invalid = [["B"]]
    r.canonical = ["A", "B", "C"]
    r.optimal = ["C"]  // by hand: pa(Y) \ forb = {C}
    add(r)

    r = Row(
      "Book of Why, game 5, C unobserved", "DoWhy example_graphs.py book_of_why_game5_C_is_unobserved",
      "dag { C [latent]; A -> X; A -> B; B -> X; C -> B; C -> Y; X -> Y }", x: "X", y: "Y")
    r.minimal = [["A", "B"]]
    r.invalid = [["B"]]
    r.optimalUnavailable = true  // by hand: pa(Y) \ forb = {C}, which is latent
    add(r)

    r = Row(
      "Mediator with an extra cause", "DoWhy example_graphs.py no_treatment_but_valid_maximal_set",
      "dag { X -> Y; X -> Z1; Z1 -> Y; Z2 -> Z1 }", x: "X", y: "Y")
    r.minimal = [[]]
    r.canonical = ["Z2"]
    r.optimal = ["Z2"]  // by hand: pa(Z1) ∪ pa(Y) = {X, Z1, Z2} minus forb {X, Z1, Y}
    r.invalid = [["Z1"]]
    add(r)

    r = Row(
      "Common cause of the mediator (1)", "DoWhy example_graphs.py common_cause_of_mediator1",
      "dag { U [latent]; X -> M; M -> Y; U -> X; U -> Z; Z -> M }", x: "X", y: "Y")
    r.minimal = [["Z"]]
    r.optimal = ["Z"]  // by hand: pa(M) ∪ pa(Y) = {X, Z, M}
    add(r)

    r = Row(
      "Common cause of the mediator (2)", "DoWhy example_graphs.py common_cause_of_mediator2",
      "dag { U [latent]; X -> M; M -> Y; U -> Z; U -> M; Z -> X }", x: "X", y: "Y")
    r.minimal = [["Z"]]
    r.optimalUnavailable = true  // by hand: pa(M) = {X, U} and U is latent
    add(r)

    r = Row(
      "M-bias with unobserved causes", "DoWhy example_graphs.py mbias_with_unobserved",
      "dag { U1 [latent]; U2 [latent]; X -> Y; U1 -> X; U1 -> M; U2 -> M; U2 -> Y; Z -> X }", x: "X", y: "Y")
    r.minimal = [[]]
    r.invalid = [["Z", "M"], ["M"]]
    r.canonical = ["Z"]
    // By hand: Z -> X <- U1 -> M <- U2 -> Y has colliders X and M; M cannot
    // be cut from Y (M <- U2 -> Y).
    r.instruments = ["Z": []]
    r.auto = "backdoor"
    add(r)

    r = Row(
      "Instrumental variable", "DoWhy example_graphs.py iv; Pearl 2009, sec. 7.4.5",
      "dag { U [latent]; X -> Y; U -> X; U -> Y; Z -> X }", x: "X", y: "Y")
    r.minimal = []
    r.invalid = [["Z"]]
    r.instruments = ["Z": []]
    r.identifiable = false  // by hand: as for Simpson's 2b
    r.auto = "iv"
    add(r)

    r = Row(
      "Mediator", "DoWhy example_graphs.py mediator",
      "dag { X -> Y; W -> X; W -> Y; X -> M; M -> Y }", x: "X", y: "Y")
    r.minimal = [["W"]]
    r.invalid = [["M"]]
    r.optimal = ["W"]
    add(r)

    r = Row(
      "Mediator with a confounder", "DoWhy example_graphs.py mediator-with-conf",
      "dag { X -> Y; W1 -> X; W1 -> Y; W2 -> M; W2 -> Y; X -> M; M -> Y }", x: "X", y: "Y")
    r.minimal = [["W1"]]
    r.invalid = [["M"], ["M", "W1"]]
    r.canonical = ["W1", "W2"]
    r.optimal = ["W1", "W2"]  // by hand: pa(M) ∪ pa(Y) = {X, W1, W2, M}
    add(r)

    r = Row(
      "Adjustment beyond back-door",
      "Shpitser, VanderWeele & Robins 2010, Fig. 1(b); DoWhy example_graphs.py shpitser_simple_non_backdoor_adjustment_set",
      "dag { X -> Z; X -> Y }", x: "X", y: "Y")
    r.minimal = [[]]
    r.valid = [["Z"], []]
    add(r)

    // MARK: DoWhy TEST_FRONTDOOR_GRAPH_SOLUTIONS
    r = Row(
      "Front-door, one mediator", "DoWhy example_graphs.py TEST_FRONTDOOR_GRAPH_SOLUTIONS valid_singleton",
      "dag { Z [latent]; X -> M1; Z -> X; Z -> Y; M1 -> Y }", x: "X", y: "Y")
    r.frontDoorValid = [["M1"]]
    r.frontDoorInvalid = [["Z"]]
    r.frontDoorExists = true
    r.minimal = []
    r.idText = "sum_{M1} P(M1 | X) sum_{X'} P(Y | M1, X') P(X')"  // Pearl 2009, eq. 3.42
    r.auto = "frontdoor"
    add(r)

    r = Row(
      "Front-door, two mediators", "DoWhy example_graphs.py TEST_FRONTDOOR_GRAPH_SOLUTIONS valid_doubleton",
      "dag { Z [latent]; X -> M1; X -> M2; Z -> X; Z -> Y; M1 -> Y; M2 -> Y }", x: "X", y: "Y")
    r.frontDoorValid = [["M1", "M2"]]
    r.frontDoorInvalid = [["Z"], ["M1"], ["M2"]]
    r.frontDoorExists = true
    r.auto = "frontdoor"
    add(r)

    r = Row(
      "No front-door set", "DoWhy example_graphs.py TEST_FRONTDOOR_GRAPH_SOLUTIONS no_frontdoor",
      "dag { E [latent]; E -> X; E -> R; X -> M; R -> M; M -> Y }", x: "X", y: "Y")
    r.frontDoorExists = false
    r.frontDoorInvalid = [["M"], ["M", "R"]]
    r.minimal = [["R"]]  // by hand: the one back-door path X <- E -> R -> M -> Y
    r.auto = "backdoor"
    add(r)

    r = Row(
      "No front-door set (simple)", "DoWhy example_graphs.py TEST_FRONTDOOR_GRAPH_SOLUTIONS no_frontdoor_simple",
      "dag { D [latent]; X -> B; D -> B; B -> Y; D -> Y }", x: "X", y: "Y")
    r.frontDoorExists = false
    r.frontDoorInvalid = [["B"]]
    r.minimal = [[]]  // by hand: X -> B <- D -> Y is the only non-causal path; B is a collider
    r.auto = "backdoor"
    add(r)

    r = Row(
      "No front-door set among observed", "DoWhy example_graphs.py TEST_FRONTDOOR_GRAPH_SOLUTIONS no_frontdoor_in_obs",
      "dag { M2 [latent]; X -> M1; X -> M2; Z -> X; Z -> Y; M1 -> Y; M2 -> Y }", x: "X", y: "Y")
    r.frontDoorExists = false
    r.frontDoorInvalid = [["Z"], ["M1"]]
    r.minimal = [["Z"]]  // by hand: X <- Z -> Y
    add(r)

    // MARK: Pearl's front-door, bow arc, napkin
    r = Row(
      "Smoking, tar and cancer", "Pearl 2009, sec. 3.3.2, Fig. 3.5 and eq. 3.42",
      "dag { genotype [latent]; genotype -> smoking; genotype -> cancer; smoking -> tar -> cancer }",
      x: "smoking", y: "cancer")
    r.minimal = []
    r.frontDoorValid = [["tar"]]
    r.frontDoorInvalid = [["genotype"]]
    r.idText = "sum_{tar} P(tar | smoking) sum_{smoking'} P(cancer | tar, smoking') P(smoking')"
    r.auto = "frontdoor"
    add(r)

    r = Row("Front-door (bidirected)", "Pearl 2009, Theorem 3.3.4", "dag { x -> m -> y; x <-> y }")
    r.minimal = []
    r.frontDoorValid = [["m"]]
    r.idText = "sum_{m} P(m | x) sum_{x'} P(y | m, x') P(x')"
    r.identifiable = true
    r.auto = "frontdoor"
    r.pathTexts = ["x <-> y"]
    add(r)

    r = Row(
      "Bow arc", "Pearl 2009, sec. 3.5 (bow pattern); Shpitser & Pearl 2006, Def. 4 (hedge)", "dag { x -> y; x <-> y }")
    r.minimal = []
    r.identifiable = false
    r.hedge = (["x", "y"], ["y"])
    r.instruments = [:]
    r.frontDoorExists = false
    r.auto = "none"
    r.autoReasonContains = "x <-> y"
    add(r)

    r = Row(
      "Napkin", "Pearl & Mackenzie 2018, The Book of Why, ch. 7 (napkin problem); Shpitser & Pearl 2006",
      "dag { w1 -> w2 -> x -> y; w1 <-> x; w1 <-> y }")
    r.minimal = []
    r.frontDoorExists = false
    r.identifiable = true
    // The napkin formula sum_{w1} P(x, y | w1, w2) P(w1) / sum_{w1} P(x | w1, w2) P(w1),
    // written in this module's order (later variables first).
    r.idText = "(sum_{w1} P(y, x | w2, w1) P(w1)) / (sum_{w1} P(x | w2, w1) P(w1))"
    r.arbitrary = ["w2"]  // the formula holds for every value of w2
    // By hand: w2 -> x; given w1, w2 <- w1 <-> y is blocked at w1 and
    // w2 -> x <-> w1 has the collider x.
    r.instruments = ["w2": ["w1"]]
    r.auto = "iv"
    add(r)

    // MARK: Verma's graph and testable implications
    r = Row(
      "Verma's graph, effect of c", "Verma & Pearl 1990; Tian & Pearl 2002, Fig. 1 (Verma constraint)",
      "dag { a -> b -> c -> d; b <-> d }", x: "c", y: "d")
    r.minimal = [["b"]]  // by hand: c <- b <-> d needs b
    r.implied = ["a _||_ c | b"]
    r.inseparable = [["a", "d"]]  // the Verma constraint, not an independence
    add(r)

    r = Row("Verma's graph, effect of a", "Verma & Pearl 1990", "dag { a -> b -> c -> d; b <-> d }", x: "a", y: "d")
    r.minimal = [[]]  // by hand: a -> b <-> d has the collider b
    add(r)

    r = Row("Chain", "Pearl 2009, sec. 1.2.3 (d-separation)", "dag { a -> b -> c }", x: "a", y: "c")
    r.implied = ["a _||_ c | b"]
    r.minimal = [[]]
    // By hand (ID): line 4 splits G[{b, c}] into {b} and {c}; line 6 gives
    // P(b | a) and P(c | b) (b's parents only, Tian & Pearl 2002, Lemma 1).
    r.idText = "sum_{b} P(c | b) P(b | a)"
    add(r)

    r = Row("Collider", "Pearl 2009, sec. 1.2.3 (d-separation)", "dag { a -> c; b -> c }", x: "a", y: "c")
    r.implied = ["a _||_ b"]
    r.valid = [[], ["b"]]  // by hand: no non-causal path from a to c
    add(r)

    // MARK: M-bias and butterfly bias
    r = Row(
      "M-bias", "Greenland, Pearl & Robins 1999; dagitty R tests testAdjustments.R (M bias graph)",
      "dag { A -> Z; B -> Z; A -> X; B -> Y }", x: "X", y: "Y")
    r.minimal = [[]]
    r.invalid = [["Z"]]
    r.valid = [["A", "Z"], ["B", "Z"], ["A"], ["B"]]
    // By hand, local Markov basis: topological order A, B, Z, X, Y (ties by
    // node number); each non-adjacent pair, the later node given its parents.
    r.implied = ["A _||_ B", "A _||_ Y | B", "B _||_ X | A", "X _||_ Y | B", "Z _||_ X | A", "Z _||_ Y | B"]
    add(r)

    r = Row(
      "M-bias, latent causes", "Greenland, Pearl & Robins 1999; dagitty JS tests adjustment-dags.js",
      "dag { a [latent]; b [latent]; x <- a -> m <- b -> y; x -> y }")
    r.minimal = [[]]
    r.invalid = [["m"]]
    r.canonical = []
    add(r)

    r = Row(
      "Butterfly bias", "Ding & Miratrix 2015, J. Causal Inference, Fig. 2",
      "dag { u1 [latent]; u2 [latent]; u1 -> x; u1 -> m; u2 -> m; u2 -> y; m -> x; m -> y; x -> y }")
    // By hand: x <- m -> y needs m, which opens x <- u1 -> m <- u2 -> y.
    r.minimal = []
    // By hand (ID): G[{m, y}] is one district (m <-> y), G is one district.
    r.identifiable = false
    r.auto = "none"
    add(r)

    r = Row(
      "Butterfly bias, causes observed", "Ding & Miratrix 2015, Fig. 2",
      "dag { u1 -> x; u1 -> m; u2 -> m; u2 -> y; m -> x; m -> y; x -> y }")
    r.minimal = [["m", "u1"], ["m", "u2"]]  // by hand
    r.invalid = [["m"], ["u1", "u2"]]
    add(r)

    // MARK: dagitty test suites
    r = Row("IV (dagitty)", "dagitty R tests testInstruments.R, basic IV graph", "dag { i -> x -> y; y <-> x }")
    r.instruments = ["i": []]
    r.auto = "iv"
    add(r)

    r = Row(
      "Conditional IV (dagitty)", "dagitty R tests testInstruments.R, conditional instrument",
      "dag { y <- w -> i -> x -> y; y <-> x }")
    r.instruments = ["i": ["w"]]
    r.auto = "iv"
    add(r)

    r = Row(
      "Conditional IV (van der Zander et al.)",
      "dagitty JS tests instrumental-variables.js; van der Zander, Textor & Liśkiewicz 2015, Fig. 1B",
      "dag { u [latent]; w -> z -> x -> y; w -> u -> x; u -> y }")
    r.instruments = ["z": ["w"]]
    r.minimal = []
    add(r)

    r = Row(
      "Unconditional IV (van der Zander et al.)", "dagitty JS tests instrumental-variables.js",
      "dag { u [latent]; z -> x -> y; u -> x; u -> y }")
    r.instruments = ["z": []]
    add(r)

    r = Row(
      "Ancestral IV, u observed", "dagitty JS tests instrumental-variables.js (ancestralInstrument z -> {u})",
      "dag { w -> z -> x -> y; w -> u -> x; u -> y }")
    // The source gives W = {u} for z; by hand w is an instrument given {u} too
    // (w -> u -> y is blocked at u, w -> z -> x <- u has the collider x).
    r.instruments = ["z": ["u"], "w": ["u"]]
    r.minimal = [["u"]]
    r.auto = "backdoor"
    add(r)

    r = Row("Fork (dagitty)", "dagitty JS tests adjustment-dags.js", "dag { x <- z -> y }")
    r.valid = [["z"]]
    r.minimal = [["z"]]
    add(r)

    r = Row("Bidirected collider (dagitty)", "dagitty JS tests adjustment-dags.js", "dag { x <-> m <-> y; x -> y }")
    r.invalid = [["m"]]
    r.minimal = [[]]  // by hand: m is a collider on x <-> m <-> y
    add(r)

    r = Row("Mediation (dagitty)", "dagitty R tests testAdjustments.R, mediation", "dag { x -> m -> y -> S }")
    r.valid = [[]]
    r.invalid = [["m"], ["S"]]
    add(r)

    r = Row("M-bias, dagitty JS", "dagitty JS tests adjustment-dags.js", "dag { x <- a -> m <- b -> y }")
    r.minimal = [[]]
    add(r)

    // MARK: hand-derived identification patterns
    r = Row(
      "Confounded mediator", "Pearl 2009, sec. 3.5; hand-derived with ID (Shpitser & Pearl 2006)",
      "dag { x -> z -> y; x <-> z }")
    // By hand: line 4 splits {z}, {y}; ID(z | do(x, y)) reduces to G[{x, z}],
    // a single district: line 5 fails with F = {x, z}, F' = {z}.
    r.identifiable = false
    r.hedge = (["x", "z"], ["z"])
    r.auto = "none"
    add(r)

    r = Row(
      "Mediator confounded with the outcome", "Pearl 2009, sec. 3.5; hand-derived", "dag { x -> z -> y; z <-> y }")
    r.minimal = [[]]  // by hand: x -> z <-> y has the collider z
    r.idText = "P(y | x)"
    r.auto = "backdoor"
    add(r)

    r = Row("Back-door", "Pearl 2009, eq. 3.19 (adjustment formula)", "dag { w -> x -> y; w -> y }")
    r.minimal = [["w"]]
    r.idText = "sum_{w} P(y | x, w) P(w)"
    r.auto = "backdoor"
    r.pathTexts = ["x <- w -> y"]
    add(r)

    r = Row(
      "Treatment written first in the back-door formula", "hand-derived; Pearl 2009, eq. 3.19",
      "dag { b -> y; a -> b; a -> x; x -> y; a [latent] }")
    r.minimal = [["b"]]  // by hand: x <- a -> b -> y, a hidden; b (same depth as x, declared first) blocks it
    r.backdoorText = "sum_{b} P(y | x, b) P(b)"
    r.auto = "backdoor"
    add(r)

    r = Row(
      "Observed confounders (LaLonde variables)", "hand-derived; variables of LaLonde 1986 / Dehejia & Wahba 1999",
      "dag { age -> treat; age -> re78; educ -> treat; educ -> re78; treat -> re78 }", x: "treat", y: "re78")
    r.minimal = [["age", "educ"]]
    r.pathTexts = ["treat <- age -> re78", "treat <- educ -> re78"]
    // By hand (ID: the c-components {age}, {educ}, {re78}); nodes of equal
    // depth are written in the order the graph declares them.
    r.idText = "sum_{age, educ} P(re78 | treat, age, educ) P(age) P(educ)"
    r.backdoorText = "sum_{age, educ} P(re78 | treat, age, educ) P(age, educ)"  // Pearl 2009, eq. 3.19
    r.auto = "backdoor"
    add(r)

    r = Row(
      "Hidden confounding (LaLonde variables)", "hand-derived (bow arc with a covariate)",
      "dag { age -> treat; age -> re78; treat -> re78; treat <-> re78 }", x: "treat", y: "re78")
    r.minimal = []
    r.identifiable = false
    r.auto = "none"
    r.autoReasonContains = "treat <-> re78"
    add(r)
    return rows
  }()

  @Test("the table has at least 40 graphs")
  func size() { #expect(Self.rows.count >= 40) }

  @Test("textbook graph", arguments: rows)
  func textbook(_ r: Row) throws {
    let g = try DagittyParser.parse(r.graph).graph
    func node(_ s: String) throws -> Int {
      try #require(g.node(named: s), "\(s) is not in the graph")
    }
    func nodes(_ s: [String]) throws -> [Int] { try s.map(node) }
    func names(_ v: [Int]) -> Set<String> { Set(v.map { g.names[$0] }) }
    let q = try CausalQuery(graph: g, treatments: nodes(r.x), outcomes: nodes(r.y))

    if let minimal = r.minimal {
      let found = q.minimalAdjustmentSets()
      #expect(Set(found.sets.map(names)) == Set(minimal.map { Set($0) }), "\(r.source)")
      #expect(found.sets.count == minimal.count)
      #expect((q.canonicalAdjustmentSet() == nil) == minimal.isEmpty)
    }
    let minimalSets = Set(q.minimalAdjustmentSets().sets.map(names))
    for s in r.amongMinimal { #expect(minimalSets.contains(Set(s))) }
    for s in r.valid { #expect(q.checkAdjustmentSet(try nodes(s)).isValid, "\(s) should be valid") }
    for s in r.invalid {
      let verdict = q.checkAdjustmentSet(try nodes(s))
      #expect(!verdict.isValid, "\(s) should be invalid")
      #expect(!verdict.problems.isEmpty && verdict.explanation.contains("not a valid adjustment set"))
    }
    if let canonical = r.canonical {
      #expect(q.canonicalAdjustmentSet().map(names) == Set(canonical))
    }
    if let optimal = r.optimal {
      #expect(q.optimalAdjustmentSet().nodes.map(names) == Set(optimal))
    }
    if r.optimalUnavailable { #expect(q.optimalAdjustmentSet().nodes == nil) }
    if let exists = r.frontDoorExists { #expect((q.findFrontDoorSet() != nil) == exists) }
    for m in r.frontDoorValid { #expect(q.checkFrontDoor(try nodes(m)).isValid, "\(m)") }
    for m in r.frontDoorInvalid {
      let verdict = q.checkFrontDoor(try nodes(m))
      #expect(!verdict.isValid, "\(m)")
      #expect(verdict.conditions.count == 3 && verdict.conditions.contains { !$0.holds })
    }
    if let instruments = r.instruments {
      var found: [String: [String]] = [:]
      for v in q.findInstruments() { found[g.names[v.instrument]] = v.conditioningSet.map { g.names[$0] }.sorted() }
      #expect(found == instruments.mapValues { $0.sorted() })
    }
    let effect = q.identifyEffect()
    if let identifiable = r.identifiable { #expect(effect.isIdentified == identifiable) }
    if let text = r.idText { #expect(effect.text == text) }
    if let arbitrary = r.arbitrary { #expect(names(effect.arbitraryNodes) == Set(arbitrary)) }
    if let hedge = r.hedge {
      #expect(effect.hedge.map { names($0.forest) } == Set(hedge.forest))
      #expect(effect.hedge.map { names($0.subforest) } == Set(hedge.subforest))
    }
    if let auto = r.auto {
      let result = EffectIdentifier.identify(q)
      #expect((result.strategy?.rawValue ?? "none") == auto, "\(result.failure?.description ?? "")")
      if auto == "none" {
        #expect(result.failure != nil)
        if let text = r.autoReasonContains { #expect(result.failure?.reason.contains(text) == true) }
      }
      if auto == "frontdoor", let text = r.idText { #expect(result.estimand == text) }
      if auto == "backdoor", r.minimal?.count == 1, let text = r.backdoorText ?? r.idText {
        #expect(result.estimand == text)
      }
    }
    if let implied = r.implied {
      #expect(g.impliedIndependencies().statements.map(\.text).sorted() == implied.sorted())
    }
    if let inseparable = r.inseparable {
      #expect(Set(g.impliedIndependencies().inseparablePairs.map(names)) == Set(inseparable.map { Set($0) }))
    }
    if !r.pathTexts.isEmpty {
      let listed = q.nonCausalPaths(given: []).paths.map(\.text)
      for text in r.pathTexts { #expect(listed.contains(text), "\(listed)") }
    }
  }
}
