//! Helpers for the hostile-input tests.

use plimsoll_lint::{Diagnostic, Settings};

/// A small deterministic generator (xorshift), so failures reproduce without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Memory the most the process (native: peak resident set) or the module (wasm: linear
/// memory, which never shrinks) has held, in MiB.
pub fn peak_memory_mib() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    {
        let pages = core::arch::wasm32::memory_size::<0>() as u64;
        Some(pages * 64 / 1024)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024)
    }
}

/// Fails when memory use went past `limit` MiB.
pub fn assert_memory_below(limit: u64) {
    if let Some(peak) = peak_memory_mib() {
        assert!(peak < limit, "peak memory {peak} MiB, limit {limit} MiB");
    }
}

/// Lints with every rule.
pub fn lint(source: &str) -> Vec<Diagnostic> {
    plimsoll_lint::lint(source, &Settings::default())
}

/// The codes found, sorted, with repeats.
pub fn codes(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics.iter().map(|d| d.code.to_string()).collect();
    codes.sort();
    codes
}

/// Every span lies inside the source on character boundaries, so the edges can slice with it.
pub fn assert_well_formed(source: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        for span in std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span)) {
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(
                start <= end && end <= source.len(),
                "{}: span {start}..{end} outside {} bytes",
                d.code,
                source.len()
            );
            assert!(
                source.is_char_boundary(start) && source.is_char_boundary(end),
                "{}: span {start}..{end} splits a character",
                d.code
            );
        }
    }
}
