//! One name for each node centrality, so that a command or a diagram can
//! take "pagerank" or "betweenness" from the user and get the values.

use super::{betweenness, closeness, degree_centrality, eigenvector, pagerank, Csr, NotConverged};

/// A node centrality (NetworkX's definitions; see each function).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    /// [`degree_centrality`].
    Degree,
    /// Normalised [`betweenness`].
    Betweenness,
    /// [`closeness`] (Wasserman–Faust).
    Closeness,
    /// [`eigenvector`] centrality.
    Eigenvector,
    /// [`pagerank`], alpha 0.85.
    Pagerank,
}

impl Measure {
    /// Every measure, in the order `egov hubs --metric all` prints them.
    pub const ALL: [Measure; 5] = [
        Measure::Degree,
        Measure::Betweenness,
        Measure::Closeness,
        Measure::Eigenvector,
        Measure::Pagerank,
    ];

    /// The lower-case name users type.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::Betweenness => "betweenness",
            Measure::Closeness => "closeness",
            Measure::Eigenvector => "eigenvector",
            Measure::Pagerank => "pagerank",
        }
    }

    /// How a legend names it.
    pub fn title(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::Betweenness => "betweenness",
            Measure::Closeness => "closeness",
            Measure::Eigenvector => "eigenvector",
            Measure::Pagerank => "PageRank",
        }
    }
}

impl std::str::FromStr for Measure {
    type Err = String;

    fn from_str(s: &str) -> Result<Measure, String> {
        Measure::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown measure '{s}'; expected one of: {}",
                    Measure::ALL.map(Measure::as_str).join(", ")
                )
            })
    }
}

/// The values of `m` on every node of `g`, unweighted (as `egov hubs`
/// without `--weighted`).
///
/// # Errors
/// [`NotConverged`] when eigenvector or PageRank iteration does not
/// converge in 100 steps.
///
/// # Complexity
/// That of the measure: O(V·E) for betweenness and closeness, O(V + E) per
/// iteration for eigenvector and PageRank, O(V) for degree.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{measure, Csr, Measure};
/// let star = Csr::undirected(4, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]);
/// let pr = measure(&star, Measure::Pagerank)?;
/// assert!(pr[0] > pr[1]);
/// assert_eq!(measure(&star, "degree".parse().map_err(|_| ())
///     .unwrap_or(Measure::Degree))?[0], 1.0);
/// # Ok::<(), egov_graph::analysis::NotConverged>(())
/// ```
pub fn measure(g: &Csr, m: Measure) -> Result<Vec<f64>, NotConverged> {
    Ok(match m {
        Measure::Degree => degree_centrality(g),
        Measure::Betweenness => betweenness(g, false, true),
        Measure::Closeness => closeness(g, false),
        Measure::Eigenvector => eigenvector(g, false, 100, 1e-6)?,
        Measure::Pagerank => pagerank(g, 0.85, false, 100, 1e-6)?,
    })
}
