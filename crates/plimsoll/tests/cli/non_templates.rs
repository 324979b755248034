//! The YAML and JSON a repository holds besides its templates, named the way pre-commit names
//! every staged file: skipped whether it parses or not, while a template that does not parse
//! is still a syntax error (TPL001, exit 1) however it is given.

use crate::support::*;

/// A Helm chart's template: Go template actions make it something other than YAML.
const HELM_DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "shop.fullname" . }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "shop.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: {{ .Release.Name }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          ports:
            - containerPort: {{ .Values.service.port }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
"#;

const HELM_SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  ports:\n    - port: 80\n";

const HELM_CHART: &str = "apiVersion: v2\nname: shop\ndescription: The shop's web tier\nversion: 0.3.1\nappVersion: \"2.4.0\"\n";

const HELM_VALUES: &str = "replicaCount: 2\nimage:\n  repository: registry.example.com/shop\n  tag: \"\"\nservice:\n  port: 8080\nresources:\n  limits:\n    cpu: 500m\n    memory: 256Mi\nautoscaling:\n  enabled: false\n";

const K8S_MANIFEST: &str = r#"# Rendered manifests for the staging cluster.
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/shop:2.4.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
"#;

const WORKFLOW_OK: &str = "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --locked\n";

/// The issue's reproduction: a workflow being edited, its bracket not closed yet.
const WORKFLOW_BROKEN: &str = "name: ci\non: [push\n";

const COMPOSE: &str = r#"x-service: &service
  restart: unless-stopped
  logging:
    driver: json-file
    options: {max-size: 10m}

services:
  web:
    <<: *service
    image: registry.example.com/shop:2.4.0
    ports: ["8080:8080"]
    depends_on: [db]
  db:
    <<: *service
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db
"#;

const MKDOCS: &str = r#"site_name: Shop handbook
theme:
  name: material
markdown_extensions:
  - admonition
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"#;

const TSCONFIG: &str = r#"{
  // Shared compiler settings for the front end.
  "compilerOptions": {
    "target": "ES2022",
    "strict": true, /* no implicit any */
    "paths": {"@/*": ["./src/*"]},
  },
  "include": ["src"],
}
"#;

/// A CodeDeploy AppSpec for an ECS blue/green deployment: a top-level `Resources`, but a list.
const APPSPEC: &str = r#"version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "arn:aws:ecs:eu-west-1:111122223333:task-definition/shop:7"
        LoadBalancerInfo:
          ContainerName: web
          ContainerPort: 8080
Hooks:
  - AfterAllowTestTraffic: "arn:aws:lambda:eu-west-1:111122223333:function:smoke-test"
"#;

/// A template with a colon missing after a property name: a syntax error, whatever else.
const BROKEN_TEMPLATE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: The shop's queue\nResources:\n  Orders:\n    Type AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n";

/// The same error on the `Resources` line itself.
const BROKEN_RESOURCES_LINE: &str = "Resources\n  Orders:\n    Type: AWS::SQS::Queue\n";

/// Every file a chart-and-tooling repository stages, none of them a template.
const NON_TEMPLATES: [(&str, &str); 11] = [
    ("chart/templates/deployment.yaml", HELM_DEPLOYMENT),
    ("chart/templates/service.yaml", HELM_SERVICE),
    ("chart/Chart.yaml", HELM_CHART),
    ("chart/values.yaml", HELM_VALUES),
    ("deploy/staging.yaml", K8S_MANIFEST),
    (".github/workflows/ci.yml", WORKFLOW_OK),
    ("ci/draft.yml", WORKFLOW_BROKEN),
    ("docker-compose.yml", COMPOSE),
    ("mkdocs.yml", MKDOCS),
    ("tsconfig.json", TSCONFIG),
    ("appspec.yaml", APPSPEC),
];

fn names() -> Vec<&'static str> {
    NON_TEMPLATES.iter().map(|(name, _)| *name).collect()
}

