//! Roles against modules (Guimerà and Amaral): how a node's ties spread
//! over the modules (participation coefficient) and how well connected it
//! is inside its own (within-module degree z-score).
//!
//! The modules are given, one number per node (regions, memberships or an
//! attribute: see `model::partition`), not detected.

use std::collections::HashMap;

use super::Csr;

/// Dense module numbers `0..k` and each node's, from any numbers.
fn dense(n: usize, modules: &[u32]) -> (Vec<usize>, usize) {
    let mut index: HashMap<u32, usize> = HashMap::new();
    let mut k = 0;
    let of = (0..n)
        .map(|v| match modules.get(v) {
            Some(&m) => *index.entry(m).or_insert_with(|| {
                k += 1;
                k - 1
            }),
            None => {
                k += 1;
                k - 1
            }
        })
        .collect();
    (of, k)
}

/// The participation coefficient of every node: 1 when its ties spread
/// evenly over many modules, 0 when they all stay in one.
///
/// `P(i) = 1 − Σ_s (k_is / k_i)²`, where `k_i` is `i`'s (weighted) degree
/// and `k_is` the part of it that goes to module `s`.
///
/// # Arguments
/// * `g`: the graph; its arc weights are the tie weights (1 everywhere
///   for degrees). A directed graph is read by its out-arcs.
/// * `modules`: the module of every node (a node beyond the slice is a
///   module of its own).
///
/// # Returns
/// One value per node in `[0, 1)`; 0 for a node without ties (as the Brain
/// Connectivity Toolbox's `participation_coef`).
///
/// # Complexity
/// O(V + E) time, O(V) memory.
///
/// # Reference
/// Guimerà, R. and Amaral, L. A. N. (2005). Functional cartography of
/// complex metabolic networks. *Nature* 433: 895–900.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{participation, Csr};
/// // 0 ties to one node of its own module and one of another: 1 - 2/4.
/// let g = Csr::undirected(3, [(0, 1, 1.0), (0, 2, 1.0)]);
/// let p = participation(&g, &[0, 0, 1]);
/// assert!((p[0] - 0.5).abs() < 1e-12);
/// assert_eq!(p[1], 0.0);
/// ```
pub fn participation(g: &Csr, modules: &[u32]) -> Vec<f64> {
    let n = g.node_count();
    let (of, k) = dense(n, modules);
    let mut by_module = vec![0.0f64; k];
    (0..n as u32)
        .map(|i| {
            let mut total = 0.0;
            for (&j, &w) in g.neighbors(i).iter().zip(g.weights(i)) {
                by_module[of[j as usize]] += w;
                total += w;
            }
            let mut squares = 0.0;
            for &j in g.neighbors(i) {
                let s = of[j as usize];
                squares += (by_module[s] / total).powi(2);
                by_module[s] = 0.0;
            }
            if total == 0.0 {
                0.0
            } else {
                1.0 - squares
            }
        })
        .collect()
}

/// The within-module degree z-score of every node: how many more ties it
/// has inside its own module than that module's members have on average,
/// in standard deviations.
///
/// `z(i) = (κ_i − mean κ over i's module) / sd κ over i's module`, where
/// `κ_i` is the (weighted) degree of `i` to its own module and `sd` the
/// population standard deviation.
///
/// # Arguments
/// * `g`: the graph; its arc weights are the tie weights (1 everywhere
///   for degrees). A directed graph is read by its out-arcs.
/// * `modules`: the module of every node (a node beyond the slice is a
///   module of its own).
///
/// # Returns
/// One value per node; 0 where the module's deviation is 0 (a module of
/// one, or one whose members are all alike), as the Brain Connectivity
/// Toolbox's `module_degree_zscore`.
///
/// # Complexity
/// O(V + E) time, O(V) memory.
///
/// # Reference
/// Guimerà, R. and Amaral, L. A. N. (2005). Functional cartography of
/// complex metabolic networks. *Nature* 433: 895–900.
///
/// # Examples
/// ```
/// use egov_graph::analysis::{within_module_z, Csr};
/// // A star of four in one module: the centre has 3 inner ties, the
/// // leaves 1; mean 1.5, sd √0.75.
/// let g = Csr::undirected(4, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]);
/// let z = within_module_z(&g, &[0, 0, 0, 0]);
/// assert!((z[0] - 1.5 / 0.75f64.sqrt()).abs() < 1e-12);
/// ```
pub fn within_module_z(g: &Csr, modules: &[u32]) -> Vec<f64> {
    let n = g.node_count();
    let (of, k) = dense(n, modules);
    let inner: Vec<f64> = (0..n as u32)
        .map(|i| {
            g.neighbors(i)
                .iter()
                .zip(g.weights(i))
                .filter(|(&j, _)| of[j as usize] == of[i as usize])
                .map(|(_, &w)| w)
                .sum()
        })
        .collect();
    let mut count = vec![0.0f64; k];
    let mut sum = vec![0.0f64; k];
    for (i, &x) in inner.iter().enumerate() {
        count[of[i]] += 1.0;
        sum[of[i]] += x;
    }
    let mean: Vec<f64> = sum.iter().zip(&count).map(|(s, c)| s / c).collect();
    let mut squares = vec![0.0f64; k];
    for (i, &x) in inner.iter().enumerate() {
        squares[of[i]] += (x - mean[of[i]]).powi(2);
    }
    let sd: Vec<f64> = squares
        .iter()
        .zip(&count)
        .map(|(s, c)| (s / c).sqrt())
        .collect();
    inner
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let s = of[i];
            if sd[s] == 0.0 {
                0.0
            } else {
                (x - mean[s]) / sd[s]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_spread_evenly_over_three_modules() {
        // 0 ties to one node in each of three modules (its own included).
        let g = Csr::undirected(4, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]);
        let p = participation(&g, &[0, 0, 1, 2]);
        assert!((p[0] - (1.0 - 3.0 / 9.0)).abs() < 1e-12);
        // Weights count: a heavy tie into module 1 concentrates it.
        let w = Csr::undirected(3, [(0, 1, 3.0), (0, 2, 1.0)]);
        let p = participation(&w, &[0, 1, 2]);
        assert!((p[0] - (1.0 - 9.0 / 16.0 - 1.0 / 16.0)).abs() < 1e-12);
    }

    #[test]
    fn isolated_nodes_and_lone_modules_score_zero() {
        let g = Csr::undirected(3, [(0, 1, 1.0)]);
        assert_eq!(participation(&g, &[0, 0, 0])[2], 0.0);
        // Module 1 has one member: deviation 0, z 0.
        let z = within_module_z(&g, &[0, 0, 1]);
        assert_eq!(z, [0.0, 0.0, 0.0]);
        // Nodes beyond the slice are modules of their own.
        assert_eq!(within_module_z(&g, &[]), [0.0, 0.0, 0.0]);
    }

    #[test]
    fn ties_outside_the_module_do_not_count_for_z() {
        // Module 0 = {0, 1, 2}: 0-1 inside; 2 tied only to module 1.
        let g = Csr::undirected(5, [(0, 1, 1.0), (2, 3, 1.0), (2, 4, 1.0)]);
        let z = within_module_z(&g, &[0, 0, 0, 1, 1]);
        // κ = (1, 1, 0): mean 2/3, sd √(2/9).
        let sd = (2.0f64 / 9.0).sqrt();
        assert!((z[0] - (1.0 / 3.0) / sd).abs() < 1e-12);
        assert!((z[2] + (2.0 / 3.0) / sd).abs() < 1e-12);
    }
}
