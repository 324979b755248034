//! Cycles in a directed graph of template entries (resources that depend on each other,
//! conditions that name each other). Iterative, so a chain of 100,000 entries costs heap, not
//! stack, and linear in the number of edges.

use std::collections::VecDeque;

/// A directed edge; `id` identifies it to the caller (an index into its own edge list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Edge {
    pub from: usize,
    pub to: usize,
    pub id: usize,
}

/// One shortest cycle per strongly connected component that has a cycle, as the ids of its
/// edges in order, starting at the component's lowest node. Components come in the order of
/// their lowest node.
pub(crate) fn cycles(nodes: usize, edges: &[Edge]) -> Vec<Vec<usize>> {
    let mut adjacency: Vec<Vec<Edge>> = vec![Vec::new(); nodes];
    for edge in edges.iter().filter(|e| e.from < nodes && e.to < nodes) {
        adjacency[edge.from].push(*edge);
    }
    let mut search = Search {
        member: vec![false; nodes],
        seen: vec![false; nodes],
        came_by: vec![None; nodes],
    };
    let mut found: Vec<(usize, Vec<usize>)> = components(&adjacency)
        .into_iter()
        .filter_map(|component| shortest_cycle(&adjacency, &component, &mut search))
        .collect();
    found.sort_by_key(|(start, _)| *start);
    found.into_iter().map(|(_, cycle)| cycle).collect()
}

/// Tarjan's strongly connected components, with an explicit call stack.
fn components(adjacency: &[Vec<Edge>]) -> Vec<Vec<usize>> {
    let n = adjacency.len();
    let mut index: Vec<Option<usize>> = vec![None; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    for start in 0..n {
        if index[start].is_some() {
            continue;
        }
        let mut calls = vec![(start, 0)];
        index[start] = Some(counter);
        low[start] = counter;
        counter += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (v, ref mut next)) = calls.last_mut() {
            if let Some(edge) = adjacency[v].get(*next) {
                *next += 1;
                let w = edge.to;
                match index[w] {
                    None => {
                        index[w] = Some(counter);
                        low[w] = counter;
                        counter += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    }
                    Some(wi) if on_stack[w] => low[v] = low[v].min(wi),
                    Some(_) => {}
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if Some(low[v]) == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// Scratch space for [`shortest_cycle`], allocated once and cleared per component, so many
/// small components cost no more than one large one.
struct Search {
    member: Vec<bool>,
    seen: Vec<bool>,
    came_by: Vec<Option<Edge>>,
}

/// The shortest cycle through the component's lowest node, by breadth-first search inside
/// the component; `None` for a single node without a self-edge.
fn shortest_cycle(
    adjacency: &[Vec<Edge>],
    component: &[usize],
    search: &mut Search,
) -> Option<(usize, Vec<usize>)> {
    let start = *component.iter().min()?;
    if let [only] = component {
        let edge = adjacency[*only].iter().find(|e| e.to == *only)?;
        return Some((start, vec![edge.id]));
    }
    for &v in component {
        search.member[v] = true;
    }
    let mut queue = VecDeque::from([start]);
    search.seen[start] = true;
    let mut found = None;
    'search: while let Some(v) = queue.pop_front() {
        for edge in &adjacency[v] {
            if edge.to == start {
                let mut path = vec![edge.id];
                let mut at = v;
                while let Some(previous) = search.came_by[at] {
                    path.push(previous.id);
                    at = previous.from;
                }
                path.reverse();
                found = Some((start, path));
                break 'search;
            }
            if search.member[edge.to] && !search.seen[edge.to] {
                search.seen[edge.to] = true;
                search.came_by[edge.to] = Some(*edge);
                queue.push_back(edge.to);
            }
        }
    }
    for &v in component {
        search.member[v] = false;
        search.seen[v] = false;
        search.came_by[v] = None;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(pairs: &[(usize, usize)]) -> Vec<Edge> {
        pairs
            .iter()
            .enumerate()
            .map(|(id, &(from, to))| Edge { from, to, id })
            .collect()
    }

    #[test]
    fn finds_the_shortest_cycle_of_each_component() {
        // 0 → 1 → 2 → 0 and 1 → 0 (shorter); 3 → 3; 4 → 5 (no cycle).
        let edges = graph(&[(0, 1), (1, 2), (2, 0), (1, 0), (3, 3), (4, 5)]);
        assert_eq!(cycles(6, &edges), vec![vec![0, 3], vec![4]]);
    }

    #[test]
    fn acyclic_graphs_have_no_cycles() {
        let edges = graph(&[(0, 1), (1, 2), (0, 2)]);
        assert!(cycles(3, &edges).is_empty());
    }

    #[test]
    fn many_small_cycles_are_each_found() {
        let n = 100_000;
        let edges = graph(&(0..n).map(|i| (i, i ^ 1)).collect::<Vec<_>>());
        let found = cycles(n, &edges);
        assert_eq!(found.len(), n / 2);
        assert_eq!(found[1], vec![2, 3]);
    }

    #[test]
    fn a_long_ring_costs_no_stack() {
        let n = 200_000;
        let edges = graph(&(0..n).map(|i| (i, (i + 1) % n)).collect::<Vec<_>>());
        let found = cycles(n, &edges);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), n);
    }
}
