//! Parsing behaviour: long forms, spans, paths, duplicates and errors.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_template::{NodeRef, ParseErrorKind, Value, parse};

/// Renders a node as compact JSON-like text, to compare trees in one assertion.
fn render(node: NodeRef<'_>) -> String {
    match node.value() {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::String(s) => format!("{s:?}"),
        Value::Seq(_) => {
            let items: Vec<String> = node.items().map(render).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(_) => {
            let entries: Vec<String> = node
                .entries()
                .map(|(k, v)| format!("{k:?}: {}", render(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

fn tree(source: &str) -> String {
    let parsed = parse(source);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    parsed.document.root().map(render).unwrap_or_default()
}

#[test]
fn short_forms_become_long_forms() {
    let source = "\
a: !Ref X
b: !GetAtt Db.Endpoint.Address
c: !GetAtt [Fn, Arn]
d: !Sub '${AWS::StackName}-x'
e: !Sub
  - '${A}'
  - A: !Ref B
f: !If [Cond, !Ref AWS::NoValue, 1]
g: !Join ['', [!Select [0, !Split [',', !ImportValue Out]]]]
h: !FindInMap [M, !Ref AWS::Region, K]
i: !Base64 {Fn::Sub: x}
j: !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]
k: !GetAZs ''
l: !Equals [!Condition C, !Not [!And [!Or [!Condition D]]]]
m: !Transform {Name: AWS::Include}
";
    assert_eq!(
        tree(source),
        r#"{"a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["Db", "Endpoint.Address"]}, "c": {"Fn::GetAtt": ["Fn", "Arn"]}, "d": {"Fn::Sub": "${AWS::StackName}-x"}, "e": {"Fn::Sub": ["${A}", {"A": {"Ref": "B"}}]}, "f": {"Fn::If": ["Cond", {"Ref": "AWS::NoValue"}, 1]}, "g": {"Fn::Join": ["", [{"Fn::Select": [0, {"Fn::Split": [",", {"Fn::ImportValue": "Out"}]}]}]]}, "h": {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "K"]}, "i": {"Fn::Base64": {"Fn::Sub": "x"}}, "j": {"Fn::Cidr": [{"Fn::GetAtt": ["Vpc", "CidrBlock"]}, 6, 8]}, "k": {"Fn::GetAZs": ""}, "l": {"Fn::Equals": [{"Condition": "C"}, {"Fn::Not": [{"Fn::And": [{"Fn::Or": [{"Condition": "D"}]}]}]}]}, "m": {"Fn::Transform": {"Name": "AWS::Include"}}}"#
    );
}

#[test]
fn json_and_yaml_give_the_same_tree() {
    let json = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 5, "Name": {"Fn::Sub": "x"}}}}}"#;
    let yaml = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: 5\n      Name: !Sub x\n";
    assert_eq!(tree(json), tree(yaml));
    assert_eq!(
        parse(json).document.format(),
        plimsoll_template::Format::Json
    );
}

#[test]
fn spans_and_paths_point_at_the_source() {
    let source = "Resources:\n  Api:\n    Type: AWS::ECS::Service\n    Properties:\n      DesiredCount: !Ref Count\n";
    let parsed = parse(source);
    let root = parsed.document.root().unwrap();
    let count = root
        .get_path(&["Resources", "Api", "Properties", "DesiredCount"])
        .unwrap();
    assert_eq!(count.path(), "/Resources/Api/Properties/DesiredCount");
    assert_eq!(count.span().text(source), "!Ref Count");
    assert_eq!(count.key_span().text(source), "DesiredCount");
    let (name, arg) = count.intrinsic().unwrap();
    assert_eq!((name, arg.as_str()), ("Ref", Some("Count")));
    assert_eq!(arg.span().text(source), "Count");
    assert_eq!(arg.path(), "/Resources/Api/Properties/DesiredCount/Ref");
    let api = root.get_path(&["Resources", "Api"]).unwrap();
    assert_eq!(
        api.span().text(source),
        "Type: AWS::ECS::Service\n    Properties:\n      DesiredCount: !Ref Count"
    );
}

#[test]
fn get_att_parts_have_their_own_spans() {
    let source = "x: !GetAtt Db.Endpoint.Address\n";
    let parsed = parse(source);
    let args = parsed
        .document
        .root()
        .unwrap()
        .get_path(&["x", "Fn::GetAtt"])
        .unwrap();
    let spans: Vec<&str> = args.items().map(|n| n.span().text(source)).collect();
    assert_eq!(spans, ["Db", "Endpoint.Address"]);
}

#[test]
fn pointer_segments_are_escaped() {
    let parsed = parse("\"a/b\":\n  \"c~d\": [1, 2]\n");
    let node = parsed
        .document
        .root()
        .unwrap()
        .get_path(&["a/b", "c~d"])
        .unwrap();
    assert_eq!(node.at(1).unwrap().path(), "/a~1b/c~0d/1");
}

#[test]
fn every_duplicate_key_is_reported_and_the_first_value_kept() {
    let source = "a: 1\nb:\n  c: 2\n  c: 3\na: 4\na: 5\n";
    let parsed = parse(source);
    let duplicates: Vec<(String, &str, &str)> = parsed
        .diagnostics
        .iter()
        .map(|d| match &d.kind {
            ParseErrorKind::DuplicateKey { key, first } => {
                (key.clone(), d.span.text(source), first.text(source))
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(duplicates.len(), 3);
    assert!(
        duplicates
            .iter()
            .all(|(k, at, first)| k == at && k == first)
    );
    let root = parsed.document.root().unwrap();
    assert_eq!(render(root), r#"{"a": 1, "b": {"c": 2}}"#);
    // The second `c` and the later `a`s are reported at their own lines.
    let lines: Vec<usize> = parsed
        .diagnostics
        .iter()
        .map(|d| source[..d.span.start as usize].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [4, 5, 6]);
}

#[test]
fn duplicates_in_large_mappings_use_the_index() {
    let mut source: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
    source.push_str("k42: again\n");
    let parsed = parse(&source);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert!(
        matches!(&parsed.diagnostics[0].kind, ParseErrorKind::DuplicateKey { key, .. } if key == "k42")
    );
}

#[test]
fn syntax_errors_have_a_position_and_stop_parsing() {
    let source = "a: 1\nb: [1, 2\nc: 3\n";
    let parsed = parse(source);
    assert!(!parsed.is_complete());
    let error = &parsed.diagnostics[0];
    assert_eq!(error.kind, ParseErrorKind::Syntax);
    assert!(error.span.start as usize > source.find('[').unwrap());
}

#[test]
fn unknown_tags_are_reported_and_ignored() {
    let source = "a: !Reff X\n";
    let parsed = parse(source);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].span.text(source), "!Reff");
    assert_eq!(render(parsed.document.root().unwrap()), r#"{"a": "X"}"#);
}

#[test]
fn quoted_scalars_stay_strings_and_core_tags_apply() {
    assert_eq!(
        tree("a: '100'\nb: 100\nc: !!str 5\nd: 5.7\ne: ~\nf: \"true\"\n"),
        r#"{"a": "100", "b": 100, "c": "5", "d": 5.7, "e": null, "f": "true"}"#
    );
}

#[test]
fn aliases_are_expanded() {
    assert_eq!(
        tree("base: &b {x: 1, y: [2]}\ncopy: *b\n"),
        r#"{"base": {"x": 1, "y": [2]}, "copy": {"x": 1, "y": [2]}}"#
    );
    let parsed = parse("base: &b {x: 1}\ncopy: *b\n");
    let copy = parsed
        .document
        .root()
        .unwrap()
        .get_path(&["copy", "x"])
        .unwrap();
    assert_eq!(copy.path(), "/copy/x");
}

#[test]
fn a_second_document_is_reported() {
    let parsed = parse("a: 1\n---\nb: 2\n");
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].kind, ParseErrorKind::Unsupported);
    assert_eq!(render(parsed.document.root().unwrap()), r#"{"a": 1}"#);
}

#[test]
fn complex_keys_are_reported_and_skipped() {
    let parsed = parse("? [a, b]\n: 1\nc: 2\n");
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(render(parsed.document.root().unwrap()), r#"{"c": 2}"#);
}

#[test]
fn non_ascii_text_keeps_byte_spans_exact() {
    let source = "Description: «é😀»\nName: !Ref Ünïcode\n";
    let parsed = parse(source);
    let name = parsed
        .document
        .root()
        .unwrap()
        .get_path(&["Name", "Ref"])
        .unwrap();
    assert_eq!(name.span().text(source), "Ünïcode");
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let source = "\u{feff}a: 1\r\nb: !Ref X\r\n";
    let parsed = parse(source);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let b = parsed.document.root().unwrap().get("b").unwrap();
    assert_eq!(b.span().text(source), "!Ref X");
}

#[test]
fn under_indented_flow_content_is_read_as_cloudformation_does() {
    let source = "\
Policy:
  Doc: {
    \"Effect\": \"Allow\"
  }
  Text: \"first
  second\"
  After: !Ref X
";
    let parsed = parse(source);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let policy = parsed.document.root().unwrap().get("Policy").unwrap();
    assert_eq!(
        render(policy),
        r#"{"Doc": {"Effect": "Allow"}, "Text": "first second", "After": {"Ref": "X"}}"#
    );
    // Spans still point into the original text.
    assert_eq!(policy.get("After").unwrap().span().text(source), "!Ref X");
    assert_eq!(
        policy.get("Doc").unwrap().span().text(source),
        "{\n    \"Effect\": \"Allow\"\n  }"
    );
}

#[test]
fn json_and_yaml_surrogate_pairs_are_one_character() {
    let json = r#"{"Description": "go \ud83d\ude80 \uD83D\uDE00!", "K\ud83d\ude80": "\\ud83d"}"#;
    assert_eq!(
        tree(json),
        r#"{"Description": "go 🚀 😀!", "K🚀": "\\ud83d"}"#
    );
    let yaml = "a: \"\\ud83d\\ude80\"\nb: !Ref \"x\\ud83d\\ude80y\"\n";
    assert_eq!(tree(yaml), r#"{"a": "🚀", "b": {"Ref": "x🚀y"}}"#);
    // Spans still point into the original text.
    let parsed = parse(json);
    let root = parsed.document.root().unwrap();
    let key = root.entries().nth(1).map(|(_, v)| v.key_span()).unwrap();
    assert_eq!(key.text(json), r#""K\ud83d\ude80""#);
    assert_eq!(
        root.get("Description").unwrap().span().text(json),
        r#""go \ud83d\ude80 \uD83D\uDE00!""#
    );
}

#[test]
fn a_lone_surrogate_is_a_positioned_problem_and_the_rest_is_read() {
    let source = "{\"a\": \"x\\ud83dy\", \"b\": \"\\ude80\", \"c\": {\"Ref\": \"Z\"}}";
    let parsed = parse(source);
    assert!(parsed.is_complete(), "{:?}", parsed.diagnostics);
    let spans: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.kind, ParseErrorKind::InvalidEscape);
            d.span.text(source)
        })
        .collect();
    assert_eq!(spans, ["\\ud83d", "\\ude80"]);
    assert_eq!(
        render(parsed.document.root().unwrap()),
        "{\"a\": \"x\u{fffd}y\", \"b\": \"\u{fffd}\", \"c\": {\"Ref\": \"Z\"}}"
    );
}

#[test]
fn surrogate_escapes_outside_double_quotes_are_text() {
    let source = "\
a: '\\ud83d\\ude80'
b: \\ud83d\\ude80 # \\ud800
c: |
  \\ud800
d: \"\\ud83d\\ude80\"
";
    assert_eq!(
        tree(source),
        r#"{"a": "\\ud83d\\ude80", "b": "\\ud83d\\ude80", "c": "\\ud800\n", "d": "🚀"}"#
    );
}

#[test]
fn lone_cr_line_ends_read_like_lf() {
    let lf = "a: 1\nb: {\n  c: 2\n}\nd: \"x\n y\"\ne: !Ref X\n";
    let cr = lf.replace('\n', "\r");
    let (lf_parsed, cr_parsed) = (parse(lf), parse(&cr));
    assert!(
        cr_parsed.diagnostics.is_empty(),
        "{:?}",
        cr_parsed.diagnostics
    );
    let (lf_root, cr_root) = (
        lf_parsed.document.root().unwrap(),
        cr_parsed.document.root().unwrap(),
    );
    assert_eq!(render(cr_root), render(lf_root));
    assert_eq!(
        cr_root.get("e").unwrap().span(),
        lf_root.get("e").unwrap().span()
    );
}

#[test]
fn only_core_tags_and_short_forms_are_read() {
    assert_eq!(
        tree(
            "a: !!int '5'\nb: !!bool 'true'\nc: !!null ''\nd: !!float '1.5'\ne: !!map {x: 1}\nf: !!seq [1]\n"
        ),
        r#"{"a": 5, "b": true, "c": null, "d": 1.5, "e": {"x": 1}, "f": [1]}"#
    );
    let source = "\
a: !!binary aGVsbG8=
b: !!python/object/apply:os.system [echo]
c: !!timestamp 2001-12-14
d: !!set {x: null}
e: !!map [1]
f: !<tag:yaml.org,2002:omap> [x]
";
    let parsed = parse(source);
    let tags: Vec<(&str, String)> = parsed
        .diagnostics
        .iter()
        .map(|d| match &d.kind {
            ParseErrorKind::UnknownTag { tag } => (d.span.text(source), tag.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(tags.len(), 6, "{tags:?}");
    assert_eq!(tags[0], ("!!binary", "!!binary".to_owned()));
    assert_eq!(tags[1].0, "!!python/object/apply:os.system");
    assert_eq!(tags[2].0, "!!timestamp");
    assert_eq!(tags[3].0, "!!set");
    assert_eq!(tags[4].0, "!!map");
    // The values are read without their tags.
    assert_eq!(
        render(parsed.document.root().unwrap()),
        r#"{"a": "aGVsbG8=", "b": ["echo"], "c": "2001-12-14", "d": {"x": null}, "e": [1], "f": ["x"]}"#
    );
}

#[test]
fn yaml_merge_keys_are_reported_but_json_keys_named_so_are_not() {
    let source = "base: &b {x: 1}\ncopy:\n  <<: *b\n  y: 2\n";
    let parsed = parse(source);
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    assert_eq!(parsed.diagnostics[0].kind, ParseErrorKind::Unsupported);
    assert_eq!(parsed.diagnostics[0].span.text(source), "<<");
    assert!(parsed.diagnostics[0].message.contains("merge"));
    assert_eq!(tree("{\"<<\": 1, '<<x': 2}"), r#"{"<<": 1, "<<x": 2}"#);
}
