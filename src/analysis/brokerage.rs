//! Gould–Fernandez brokerage roles: who stands between whom, read against
//! a partition of the nodes into groups (see `model::partition`).
//!
//! [`brokerage`] counts the roles on a [`Csr`] with one group number per
//! node and gives sna's expected values and z-scores beside them;
//! [`brokerage_report`] builds the compact graph and the groups from a
//! view and an [`BrokerageOptions`] first.

use super::Csr;
use crate::error::Result;
use crate::model::{Graph, Groups, Partition, View, Weight};

/// A brokerage role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// `A → A → A`: a broker between two members of its own group (sna's
    /// `w_I`).
    Coordinator,
    /// `A → B → A`: between two members of one other group (`w_O`; Gould
    /// and Fernandez's "consultant").
    Itinerant,
    /// `A → A → B`: passes its own group's contact out (`b_IO`).
    Representative,
    /// `A → B → B`: lets an outsider's contact into its group (`b_OI`).
    Gatekeeper,
    /// `A → B → C`: between two different groups, neither its own (`b_O`).
    Liaison,
    /// Any of the five (`t`).
    Total,
}

impl Role {
    /// The roles in sna's column order.
    pub const ALL: [Role; 6] = [
        Role::Coordinator,
        Role::Itinerant,
        Role::Representative,
        Role::Gatekeeper,
        Role::Liaison,
        Role::Total,
    ];

    /// The role's name in output (`coordinator`, `itinerant`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Itinerant => "itinerant",
            Role::Representative => "representative",
            Role::Gatekeeper => "gatekeeper",
            Role::Liaison => "liaison",
            Role::Total => "total",
        }
    }
}

/// One node's brokerage, indexed by `Role as usize`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Roles {
    /// Open two-paths through the node, by role.
    pub counts: [u64; 6],
    /// Their expected number under sna's null model.
    pub expected: [f64; 6],
    /// Their standard deviation under it.
    pub sd: [f64; 6],
    /// `(count - expected) / sd`: NaN where `sd` is 0 (a role the node's
    /// group cannot hold, such as a coordinator in a group of two), as in
    /// sna.
    pub z: [f64; 6],
}

impl Roles {
    /// The count of one role.
    pub fn count(&self, r: Role) -> u64 {
        self.counts[r as usize]
    }

    /// The z-score of one role (NaN where undefined).
    pub fn z_score(&self, r: Role) -> f64 {
        self.z[r as usize]
    }
}

/// Gould–Fernandez brokerage roles of every node, as R's
/// [`sna::brokerage(g, cl)`](https://rdrr.io/cran/sna/man/brokerage.html)
/// computes them.
///
/// Node `v` brokers the ordered pair `(i, j)` when `i → v → j`, `i ≠ j` and
/// there is no arc `i → j` (an open two-path). Its role for that pair is
/// read from the three groups: coordinator `A → A → A`, itinerant
/// `A → B → A`, representative `A → A → B`, gatekeeper `A → B → B`, liaison
/// `A → B → C`. An undirected graph is read as every edge in both
/// directions, so each open pair counts twice (`i → v → j` and
/// `j → v → i`) and a representative's mirror is a gatekeeper.
///
/// Expected values and variances are sna's, from Gould and Fernandez's
/// null model of a random digraph with the same order and density
/// `d = arcs / (N (N − 1))`, given the group sizes; `z = (count −
/// expected) / sd`.
///
/// # Arguments
/// * `g`: the graph (weights are ignored).
/// * `groups`: the group of every node (`groups[v]`, any numbers; a node
///   beyond the slice is a group of its own).
///
/// # Returns
/// One [`Roles`] per node.
///
/// # Complexity
/// O(Σᵥ in(v) · out(v) · log d + k³) time for `k` groups (sna's variance
/// of the liaison role sums over triples of groups), O(V + E) memory.
///
/// # Reference
/// Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a
/// formal approach to brokerage in transaction networks. *Sociological
/// Methodology* 19: 89–126.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{brokerage, Csr, Role};
/// // 0 → 1 → 2 with groups A, A, B: 1 represents its group to 2.
/// let g = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0)]);
/// let b = brokerage(&g, &[0, 0, 1]);
/// assert_eq!(b[1].count(Role::Representative), 1);
/// assert_eq!(b[1].count(Role::Total), 1);
/// assert_eq!(b[0].count(Role::Total), 0);
/// ```
pub fn brokerage(g: &Csr, groups: &[u32]) -> Vec<Roles> {
    let n = g.node_count();
    // Dense group numbers 0..k, so that sizes index a vector.
    let mut dense: std::collections::HashMap<u32, usize> = Default::default();
    let mut sizes: Vec<f64> = Vec::new();
    let mut cl: Vec<usize> = Vec::with_capacity(n);
    for v in 0..n {
        let c = match groups.get(v) {
            Some(&x) => *dense.entry(x).or_insert(sizes.len()),
            // A node without a group: a group of its own.
            None => sizes.len(),
        };
        if c == sizes.len() {
            sizes.push(0.0);
        }
        sizes[c] += 1.0;
        cl.push(c);
    }

    let counts = count(g, &cl);
    let arcs = if g.is_directed() {
        g.edge_count()
    } else {
        2 * g.edge_count()
    };
    let big_n = n as f64;
    let d = arcs as f64 / (big_n * (big_n - 1.0));
    let (exp, var) = group_moments(&sizes, big_n, d);
    counts
        .into_iter()
        .zip(&cl)
        .map(|(c, &grp)| {
            let mut r = Roles {
                counts: c,
                expected: exp[grp],
                sd: [0.0; 6],
                z: [0.0; 6],
            };
            for x in 0..6 {
                r.sd[x] = var[grp][x].sqrt();
                r.z[x] = (c[x] as f64 - r.expected[x]) / r.sd[x];
            }
            r
        })
        .collect()
}

