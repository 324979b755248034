//! End to end with real components: the runner's `bootstrap` binary under
//! `cargo lambda watch --only-lambda-apis`, `moto_server` as ECS, and a local HTTP server as
//! the ResponseURL. Run by `cargo xtask runner-e2e` (the `runner-e2e` test stage). The
//! bootstrap is the one cargo builds for this test, or the one `PLIMSOLL_RUNNER_BOOTSTRAP`
//! names.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const REGION: &str = "us-east-1";
const STACK_ID: &str =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/e2e/11111111-2222-3333-4444-555555555555";
const LOGICAL_ID: &str = "MigrateTask";

/// A child process that is killed (by its own id) when dropped.
struct Guard {
    name: &'static str,
    child: Child,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        eprintln!("e2e: stopped {} (pid {})", self.name, self.child.id());
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// Waits until something accepts TCP connections on `port`.
fn wait_for_port(port: u16, what: &str, guard: &mut Guard) {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = guard.child.try_wait() {
            panic!("{what} exited early: {status}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{what} did not listen on {port} within 60 s");
}

/// One request received by the ResponseURL server.
#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// The ResponseURL: records every request and answers 200.
struct ResponseServer {
    port: u16,
    received: Arc<Mutex<Vec<Recorded>>>,
}

impl ResponseServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        let received = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if let Some(r) = read_request(stream) {
                    sink.lock().unwrap_or_else(|p| p.into_inner()).push(r);
                }
            }
        });
        Self { port, received }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits for the one request on `path`, then a moment more to catch a second one.
    fn wait_for(&self, path: &str, timeout: Duration) -> Recorded {
        let start = Instant::now();
        loop {
            let found: Vec<Recorded> = self
                .received
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .iter()
                .filter(|r| r.path == path)
                .cloned()
                .collect();
            if let Some(first) = found.first() {
                std::thread::sleep(Duration::from_millis(500));
                let n = self
                    .received
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .iter()
                    .filter(|r| r.path == path)
                    .count();
                assert_eq!(n, 1, "exactly one answer on {path}");
                return first.clone();
            }
            assert!(
                start.elapsed() < timeout,
                "no answer on {path} within {timeout:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn read_request(stream: TcpStream) -> Option<Recorded> {
    let recorded = read_http(&stream)?;
    let mut stream = stream;
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    Some(recorded)
}

/// One HTTP/1.1 request with a `content-length` body.
fn read_http(stream: &TcpStream) -> Option<Recorded> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

/// Stands between the runner and moto to undo one way moto's ECS answers differ from ECS's:
/// moto returns a container's `cpu` and `memory` as numbers (it even adds `cpu: 0` to every
/// container), ECS returns strings, and the SDK rejects the whole RunTask or DescribeTasks
/// response over it. Everything else (status, headers, errors) passes through unchanged.
fn start_moto_relay(moto: u16) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || relay(stream, moto));
        }
    });
    port
}

fn relay(stream: TcpStream, moto: u16) -> Option<()> {
    let request = read_http(&stream)?;
    let mut upstream = TcpStream::connect(("127.0.0.1", moto)).ok()?;
    let _ = upstream.set_read_timeout(Some(Duration::from_secs(60)));
    let mut head = format!(
        "{} {} HTTP/1.1\r\nhost: 127.0.0.1:{moto}\r\ncontent-length: {}\r\nconnection: close\r\n",
        request.method,
        request.path,
        request.body.len()
    );
    for (k, v) in &request.headers {
        if !matches!(k.as_str(), "host" | "content-length" | "connection") {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str("\r\n");
    upstream.write_all(head.as_bytes()).ok()?;
    upstream.write_all(&request.body).ok()?;
    let mut response = Vec::new();
    let _ = upstream.read_to_end(&mut response);
    let split = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let body = container_numbers_as_strings(&response[split + 4..]);
    let mut out = String::new();
    for line in head.split("\r\n") {
        let name = line
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !matches!(
            name.as_str(),
            "content-length" | "connection" | "transfer-encoding"
        ) {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut stream = stream;
    stream.write_all(out.as_bytes()).ok()?;
    stream.write_all(&body).ok()
}

/// `tasks[].cpu/memory` and `tasks[].containers[].cpu/memory/memoryReservation` as ECS sends
/// them: strings.
fn container_numbers_as_strings(body: &[u8]) -> Vec<u8> {
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        return body.to_vec();
    };
    let stringify = |object: &mut Value, keys: &[&str]| {
        for key in keys {
            if let Some(slot) = object.get_mut(*key).filter(|v| v.is_number()) {
                *slot = Value::String(slot.to_string());
            }
        }
    };
    for task in value
        .get_mut("tasks")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        stringify(task, &["cpu", "memory"]);
        for container in task
            .get_mut("containers")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            stringify(container, &["cpu", "memory", "memoryReservation"]);
        }
    }
    serde_json::to_vec(&value).unwrap_or_else(|_| body.to_vec())
}

/// A minimal HTTP/1.1 POST; the status and body.
fn post(port: u16, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<u8>) {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("connect {port}: {e}"));
    let _ = stream.set_read_timeout(Some(Duration::from_secs(300)));
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream
        .write_all(req.as_bytes())
        .and_then(|()| stream.write_all(body))
        .unwrap_or_else(|e| panic!("write: {e}"));
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.as_bytes().to_vec())
        .unwrap_or_default();
    (status, body)
}

