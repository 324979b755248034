//! "Did you mean …?" suggestions for misspelt names.

/// Most candidates searched: beyond this (generated templates with thousands of resources) no
/// suggestion is made, so that many misspelt names cannot make linting quadratic.
const MAX_CANDIDATES: usize = 2_000;

/// The candidate closest to `name` by edit distance (case-insensitive), if it is close enough
/// to be a plausible typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().take(MAX_CANDIDATES + 1).collect();
    if candidates.len() > MAX_CANDIDATES {
        return None;
    }
    let limit = (name.chars().count() / 3).clamp(1, 4);
    let name = name.to_lowercase();
    let length = name.chars().count();
    candidates
        .into_iter()
        .filter(|c| c.len().abs_diff(length) <= limit + 2)
        .map(|c| (distance(&name, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_but_not_strangers() {
        let names = ["ApplicationCluster", "ApplicationService", "Db"];
        assert_eq!(
            closest("ApplicatonCluster", names),
            Some("ApplicationCluster")
        );
        assert_eq!(closest("Queue", names), None);
        assert_eq!(closest("db", names), Some("Db"));
    }
}
