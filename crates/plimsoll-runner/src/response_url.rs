//! Which ResponseURLs the runner answers to.
//!
//! CloudFormation's ResponseURL is a pre-signed HTTPS URL of an S3 bucket. The answer carries
//! the stack's id and the run's results, so a request whose ResponseURL points anywhere else
//! (another host, plain HTTP) is refused before anything runs: no task is started for it.

/// The domains of AWS partitions whose S3 endpoints serve ResponseURLs.
const PARTITION_DOMAINS: &[&str] = &[
    "amazonaws.com",
    "amazonaws.com.cn",
    "c2s.ic.gov",
    "sc2s.sgov.gov",
    "cloud.adc-e.uk",
    "csp.hci.ic.gov",
];

/// Checks `url`: `https://` to an S3 host, or, when `allow_loopback` (a test-only setting),
/// `http://127.0.0.1`. Says why not.
pub fn check(url: &str, allow_loopback: bool) -> Result<(), String> {
    let refuse = |why: &str| {
        Err(format!(
            "ResponseURL refused ({why}): {}",
            plain(url.chars().take(120).collect::<String>().as_str())
        ))
    };
    let (scheme, rest) = match url.split_once("://") {
        Some(parts) => parts,
        None => return refuse("not a URL"),
    };
    let authority = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if authority.contains('@') {
        return refuse("it carries user information");
    }
    if allow_loopback && scheme == "http" && is_loopback(&authority) {
        return Ok(());
    }
    if scheme != "https" {
        return refuse("not https");
    }
    let host = authority.strip_suffix(":443").unwrap_or(&authority);
    let s3 = PARTITION_DOMAINS.iter().any(|domain| {
        host.strip_suffix(domain)
            .and_then(|h| h.strip_suffix('.'))
            .is_some_and(|h| {
                h.split('.')
                    .any(|label| label == "s3" || label.starts_with("s3-"))
            })
    });
    if s3 { Ok(()) } else { refuse("not an S3 host") }
}

fn is_loopback(authority: &str) -> bool {
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    host == "127.0.0.1" || host == "localhost"
}

/// `text` with control and bidi characters replaced, for a log line.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| {
            if crate::logs::unsafe_to_show(c) {
                '?'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloudformation_response_urls_are_accepted() {
        for url in [
            "https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/arn%3Aaws/x?X-Amz-Signature=abc",
            "https://cloudformation-custom-resource-response-useast1.s3-external-1.amazonaws.com/x",
            "https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/x",
            "https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/x",
            "https://bucket.s3.amazonaws.com:443/x",
        ] {
            assert_eq!(check(url, false), Ok(()), "{url}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for url in [
            "http://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x",
            "https://evil.example/x",
            "https://s3.amazonaws.com.evil.example/x",
            "https://user@bucket.s3.amazonaws.com/x",
            "https://s3x.amazonaws.com/x",
            "https://bucket.s3.amazonaws.com:8443/x",
            "http://127.0.0.1:9000/x",
            "file:///etc/passwd",
            "no url",
        ] {
            assert!(check(url, false).is_err(), "{url}");
        }
        let why = check("https://evil.example/\u{1b}[31m", false).unwrap_err();
        assert!(!why.contains('\u{1b}'), "{why}");
    }

    #[test]
    fn loopback_only_when_allowed() {
        assert_eq!(check("http://127.0.0.1:9000/put/1", true), Ok(()));
        assert!(check("http://127.0.0.2:9000/put/1", true).is_err());
        assert!(check("http://10.0.0.1/put", true).is_err());
    }
}
