//! The JSON answer PUT to the ResponseURL, kept within CloudFormation's 4096-byte limit.

use crate::event::CfnRequest;
use serde::Serialize;
use std::collections::BTreeMap;

/// CloudFormation rejects response bodies larger than this.
pub const MAX_BODY: usize = 4096;

/// SUCCESS or FAILED.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// The resource operation succeeded.
    Success,
    /// It failed; `Reason` says why.
    Failed,
}

/// A custom resource response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CfnResponse {
    /// SUCCESS or FAILED.
    pub status: Status,
    /// Why (required on FAILED; shown in the console).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Identical across all responses for a resource.
    pub physical_resource_id: String,
    /// Copied from the request.
    pub stack_id: String,
    /// Copied from the request.
    pub request_id: String,
    /// Copied from the request.
    pub logical_resource_id: String,
    /// Values for `Fn::GetAtt`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub data: BTreeMap<String, String>,
}

impl CfnResponse {
    /// A response to `request` with the ids copied.
    pub fn new(request: &CfnRequest, status: Status, physical_resource_id: String) -> Self {
        Self {
            status,
            reason: None,
            physical_resource_id,
            stack_id: request.stack_id.clone(),
            request_id: request.request_id.clone(),
            logical_resource_id: request.logical_resource_id.clone(),
            data: BTreeMap::new(),
        }
    }

    /// Sets the reason.
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Sets the data.
    pub fn with_data(mut self, data: BTreeMap<String, String>) -> Self {
        self.data = data;
        self
    }

    /// The JSON body, at most [`MAX_BODY`] bytes: the Reason is shortened first, then the
    /// Data dropped (and the Reason given back whatever room that frees).
    pub fn to_body(&self) -> Vec<u8> {
        fit(self.clone(), MAX_BODY)
    }
}

fn json(r: &CfnResponse) -> Vec<u8> {
    serde_json::to_vec(r).unwrap_or_default()
}

/// Cuts `s` to at most `max` bytes on a char boundary, marking the cut with `…`.
fn shorten(s: &str, max: usize) -> String {
    const MARK: &str = " …";
    if s.len() <= max {
        return s.to_owned();
    }
    let mut cut = max.saturating_sub(MARK.len());
    while cut > 0 && !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{MARK}", &s[..cut])
}

/// The longest Reason (a prefix of `r.reason`) for which the body fits in `max`, or `None`
/// when even the shortest useful Reason does not fit.
fn fit_reason(r: &CfnResponse, max: usize) -> Option<CfnResponse> {
    const MIN_REASON: usize = 64;
    let full = r.reason.clone().unwrap_or_default();
    let mut candidate = r.clone();
    if json(&candidate).len() <= max {
        return Some(candidate);
    }
    // Escaping can make the JSON longer than the text: search the largest prefix that fits.
    let (mut lo, mut hi) = (0usize, full.len());
    let mut best = None;
    while lo <= hi {
        let mid = lo + (hi - lo) / 2;
        candidate.reason = Some(shorten(&full, mid));
        if json(&candidate).len() <= max {
            best = Some(mid);
            lo = mid + 1;
        } else if mid == 0 {
            break;
        } else {
            hi = mid - 1;
        }
    }
    match best {
        Some(n) if n >= MIN_REASON.min(full.len()) => {
            candidate.reason = Some(shorten(&full, n));
            Some(candidate)
        }
        _ => None,
    }
}

fn fit(r: CfnResponse, max: usize) -> Vec<u8> {
    if let Some(fitted) = fit_reason(&r, max) {
        return json(&fitted);
    }
    let mut without_data = r;
    without_data.data.clear();
    if let Some(fitted) = fit_reason(&without_data, max) {
        return json(&fitted);
    }
    // Only ids this long remain; CloudFormation would reject them anyway.
    without_data.reason = Some("response too large".to_owned());
    json(&without_data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(reason: &str, data: usize) -> CfnResponse {
        CfnResponse {
            status: Status::Failed,
            reason: Some(reason.to_owned()),
            physical_resource_id: "runtask:s:L:01234567".to_owned(),
            stack_id: "arn:aws:cloudformation:eu-west-1:1:stack/s/guid".to_owned(),
            request_id: "5f3c2a1e-8b7d-4c6a-9e0f-1a2b3c4d5e6f".to_owned(),
            logical_resource_id: "L".to_owned(),
            data: (0..data)
                .map(|i| (format!("K{i}"), "v".repeat(100)))
                .collect(),
        }
    }

    fn parse(body: &[u8]) -> serde_json::Value {
        serde_json::from_slice(body).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn small_answers_are_unchanged() {
        let r = response("task failed", 2);
        assert_eq!(r.to_body(), serde_json::to_vec(&r).unwrap_or_default());
    }

    #[test]
    fn a_long_reason_is_shortened_first() {
        let body = response(&"é\"x".repeat(3000), 3).to_body();
        assert!(body.len() <= MAX_BODY, "{}", body.len());
        let v = parse(&body);
        assert!(
            v["Reason"]
                .as_str()
                .is_some_and(|r| r.ends_with('…') && r.len() > 1000)
        );
        assert_eq!(v["Data"].as_object().map(|m| m.len()), Some(3), "Data kept");
    }

    #[test]
    fn data_is_dropped_when_the_reason_cannot_shrink_enough() {
        let body = response(&"r".repeat(5000), 60).to_body();
        assert!(body.len() <= MAX_BODY, "{}", body.len());
        let v = parse(&body);
        assert!(v.get("Data").is_none());
        assert!(v["Reason"].as_str().is_some_and(|r| r.len() > 3000));
        assert_eq!(v["Status"], "FAILED");
        assert_eq!(v["PhysicalResourceId"], "runtask:s:L:01234567");
    }
}