/// An ECS (JSON protocol) call to moto.
fn ecs(moto: u16, action: &str, body: Value) -> Value {
    let (status, out) = post(
        moto,
        "/",
        &[
            (
                "x-amz-target",
                &format!("AmazonEC2ContainerServiceV20141113.{action}"),
            ),
            ("content-type", "application/x-amz-json-1.1"),
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0",
            ),
        ],
        body.to_string().as_bytes(),
    );
    let value: Value = serde_json::from_slice(&out).unwrap_or(Value::Null);
    assert_eq!(status, 200, "ECS {action}: {value}");
    value
}

fn set_transition(moto: u16, transition: Value) {
    let (status, out) = post(
        moto,
        "/moto-api/state-manager/set-transition",
        &[("content-type", "application/json")],
        json!({"model_name": "ecs::task", "transition": transition})
            .to_string()
            .as_bytes(),
    );
    assert!(
        status < 300,
        "set-transition: {}",
        String::from_utf8_lossy(&out)
    );
}

struct World {
    moto: u16,
    lambda: u16,
    responses: ResponseServer,
    _guards: Vec<Guard>,
    log: PathBuf,
    started: Instant,
    request: u32,
}

impl World {
    fn start() -> Self {
        // The bootstrap cargo built for this test (or another, such as a release build).
        let bootstrap = std::env::var_os("PLIMSOLL_RUNNER_BOOTSTRAP")
            .map(PathBuf::from)
            .or_else(|| option_env!("CARGO_BIN_EXE_bootstrap").map(PathBuf::from))
            .unwrap_or_else(|| {
                panic!(
                    "no bootstrap: build with the `lambda` feature or set PLIMSOLL_RUNNER_BOOTSTRAP"
                )
            });
        let dir = std::env::temp_dir().join(format!("plimsoll-runner-e2e-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let file = |name: &str| {
            std::fs::File::create(dir.join(name))
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null())
        };
        let mut guards = Vec::new();

        let moto = free_port();
        let mut g = Guard {
            name: "moto_server",
            child: Command::new("moto_server")
                .args(["-H", "127.0.0.1", "-p", &moto.to_string()])
                .stdout(file("moto.log"))
                .stderr(file("moto.err"))
                .spawn()
                .unwrap_or_else(|e| panic!("moto_server: {e}")),
        };
        wait_for_port(moto, "moto_server", &mut g);
        guards.push(g);

        let lambda = free_port();
        let mut g = Guard {
            name: "cargo lambda watch",
            child: Command::new("cargo")
                .args([
                    "lambda",
                    "watch",
                    "--only-lambda-apis",
                    "-A",
                    "127.0.0.1",
                    "-P",
                    &lambda.to_string(),
                ])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .stdout(file("watch.log"))
                .stderr(file("watch.err"))
                .spawn()
                .unwrap_or_else(|e| panic!("cargo lambda watch: {e}")),
        };
        wait_for_port(lambda, "cargo lambda watch", &mut g);
        guards.push(g);

        let relay = start_moto_relay(moto);
        let log = dir.join("bootstrap.log");
        let started = Instant::now();
        let g = Guard {
            name: "bootstrap",
            child: Command::new(&bootstrap)
                .env(
                    "AWS_LAMBDA_RUNTIME_API",
                    format!("http://127.0.0.1:{lambda}/.rt"),
                )
                .env("AWS_LAMBDA_FUNCTION_NAME", "_")
                .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
                .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{relay}"))
                .env("AWS_ACCESS_KEY_ID", "test")
                .env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", REGION)
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("PLIMSOLL_RUNNER_LOCAL_BUDGET_SECONDS", "120")
                .env("RUST_LOG", "info")
                .stdout(file("bootstrap.log"))
                .stderr(file("bootstrap.err"))
                .spawn()
                .unwrap_or_else(|e| panic!("bootstrap {}: {e}", bootstrap.display())),
        };
        guards.push(g);
        eprintln!("e2e: logs in {}", dir.display());
        Self {
            moto,
            lambda,
            responses: ResponseServer::start(),
            _guards: guards,
            log,
            started,
            request: 0,
        }
    }

