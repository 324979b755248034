//! The real [`ResponseSender`]: an HTTP/1.1 PUT over rustls (or plain HTTP for local tests).

use crate::put::ResponseSender;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// PUTs with hyper; each attempt times out after `timeout`.
#[derive(Debug, Clone)]
pub struct HyperSender {
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
}

impl HyperSender {
    /// A client trusting the system's root certificates.
    pub fn new(timeout: Duration) -> Result<Self, String> {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|e| format!("cannot load root certificates: {e}"))?
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(https);
        Ok(Self { client, timeout })
    }
}

impl ResponseSender for HyperSender {
    async fn put(&self, url: &str, body: Vec<u8>) -> Result<u16, String> {
        let len = body.len();
        let request = hyper::Request::put(url)
            // The pre-signed URL was signed with an empty content type.
            .header(CONTENT_TYPE, HeaderValue::from_static(""))
            .header(CONTENT_LENGTH, len)
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| format!("bad request: {e}"))?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| format!("transport error: {e}"))?;
            let status = response.status().as_u16();
            // Drain the body so the connection can be reused.
            let _ = response.into_body().collect().await;
            Ok(status)
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| format!("no answer within {:?}", self.timeout))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A server that answers each connection with the next status, recording the requests.
    async fn server(statuses: Vec<u16>) -> (String, tokio::task::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let handle = tokio::spawn(async move {
            let mut seen = Vec::new();
            for status in statuses {
                let Ok((mut s, _)) = listener.accept().await else {
                    break;
                };
                let mut buf = vec![0u8; 8192];
                let mut n = 0;
                while n < buf.len() {
                    let read = s.read(&mut buf[n..]).await.unwrap_or(0);
                    n += read;
                    let text = String::from_utf8_lossy(&buf[..n]).to_string();
                    if read == 0 || text.contains("\r\n\r\n") && text.ends_with('}') {
                        break;
                    }
                }
                seen.push(String::from_utf8_lossy(&buf[..n]).to_string());
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                let _ = s.write_all(reply.as_bytes()).await;
            }
            seen
        });
        (format!("http://{addr}/put?sig=1"), handle)
    }

    #[tokio::test]
    async fn puts_with_an_empty_content_type_and_retries_5xx() {
        let (url, handle) = server(vec![500, 200]).await;
        let sender = HyperSender::new(Duration::from_secs(5)).unwrap_or_else(|e| panic!("{e}"));
        let delivery = crate::put::deliver(
            &sender,
            &url,
            br#"{"Status":"SUCCESS"}"#.to_vec(),
            crate::put::RetryPolicy {
                attempts: 3,
                first_backoff: Duration::from_millis(10),
                max_backoff: Duration::from_millis(10),
            },
            tokio::time::Instant::now() + Duration::from_secs(10),
        )
        .await;
        assert_eq!(
            delivery,
            crate::put::Delivery::Delivered {
                status: 200,
                attempts: 2
            }
        );
        let seen = handle.await.unwrap_or_default();
        assert_eq!(seen.len(), 2);
        let req = seen[1].to_ascii_lowercase();
        assert!(req.starts_with("put /put?sig=1 http/1.1"), "{req}");
        assert!(req.contains("\r\ncontent-type: \r\n"), "{req}");
        assert!(req.contains("content-length: 20"), "{req}");
        assert!(req.ends_with(r#"{"status":"success"}"#), "{req}");
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_transport_error() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(1);
        let sender = HyperSender::new(Duration::from_secs(5)).unwrap_or_else(|e| panic!("{e}"));
        let r = sender
            .put(&format!("http://127.0.0.1:{port}/"), Vec::new())
            .await;
        assert!(r.is_err_and(|e| e.contains("transport error")));
    }
}