#[test]
fn named_files_that_are_not_templates_are_skipped_whether_they_parse_or_not() {
    let dir = scratch(&NON_TEMPLATES);
    let mut args = vec!["check"];
    args.extend(names());
    let (code, out, err) = run(plimsoll_in(dir.path(), &args));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("No problems found in 0 templates."), "{out}");
    for name in names() {
        assert!(
            err.contains(&format!(
                "note: skipped {name}: not a CloudFormation template"
            )),
            "{name}: {err}"
        );
    }

    // As the pre-commit hook runs it: nothing to say at all.
    let mut args = vec!["check", "--quiet"];
    args.extend(names());
    let (code, out, err) = run(plimsoll_in(dir.path(), &args));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn the_issue_reproductions_exit_0() {
    let dir = scratch(&[
        ("x.yml", WORKFLOW_BROKEN),
        (
            "chart/templates/deployment.yaml",
            "name: {{ .Release.Name }}\n",
        ),
    ]);
    for name in ["x.yml", "chart/templates/deployment.yaml"] {
        let (code, out, err) = run(plimsoll_in(dir.path(), &["check", "--quiet", name]));
        assert_eq!(code, 0, "{name}: {out}{err}");
    }
}

#[test]
fn directories_skip_them_silently() {
    let dir = scratch(&NON_TEMPLATES);
    let (code, out, err) = run(plimsoll_in(dir.path(), &["check", "."]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.is_empty(), "{err}");
    assert!(out.contains("No problems found in 0 templates."), "{out}");
}

#[test]
fn standard_input_that_is_not_a_template_is_skipped_with_a_note() {
    for (name, text) in [
        ("deployment.yaml", HELM_DEPLOYMENT),
        ("ci.yml", WORKFLOW_BROKEN),
    ] {
        let mut cmd = plimsoll(&["check", "--stdin-filename", name, "-"]);
        cmd.write_stdin(text);
        let (code, out, err) = run(cmd);
        assert_eq!(code, 0, "{name}: {out}{err}");
        assert!(
            err.contains(&format!(
                "note: skipped {name}: not a CloudFormation template"
            )),
            "{err}"
        );
    }
}

#[test]
fn a_broken_template_among_them_is_a_syntax_error_in_every_mode() {
    let mut tree = NON_TEMPLATES.to_vec();
    tree.push(("stacks/queue.yaml", BROKEN_TEMPLATE));
    tree.push(("stacks/orders.yaml", BROKEN_RESOURCES_LINE));
    let dir = scratch(&tree);
    let broken = ["stacks/orders.yaml", "stacks/queue.yaml"];

    let mut named = vec!["check", "--quiet", "-f", "json"];
    named.extend(names());
    named.extend(broken);
    for args in [named, vec!["check", "-f", "json", "."]] {
        let (code, report) = json(plimsoll_in(dir.path(), &args));
        assert_eq!(code, 1, "{args:?}: {report}");
        assert_eq!(codes(&report), ["TPL001", "TPL001"], "{args:?}: {report}");
        assert_eq!(files(&report), broken, "{args:?}");
        assert_eq!(report["summary"]["files"], 2, "{args:?}: {report}");
    }

    let mut cmd = plimsoll(&["check", "-f", "json", "-"]);
    cmd.write_stdin(BROKEN_TEMPLATE);
    let (code, report) = json(cmd);
    assert_eq!(code, 1, "{report}");
    assert_eq!(codes(&report), ["TPL001"]);
    assert_eq!(report["diagnostics"][0]["range"]["start"]["line"], 6);
}

#[test]
fn broken_json_and_flow_templates_are_syntax_errors_too() {
    let dir = scratch(&[
        (
            "missing-comma.json",
            "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\"\n  \"Resources\": {}\n}\n",
        ),
        (
            "no-version.json",
            "{\"Resources\": {\"Orders\": {\"Type\": \"AWS::SQS::Queue}}}\n",
        ),
        (
            "serverless.template",
            "{\"Transform\": \"AWS::Serverless-2016-10-31\", \"Globals\": {\"Function\": {\"Timeout\": 3}}\n",
        ),
    ]);
    let (code, report) = json(plimsoll_in(dir.path(), &["check", "-f", "json", "."]));
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["summary"]["files"], 3, "{report}");
    assert!(codes(&report).iter().all(|c| c == "TPL001"), "{report}");
}