    /// Invokes the function with a custom resource request; returns the checked answer.
    fn invoke(
        &mut self,
        request_type: &str,
        properties: Value,
        physical_id: Option<&str>,
    ) -> (Value, Duration) {
        self.request += 1;
        let request_id = format!("00000000-0000-4000-8000-{:012}", self.request);
        let path = format!("/response/{}", self.request);
        let mut event = json!({
            "RequestType": request_type,
            "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:runner",
            "ResponseURL": self.responses.url(&path),
            "StackId": STACK_ID,
            "RequestId": request_id,
            "LogicalResourceId": LOGICAL_ID,
            "ResourceType": "Custom::EcsRunTask",
            "ResourceProperties": properties,
        });
        if let Some(id) = physical_id {
            event["PhysicalResourceId"] = json!(id);
        }
        let start = Instant::now();
        let (status, out) = post(
            self.lambda,
            "/2015-03-31/functions/_/invocations",
            &[("content-type", "application/json")],
            event.to_string().as_bytes(),
        );
        assert_eq!(status, 200, "invoke: {}", String::from_utf8_lossy(&out));
        let put = self.responses.wait_for(&path, Duration::from_secs(120));
        let took = start.elapsed();
        // Every PUT: the method, an empty content type, the size limit, the ids copied.
        assert_eq!(put.method, "PUT");
        assert_eq!(
            put.headers.get("content-type").map(String::as_str),
            Some(""),
            "empty content-type header: {:?}",
            put.headers
        );
        assert!(put.body.len() <= 4096, "body of {} bytes", put.body.len());
        let body: Value = serde_json::from_slice(&put.body).unwrap_or_else(|e| {
            panic!(
                "answer is not JSON ({e}): {}",
                String::from_utf8_lossy(&put.body)
            )
        });
        assert_eq!(body["StackId"], STACK_ID);
        assert_eq!(body["RequestId"], request_id.as_str());
        assert_eq!(body["LogicalResourceId"], LOGICAL_ID);
        assert!(
            body["PhysicalResourceId"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
        if body["Status"] == "FAILED" {
            assert!(body["Reason"].as_str().is_some_and(|s| !s.is_empty()));
        }
        eprintln!("e2e: {request_type} answered in {took:?}: {body}");
        (body, took)
    }

    fn tasks(&self, cluster: &str) -> Vec<Value> {
        let arns = ecs(self.moto, "ListTasks", json!({"cluster": cluster}))["taskArns"].clone();
        let stopped = ecs(
            self.moto,
            "ListTasks",
            json!({"cluster": cluster, "desiredStatus": "STOPPED"}),
        )["taskArns"]
            .clone();
        let mut all: Vec<Value> = arns.as_array().cloned().unwrap_or_default();
        all.extend(stopped.as_array().cloned().unwrap_or_default());
        if all.is_empty() {
            return Vec::new();
        }
        ecs(
            self.moto,
            "DescribeTasks",
            json!({"cluster": cluster, "tasks": all}),
        )["tasks"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

#[test]
#[ignore = "needs moto_server, cargo-lambda and a built bootstrap: run by `cargo xtask runner-e2e`"]
fn runner_end_to_end() {
    let mut w = World::start();

    // Delete first, before any cluster exists: no ECS call is made (one would fail), and
    // this first invocation measures the cold start.
    let (body, _) = w.invoke(
        "Delete",
        json!({"Cluster": "e2e", "TaskDefinition": "migrate"}),
        Some("runtask:e2e:MigrateTask:0123abcd"),
    );
    let cold = w.started.elapsed();
    assert_eq!(body["Status"], "SUCCESS");
    assert_eq!(
        body["PhysicalResourceId"],
        "runtask:e2e:MigrateTask:0123abcd"
    );
    eprintln!("e2e: cold start (spawn to first answer delivered): {cold:?}");
    let log = std::fs::read_to_string(&w.log).unwrap_or_default();
    assert!(
        !log.contains("task.started") && !log.contains("run_task"),
        "no ECS call on Delete"
    );

    // The cluster and task definition, in moto.
    let cluster_arn =
        ecs(w.moto, "CreateCluster", json!({"clusterName": "e2e"}))["cluster"]["clusterArn"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
    ecs(
        w.moto,
        "RegisterTaskDefinition",
        json!({
            "family": "migrate",
            "containerDefinitions": [
                {"name": "migrate", "image": "busybox:1.36.1", "memory": 128, "essential": true,
                 "command": ["sh", "-c", "echo migrating"]}
            ]
        }),
    );
    let props = |extra: Value| {
        let mut p = json!({
            "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:runner",
            "ServiceTimeout": "960",
            "Cluster": cluster_arn,
            "TaskDefinition": "migrate",
            "LaunchType": "FARGATE",
        });
        if let (Some(m), Value::Object(e)) = (p.as_object_mut(), extra) {
            m.extend(e);
        }
        p
    };

    // Create succeeds with Data: moto runs the task RUNNING → … → STOPPED, one step a second.
    set_transition(w.moto, json!({"progression": "time", "seconds": 1}));
    let (body, _) = w.invoke("Create", props(json!({"Triggers": {"Image": "1"}})), None);
    assert_eq!(body["Status"], "SUCCESS", "{body}");
    let id = body["PhysicalResourceId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(id.starts_with("runtask:e2e:MigrateTask:"), "{id}");
    let task_arn = body["Data"]["TaskArn"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(task_arn.contains(":task/"), "{body}");
    assert!(
        body["Data"]["ExitCodes"]
            .as_str()
            .is_some_and(|c| c.ends_with("/migrate=0"))
    );
    let tasks = w.tasks("e2e");
    let task = tasks
        .iter()
        .find(|t| t["taskArn"] == task_arn.as_str())
        .unwrap_or_else(|| panic!("task {task_arn} not in moto: {tasks:?}"));
    assert_eq!(task["lastStatus"], "STOPPED");
    let started_by = task["startedBy"].as_str().unwrap_or_default();
    assert!(
        started_by.starts_with("cfn-") && started_by.len() <= 36,
        "{started_by}"
    );

    // Update keeps the id.
    let (body, _) = w.invoke(
        "Update",
        props(json!({"Triggers": {"Image": "2"}})),
        Some(&id),
    );
    assert_eq!(body["Status"], "SUCCESS", "{body}");
    assert_eq!(body["PhysicalResourceId"], id.as_str());
    assert_ne!(body["Data"]["TaskArn"], task_arn.as_str(), "a new run");

    // A task that never stops: TimeoutSeconds ends the wait, the task is stopped in moto.
    set_transition(w.moto, json!({"progression": "manual", "times": 1_000_000}));
    let (body, took) = w.invoke("Update", props(json!({"TimeoutSeconds": "6"})), Some(&id));
    assert_eq!(body["Status"], "FAILED", "{body}");
    assert_eq!(body["PhysicalResourceId"], id.as_str());
    let reason = body["Reason"].as_str().unwrap_or_default().to_owned();
    assert!(
        reason.contains("TimeoutSeconds (6 s)") && reason.contains("StopTask was called"),
        "{reason}"
    );
    assert!(
        took >= Duration::from_secs(6) && took < Duration::from_secs(30),
        "{took:?}"
    );
    let hung: Vec<&str> = reason
        .split_whitespace()
        .filter(|w| w.contains(":task/"))
        .map(|w| w.trim_end_matches([',', ';']))
        .collect();
    assert_eq!(hung.len(), 1, "{reason}");
    let tasks = w.tasks("e2e");
    let task = tasks
        .iter()
        .find(|t| t["taskArn"] == hung[0])
        .unwrap_or_else(|| panic!("task {} not in moto", hung[0]));
    assert_eq!(task["desiredStatus"], "STOPPED", "{task}");
    assert!(
        task["stoppedReason"]
            .as_str()
            .is_some_and(|r| r.contains("plimsoll-runner")),
        "{task}"
    );

    // An unknown cluster: the ECS error is in the Reason, and a failed Create's id.
    set_transition(w.moto, json!({"progression": "time", "seconds": 1}));
    let (body, _) = w.invoke("Create", props(json!({"Cluster": "no-such-cluster"})), None);
    assert_eq!(body["Status"], "FAILED", "{body}");
    let reason = body["Reason"].as_str().unwrap_or_default();
    assert!(reason.contains("ClusterNotFoundException"), "{reason}");
    assert!(
        body["PhysicalResourceId"]
            .as_str()
            .is_some_and(|i| i.starts_with("runtask-create-failed:"))
    );

    // The logs are JSON lines, one per event.
    let log = std::fs::read_to_string(&w.log).unwrap_or_default();
    let events: Vec<Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    assert!(events.iter().any(|e| e["event"] == "task.started"));
    assert!(events.iter().any(|e| e["event"] == "response.delivered"));
}
