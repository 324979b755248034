//! End to end with real components: the runner's `bootstrap` binary under
//! `cargo lambda watch --only-lambda-apis`, `moto_server` as ECS, and a local HTTP server as
//! the ResponseURL. Run by `cargo xtask runner-e2e` (the `runner-e2e` test stage). The
//! bootstrap is the one cargo builds for this test, or the one `PLIMSOLL_RUNNER_BOOTSTRAP`
//! names.

mod lambda_shim;
mod local_http;

use local_http::{Recorded, forward, read_http, respond};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const REGION: &str = "us-east-1";
const STACK_ID: &str =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/e2e/11111111-2222-3333-4444-555555555555";
const LOGICAL_ID: &str = "MigrateTask";
/// Each invocation's deadline, as the function's Timeout would set it: short, so that a task
/// of half a minute outlives an invocation (the runner stops waiting 30 s before it).
const FUNCTION_TIMEOUT: Duration = Duration::from_secs(45);
const MIGRATION_LOGS: &str = "/ecs/e2e";

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
    let _ = respond(stream, "HTTP/1.1 200 OK", b"");
    Some(recorded)
}

/// Stands between the runner and moto to undo one way moto's ECS answers differ from ECS's:
/// moto returns a container's `cpu` and `memory` as numbers (it even adds `cpu: 0` to every
/// container), ECS returns strings, and the SDK rejects the whole RunTask or DescribeTasks
/// response over it. It also gives the stack [`ROLLING_BACK_STACK`] the status
/// UPDATE_ROLLBACK_IN_PROGRESS, which moto's stacks never have (moto updates a stack at
/// once). Everything else (status, headers, errors) passes through unchanged.
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
    let (head, body) = forward(&request, moto, &request.path, Duration::from_secs(60))?;
    respond(
        stream,
        &head,
        &rolling_back(&container_numbers_as_strings(&body)),
    )
}

/// The stack whose status the relay reports as UPDATE_ROLLBACK_IN_PROGRESS.
const ROLLING_BACK_STACK: &str = "e2e-rolling-back";

/// A DescribeStacks answer for [`ROLLING_BACK_STACK`] with the status of a rollback.
fn rolling_back(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    if !text.contains(&format!("<StackName>{ROLLING_BACK_STACK}</StackName>")) {
        return body.to_vec();
    }
    let Some((before, rest)) = text.split_once("<StackStatus>") else {
        return body.to_vec();
    };
    let Some((_, after)) = rest.split_once("</StackStatus>") else {
        return body.to_vec();
    };
    format!("{before}<StackStatus>UPDATE_ROLLBACK_IN_PROGRESS</StackStatus>{after}").into_bytes()
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

/// A call to moto in the AWS JSON protocol: `target` is the `x-amz-target`, `service` the
/// signing name.
fn json_call(moto: u16, service: &str, target: &str, body: &Value) -> Value {
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0"
    );
    let (status, out) = post(
        moto,
        "/",
        &[
            ("x-amz-target", target),
            ("content-type", "application/x-amz-json-1.1"),
            ("authorization", &authorization),
        ],
        body.to_string().as_bytes(),
    );
    let value: Value = serde_json::from_slice(&out).unwrap_or(Value::Null);
    assert_eq!(status, 200, "{target}: {value}");
    value
}

/// An ECS call to moto.
fn ecs(moto: u16, action: &str, body: Value) -> Value {
    json_call(
        moto,
        "ecs",
        &format!("AmazonEC2ContainerServiceV20141113.{action}"),
        &body,
    )
}

/// A CloudWatch Logs call to moto.
fn logs(moto: u16, action: &str, body: Value) -> Value {
    json_call(moto, "logs", &format!("Logs_20140328.{action}"), &body)
}

/// Creates a stack in moto (CloudFormation's query protocol); its StackId.
fn create_stack(moto: u16, name: &str) -> String {
    let template =
        r#"{"Resources":{"Handle":{"Type":"AWS::CloudFormation::WaitConditionHandle"}}}"#;
    let form = format!(
        "Action=CreateStack&Version=2010-05-15&StackName={name}&TemplateBody={}",
        template
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' =>
                    (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    );
    let (status, out) = post(
        moto,
        "/",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=0",
            ),
        ],
        form.as_bytes(),
    );
    let text = String::from_utf8_lossy(&out);
    assert_eq!(status, 200, "CreateStack: {text}");
    text.split_once("<StackId>")
        .and_then(|(_, rest)| rest.split_once("</StackId>"))
        .map(|(id, _)| id.to_owned())
        .unwrap_or_else(|| panic!("no StackId in {text}"))
}