/// The open two-paths through every node, by role.
fn count(g: &Csr, cl: &[usize]) -> Vec<[u64; 6]> {
    let n = g.node_count();
    let incoming = g.reversed();
    let mut out = vec![[0u64; 6]; n];
    for v in 0..n as u32 {
        let gv = cl[v as usize];
        let row = &mut out[v as usize];
        for &i in incoming.neighbors(v) {
            let gi = cl[i as usize];
            for &j in g.neighbors(v) {
                if j == i || g.weight(i, j).is_some() {
                    continue;
                }
                let gj = cl[j as usize];
                let role = match (gi == gv, gv == gj, gi == gj) {
                    (true, true, _) => Role::Coordinator,
                    (false, false, true) => Role::Itinerant,
                    (true, false, _) => Role::Representative,
                    (false, true, _) => Role::Gatekeeper,
                    (false, false, false) => Role::Liaison,
                };
                row[role as usize] += 1;
                row[Role::Total as usize] += 1;
            }
        }
    }
    out
}

/// `choose(x, 2)`, 0 below 2.
fn pairs(x: f64) -> f64 {
    if x < 2.0 {
        0.0
    } else {
        x * (x - 1.0) / 2.0
    }
}

/// sna's expected value and variance of each role for a node of each
/// group (its `exp.grp` and `sd.grp`²), from the group sizes `n`, the
/// order `big_n` and the density `d`.
fn group_moments(n: &[f64], big_n: f64, d: f64) -> (Vec<[f64; 6]>, Vec<[f64; 6]>) {
    let k = n.len();
    let p = d * d * (1.0 - d);
    let q = d.powi(3) * (1.0 - d).powi(3);
    let mut exp = vec![[0.0; 6]; k];
    let mut var = vec![[0.0; 6]; k];
    for i in 0..k {
        let ni = n[i];
        let others = || (0..k).filter(move |&j| j != i).map(|j| n[j]);
        let (e, v) = (&mut exp[i], &mut var[i]);
        e[0] = p * (ni - 1.0) * (ni - 2.0);
        v[0] = e[0] * (1.0 - p) + 2.0 * (ni - 1.0) * (ni - 2.0) * (ni - 3.0) * q;
        e[1] = p * others().map(|x| x * (x - 1.0)).sum::<f64>();
        v[1] =
            e[1] * (1.0 - p) + 2.0 * others().map(|x| x * (x - 1.0) * (x - 2.0)).sum::<f64>() * q;
        e[2] = p * (big_n - ni) * (ni - 1.0);
        v[2] = e[2] * (1.0 - p)
            + 2.0 * ((ni - 1.0) * pairs(big_n - ni) + (big_n - ni) * pairs(ni - 1.0)) * q;
        e[3] = e[2];
        v[3] = v[2];
        let sum: f64 = others().sum();
        let squares: f64 = others().map(|x| x * x).sum();
        e[4] = p * (sum * sum - squares);
        v[4] =
            e[4] * (1.0 - p) + 4.0 * others().map(|x| x * pairs(big_n - x - ni) * q).sum::<f64>();
        e[5] = p * (big_n - 1.0) * (big_n - 2.0);
        v[5] = e[5] * (1.0 - p) + 2.0 * (big_n - 1.0) * (big_n - 2.0) * (big_n - 3.0) * q;
    }
    (exp, var)
}

