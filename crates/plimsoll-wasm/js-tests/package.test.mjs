// The npm package as Node sees it: require the built package directory and lint templates.
// Run by `cargo xtask test --stage npm` (PLIMSOLL_NPM_PACKAGE points at the package).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.PLIMSOLL_NPM_PACKAGE;
assert.ok(dir, 'set PLIMSOLL_NPM_PACKAGE to the built package directory');
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
const plimsoll = require(path.join(dir, manifest.main));

const SERVICE = `
Parameters:
  ImageTag:
    Type: String
    Default: latest
Resources:
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Image: !Sub registry.example.com/app:\${ImageTag}
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref Nowhere
`;

test('the package declares its files and they exist', () => {
  for (const file of manifest.files) {
    assert.ok(readFileSync(path.join(dir, file)).length > 0, file);
  }
  assert.equal(manifest.types, 'plimsoll.d.ts');
  const types = readFileSync(path.join(dir, manifest.types), 'utf8');
  assert.match(types, /export function lint\(source: string, options\?: LintOptions( \| null)?( \| undefined)?\): LintResult;/);
  assert.match(types, /export interface Finding \{/);
  assert.match(types, /export function rules\(\): RuleInfo\[\];/);
  // cfn-guard's own bindings are not the package's API.
  assert.doesNotMatch(types, /ValidateBuilder|export (class|enum) /);
});

test('version() is the package version', () => {
  assert.equal(plimsoll.version(), manifest.version);
});

test('lint() returns plain findings whose offsets slice the source', () => {
  const source = `Description: "Café ☕ 😀"\n${SERVICE}`;
  const result = plimsoll.lint(source);
  assert.equal(Object.getPrototypeOf(result), Object.prototype);
  const unresolved = result.findings.find((f) => f.code === 'TPL003');
  assert.ok(unresolved, JSON.stringify(result.findings));
  assert.equal(unresolved.severity, 'error');
  assert.equal(unresolved.rule, 'unresolved-reference');
  assert.match(source.slice(unresolved.range.start.offset, unresolved.range.end.offset), /Nowhere/);
  const lines = source.split('\n');
  const { line, column } = unresolved.range.start;
  assert.equal(lines[line - 1].slice(column - 1).startsWith(source.slice(unresolved.range.start.offset).split('\n')[0]), true);
  assert.equal(unresolved.path.startsWith('/Resources/Queue'), true);
  assert.deepEqual(result.parameters.map((p) => [p.name, p.default, p.noEcho]), [['ImageTag', 'latest', false]]);
  const counts = result.counts.errors + result.counts.warnings + result.counts.infos;
  assert.equal(counts, result.findings.length);
});

test('parameter overrides change the findings', () => {
  const tagged = (r) => r.findings.filter((f) => f.code === 'ECS007');
  assert.equal(tagged(plimsoll.lint(SERVICE)).length, 1);
  assert.equal(tagged(plimsoll.lint(SERVICE, { parameters: { ImageTag: '97e4abf' } })).length, 0);
});

test('services carry the rollout simulation', () => {
  const service = `
Resources:
  Api:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 1
      TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/app:1
      DeploymentConfiguration: {MinimumHealthyPercent: 50, MaximumPercent: 100}
`;
  const result = plimsoll.lint(service);
  assert.ok(result.findings.some((f) => f.code === 'ECS001'));
  assert.deepEqual(result.services.map((s) => [s.name, s.outcome, s.minTasks, s.maxTasks]), [['Api', 'deadlock', 1, 1]]);
  assert.deepEqual(result.services[0].steps, [{ old: 1, new: 0 }]);
});

test('options select, ignore and re-grade rules', () => {
  assert.deepEqual(plimsoll.lint(SERVICE, { ignore: ['TPL', 'ECS'] }).findings, []);
  const only = plimsoll.lint(SERVICE, { select: ['TPL003'] }).findings;
  assert.deepEqual(only.map((f) => f.code), ['TPL003']);
  const info = plimsoll.lint(SERVICE, { select: ['TPL003'], severity: { TPL: 'info' } });
  assert.equal(info.findings[0].severity, 'info');
  assert.equal(info.counts.infos, 1);
});

test('bad options throw; bad templates are findings', () => {
  assert.throws(() => plimsoll.lint(SERVICE, { selct: ['ECS'] }), (e) => /selct/.test(e.message) && !/line \d+ column/.test(e.message));
  assert.throws(() => plimsoll.lint(SERVICE, { parameters: { X: { a: 1 } } }), /`X`/);
  for (const garbage of ['{{{: [', '\u0000\u0001', 'a: *nope', '- - - -', '']) {
    const result = plimsoll.lint(garbage);
    assert.ok(Array.isArray(result.findings), garbage);
  }
  assert.ok(plimsoll.lint('{{{: [').findings.some((f) => f.code === 'TPL001'));
  const big = 'Resources:\n' + Array.from({ length: 20000 }, (_, i) => `  Q${i}:\n    Type: AWS::SQS::Queue\n`).join('');
  assert.ok(big.length > 500000);
  assert.deepEqual(plimsoll.lint(big).findings.filter((f) => f.severity === 'error'), []);
});

test('rules() and explain() come from the catalog', () => {
  const all = plimsoll.rules();
  assert.ok(all.length >= 4);
  const tpl003 = all.find((r) => r.code === 'TPL003');
  assert.deepEqual(Object.keys(tpl003).sort(), ['code', 'kind', 'name', 'severity', 'summary']);
  assert.equal(tpl003.kind, 'rust');
  assert.ok(tpl003.summary.length > 10);
  assert.match(plimsoll.explain('tpl003'), /^# TPL003 unresolved-reference\n\nDefault severity: \*\*error\*\*/);
  assert.match(plimsoll.explain('tpl003'), /^## What it does/m);
  assert.ok(all.every((r) => r.summary.length <= 100 && !r.summary.includes('\n')), 'one-line summaries');
  assert.equal(plimsoll.explain('NOPE999'), undefined);
});

test('guard rules of your own report with positions; a broken file throws where', () => {
  const rules = `let services = Resources.*[ Type == 'AWS::ECS::Service' ]

# code: ORG001
# severity: warning
# fix: tag the service with its team
rule ORG001_services_have_tags when %services !empty {
    %services.Properties.Tags exists
}
`;
  const service = `Resources:
  Api:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 2
      TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/app:1
`;
  const result = plimsoll.lint(service, { guardRules: [{ name: 'org.guard', text: rules }] });
  const own = result.findings.find((f) => f.code === 'ORG001');
  assert.ok(own, JSON.stringify(result.findings.map((f) => f.code)));
  assert.equal(own.severity, 'warning');
  assert.equal(own.help, 'tag the service with its team');
  assert.match(service.slice(own.range.start.offset, own.range.end.offset), /Properties|Api/);
  // The built-in packs run too: no circuit breaker is ECS005.
  assert.ok(result.findings.some((f) => f.code === 'ECS005'));
  assert.ok(!plimsoll.lint(service).findings.some((f) => f.code === 'ORG001'));

  const broken = rules.replace('exists\n', 'exists\n    %services.Properties.\n');
  assert.throws(
    () => plimsoll.lint(service, { guardRules: [{ name: 'org.guard', text: broken }] }),
    (e) => e.file === 'org.guard' && e.line === 8 && e.column >= 1 && /^org\.guard:8:\d+: syntax error/.test(e.message),
  );
});

test('the built-in guard rules run, with positions and parameter values', () => {
  const template = [
    'Parameters:',
    '  MinHealthy:',
    '    Type: Number',
    '    Default: 150',
    'Resources:',
    '  Migrate:',
    '    Type: Custom::Migration',
    '    Properties: {}',
    '  Service:',
    '    Type: AWS::ECS::Service',
    '    Properties:',
    '      DeploymentConfiguration:',
    '        MinimumHealthyPercent: !Ref MinHealthy',
    '        DeploymentCircuitBreaker: {Enable: true, Rollback: true}',
    '',
  ].join('\n');
  const found = (options) =>
    plimsoll
      .lint(template, options)
      .findings.filter((f) => f.code === 'CFR001' || f.code === 'ECS003')
      .map((f) => `${f.code} ${f.range.start.line}:${f.range.start.column}`);
  assert.deepEqual(found(), ['CFR001 6:3', 'ECS003 13:32']);
  assert.deepEqual(found({ parameters: { MinHealthy: '50' } }), ['CFR001 6:3']);
  assert.equal(plimsoll.rules().find((r) => r.code === 'ECS003').kind, 'guard');
});

test('a panic throws a clear Error and the next call works', () => {
  // cfn-guard panics when a rule's regular expression reaches fancy-regex's backtracking
  // limit; in wasm a panic aborts the module, which starts afresh at the next call.
  const template = [
    'Resources:',
    '  T:',
    '    Type: AWS::SNS::Topic',
    '    Properties: {TopicName: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}',
    '  U:',
    '    Type: AWS::SNS::Topic',
    '    DependsOn: Missing',
    '',
  ].join('\n');
  const guardRules = [{ name: 'r.guard', text: 'rule r when Resources exists {\n  Resources.*.Properties.TopicName IN [/^(a+)+(?!x)b$/]\n}\n' }];
  for (let round = 0; round < 2; round += 1) {
    assert.throws(
      () => plimsoll.lint(template, { guardRules }),
      (e) => e instanceof Error && /^plimsoll: internal error: .*it panicked: /.test(e.message),
    );
    const after = plimsoll.lint(template);
    assert.deepEqual(after.findings.map((f) => f.code), ['TPL003']);
    assert.ok(plimsoll.lint(SERVICE).findings.some((f) => f.code === 'TPL003'));
    assert.equal(plimsoll.version(), manifest.version);
  }
});