/// Plays the awslogs log driver, which moto's ECS does not run: once the cluster's next task
/// is running, writes `lines` to the stream the driver would (`<prefix>/<container>/<id>`).
fn write_output_of_next_task(moto: u16, cluster: &str, lines: &'static [&'static str]) {
    let cluster = cluster.to_owned();
    let before: Vec<Value> = ecs(moto, "ListTasks", json!({"cluster": cluster}))["taskArns"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    std::thread::spawn(move || {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            let now = ecs(moto, "ListTasks", json!({"cluster": cluster}))["taskArns"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if let Some(arn) = now
                .iter()
                .find(|a| !before.contains(a))
                .and_then(Value::as_str)
            {
                let id = arn.rsplit('/').next().unwrap_or_default();
                let stream = format!("migrate/migrate/{id}");
                logs(
                    moto,
                    "CreateLogStream",
                    json!({"logGroupName": MIGRATION_LOGS, "logStreamName": stream}),
                );
                let events: Vec<Value> = lines
                    .iter()
                    .map(|l| json!({"timestamp": plimsoll_runner::wall_clock_ms(), "message": l}))
                    .collect();
                logs(
                    moto,
                    "PutLogEvents",
                    json!({"logGroupName": MIGRATION_LOGS, "logStreamName": stream, "logEvents": events}),
                );
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    });
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
    /// What passed through the Lambda shim.
    shim: Arc<Mutex<lambda_shim::Seen>>,
    /// The StackId of the requests.
    stack_id: String,
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
        let (shim_port, shim) = lambda_shim::start(lambda, FUNCTION_TIMEOUT);
        let log = dir.join("bootstrap.log");
        let started = Instant::now();
        let g = Guard {
            name: "bootstrap",
            child: Command::new(&bootstrap)
                .env(
                    "AWS_LAMBDA_RUNTIME_API",
                    format!("http://127.0.0.1:{shim_port}/.rt"),
                )
                .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/e2e-ecs-runner")
                .env("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/04/[$LATEST]e2e")
                .env("AWS_LAMBDA_FUNCTION_NAME", "_")
                .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
                .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{relay}"))
                // The hand-over to a new invocation goes through the shim to the emulator.
                .env(
                    "AWS_ENDPOINT_URL_LAMBDA",
                    format!("http://127.0.0.1:{shim_port}"),
                )
                .env("AWS_ACCESS_KEY_ID", "test")
                .env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", REGION)
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("PLIMSOLL_RUNNER_TEST_LOOPBACK_RESPONSE_URL", "true")
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
            shim,
            stack_id: STACK_ID.to_owned(),
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
            "StackId": self.stack_id,
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
        assert_eq!(body["StackId"], self.stack_id.as_str());
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
                 "command": ["sh", "-c", "echo migrating"],
                 "logConfiguration": {"logDriver": "awslogs", "options": {
                     "awslogs-group": MIGRATION_LOGS, "awslogs-region": REGION,
                     "awslogs-stream-prefix": "migrate"}}}
            ]
        }),
    );
    logs(
        w.moto,
        "CreateLogGroup",
        json!({"logGroupName": MIGRATION_LOGS}),
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
    // Its output, read from CloudWatch Logs, says where it hung.
    set_transition(w.moto, json!({"progression": "manual", "times": 1_000_000}));
    write_output_of_next_task(
        w.moto,
        "e2e",
        &[
            "Applying 0042_orders_index...",
            "Waiting for table metadata lock on orders",
        ],
    );
    let (body, took) = w.invoke("Update", props(json!({"TimeoutSeconds": "6"})), Some(&id));
    assert_eq!(body["Status"], "FAILED", "{body}");
    assert_eq!(body["PhysicalResourceId"], id.as_str());
    let reason = body["Reason"].as_str().unwrap_or_default().to_owned();
    assert!(
        reason.contains("TimeoutSeconds (6 s)") && reason.contains("StopTask was called"),
        "{reason}"
    );
    assert!(
        reason.contains("last output of migrate (/ecs/e2e migrate/migrate/")
            && reason.contains(
                "Applying 0042_orders_index... ⏎ Waiting for table metadata lock on orders"
            ),
        "{reason}"
    );
    assert!(
        reason.ends_with("[runner log: /aws/lambda/e2e-ecs-runner 2026/12/04/[$LATEST]e2e]"),
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

    // A skipped Update carries the same Data keys as a run, empty.
    let (body, _) = w.invoke(
        "Update",
        props(json!({"RunOn": ["Create"], "Triggers": {"Image": "3"}})),
        Some(&id),
    );
    assert_eq!(body["Status"], "SUCCESS", "{body}");
    assert_eq!(
        body["Data"],
        json!({"TaskArn": "", "TaskArns": "", "ExitCodes": "", "Ran": "false"})
    );

    // A task that outlives an invocation: the first invocation (a real deadline, 45 s away)
    // stops waiting after 15 s and hands over through Lambda's asynchronous Invoke; the
    // second answers SUCCESS once moto lets the task stop, about 25 s in.
    set_transition(w.moto, json!({"progression": "manual", "times": 1_000_000}));
    let moto = w.moto;
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(25));
        set_transition(moto, json!({"progression": "time", "seconds": 1}));
    });
    let (body, took) = w.invoke(
        "Update",
        props(
            json!({"Triggers": {"Image": "4"}, "TimeoutSeconds": "300", "ServiceTimeout": "360"}),
        ),
        Some(&id),
    );
    assert_eq!(body["Status"], "SUCCESS", "{body}");
    assert_eq!(body["Data"]["Ran"], "true");
    assert!(took > Duration::from_secs(25), "{took:?}");
    let (queued, deadlines) = {
        let seen = w.shim.lock().unwrap_or_else(|p| p.into_inner());
        (seen.queued.len(), seen.deadlines.clone())
    };
    assert!(queued >= 1, "no hand-over through Invoke");
    assert!(
        deadlines
            .iter()
            .all(|d| *d > plimsoll_runner::wall_clock_ms() - 3_600_000),
        "every invocation had a real deadline: {deadlines:?}"
    );
    let log = std::fs::read_to_string(&w.log).unwrap_or_default();
    assert!(log.contains("continuation.invoked") && log.contains("continuation.resumed"));
    eprintln!("e2e: hand-over run answered in {took:?} after {queued} hand-over(s)");

    // The Update of a real stack asks CloudFormation (moto) for its status: deploying, so
    // the task runs.
    w.stack_id = create_stack(w.moto, "e2e-stack");
    let (body, _) = w.invoke(
        "Update",
        props(json!({"Triggers": {"Image": "5"}})),
        Some(&id),
    );
    assert_eq!(body["Data"]["Ran"], "true", "{body}");
    let log = std::fs::read_to_string(&w.log).unwrap_or_default();
    assert!(
        log.lines()
            .any(|l| l.contains("stack.status") && l.contains("CREATE_COMPLETE")),
        "DescribeStacks was read"
    );

    // The Update of a rollback does not run the previous migration again, unless
    // RunOnRollback says so.
    w.stack_id = create_stack(w.moto, ROLLING_BACK_STACK);
    let started_before = w.tasks("e2e").len();
    let (body, _) = w.invoke(
        "Update",
        props(json!({"Triggers": {"Image": "4"}})),
        Some(&id),
    );
    assert_eq!(body["Status"], "SUCCESS", "{body}");
    assert_eq!(body["Data"]["Ran"], "false", "{body}");
    assert_eq!(
        w.tasks("e2e").len(),
        started_before,
        "no task on a rollback"
    );
    let (body, _) = w.invoke(
        "Update",
        props(json!({"Triggers": {"Image": "4"}, "RunOnRollback": "true"})),
        Some(&id),
    );
    assert_eq!(body["Data"]["Ran"], "true", "{body}");
    assert_eq!(w.tasks("e2e").len(), started_before + 1);

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
