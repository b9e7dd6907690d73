//! The priority-queue entry the Dijkstra searches share.

use std::cmp::Ordering;

/// A tentative distance to a node, ordered so that std's max-heap
/// `BinaryHeap` pops the smallest distance first, then the lowest index.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// The distance from the source.
    pub dist: f64,
    /// The node.
    pub node: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: the smaller distance (then index) is the greater entry.
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.node.cmp(&self.node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BinaryHeap;

    #[test]
    fn pops_the_smallest_distance_then_the_lowest_index() {
        let mut h: BinaryHeap<Entry> = [(2.0, 0), (1.0, 5), (1.0, 3), (0.5, 9)]
            .into_iter()
            .map(|(dist, node)| Entry { dist, node })
            .collect();
        let order: Vec<u32> = std::iter::from_fn(|| h.pop().map(|e| e.node)).collect();
        assert_eq!(order, [9, 3, 5, 0]);
    }
}