/// What [`brokerage_report`] computes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerageOptions {
    /// What splits the nodes into groups.
    pub partition: Partition,
    /// Read directed kinds (export, project, visit…) one way only;
    /// otherwise every tie counts in both directions.
    pub directed: bool,
}

/// Brokerage roles of every node of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokerageReport {
    /// The groups the roles were read against.
    pub groups: Groups,
    /// One entry per view node.
    pub roles: Vec<Roles>,
}

/// [`brokerage`] on a view: splits its nodes into groups by
/// `options.partition` and counts on its ties, both ways or (with
/// `options.directed`) directed kinds one way and symmetric kinds both.
///
/// # Errors
/// An [`Error::Invalid`](crate::Error::Invalid) when the partition names
/// an attribute no node has.
///
/// # Complexity
/// That of [`brokerage`], after O(V + E) to build the graph and groups.
pub fn brokerage_report(
    g: &Graph,
    v: &View,
    options: &BrokerageOptions,
) -> Result<BrokerageReport> {
    let groups = v.groups(g, &options.partition)?;
    let csr = v.csr(options.directed, Weight::Hops);
    let roles = brokerage(&csr, &groups.of);
    Ok(BrokerageReport { groups, roles })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(g: &Csr, cl: &[u32]) -> Vec<[u64; 6]> {
        brokerage(g, cl).iter().map(|r| r.counts).collect()
    }

    #[test]
    fn each_role_from_its_group_pattern() {
        let g = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        // Coordinator, itinerant, representative, gatekeeper, liaison.
        let cases = [
            ([0, 0, 0], Role::Coordinator),
            ([0, 1, 0], Role::Itinerant),
            ([0, 0, 1], Role::Representative),
            ([0, 1, 1], Role::Gatekeeper),
            ([0, 1, 2], Role::Liaison),
        ];
        for (cl, role) in cases {
            let b = brokerage(&g, &cl);
            assert_eq!(b[1].count(role), 1, "{role:?}");
            assert_eq!(b[1].count(Role::Total), 1);
            assert_eq!(b[1].counts.iter().sum::<u64>(), 2);
        }
    }

    #[test]
    fn closed_and_returning_two_paths_do_not_count() {
        // 0 → 1 → 2 closed by 0 → 2; 1 → 0 → 1 returns to its start.
        let g = Csr::directed(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (1, 0, 1.0)]);
        let c = counts(&g, &[0, 0, 0]);
        // 0 → 1 → 2 is closed by 0 → 2, 1 → 0 → 2 by 1 → 2.
        assert_eq!(c, vec![[0; 6]; 3]);
    }

    #[test]
    fn undirected_edges_count_both_ways() {
        // Path 0 - 1 - 2, groups A, B, A: 1 is itinerant for (0,2) and (2,0).
        let g = Csr::undirected(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        let b = brokerage(&g, &[0, 1, 0]);
        assert_eq!(b[1].count(Role::Itinerant), 2);
        // sna: density 4/6; z of the itinerant role 3.391165 (printed by R).
        assert!((b[1].z_score(Role::Itinerant) - 3.391165).abs() < 1e-6);
        // A group of one cannot hold a coordinator: 0/0 is NaN, as in sna.
        assert!(b[1].z_score(Role::Coordinator).is_nan());
        assert!((b[0].z_score(Role::Total) + 0.5897678).abs() < 1e-6);
    }

    #[test]
    fn empty_graph_has_no_roles() {
        assert!(brokerage(&Csr::directed(0, []), &[]).is_empty());
        let b = brokerage(&Csr::directed(2, []), &[0, 1]);
        assert_eq!(b[0].counts, [0; 6]);
    }
}
