// The package's `plimsoll` command as CDK users run it: the package is packed, and npm's own
// `npm exec` installs the tarball (offline) and runs its bin. Its output and exit code must be
// the native CLI's, byte for byte, on the examples, on a cloud assembly, on configuration and
// usage errors and on hostile inputs; the few things WASI cannot do alike are checked as
// documented (crates/plimsoll-wasm/README.md).
// Run by `cargo xtask test --stage npm` (PLIMSOLL_NPM_PACKAGE: the built package directory,
// PLIMSOLL_NATIVE_CLI: the native binary to compare with).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = process.env.PLIMSOLL_NPM_PACKAGE;
const native = process.env.PLIMSOLL_NATIVE_CLI;
assert.ok(packageDir, 'set PLIMSOLL_NPM_PACKAGE to the built package directory');
assert.ok(native, 'set PLIMSOLL_NATIVE_CLI to the native plimsoll binary');
const examples = fileURLToPath(new URL('../../../examples', import.meta.url));

let tmp;
let work;
let tarball;
/** npm without the network, its cache and settings apart from the user's. */
let npmEnv;

before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'plimsoll-npx-')));
  npmEnv = {
    ...process.env,
    npm_config_cache: path.join(tmp, 'npm-cache'),
    npm_config_userconfig: path.join(tmp, 'npmrc'),
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'error',
  };
  delete npmEnv.NO_COLOR;
  const packed = execFileSync('npm', ['pack', packageDir, '--pack-destination', tmp, '--json'], {
    cwd: tmp,
    env: npmEnv,
    encoding: 'utf8',
  });
  tarball = path.join(tmp, JSON.parse(packed)[0].filename);
  work = path.join(tmp, 'work');
  fs.cpSync(examples, path.join(work, 'examples'), { recursive: true });
  cloudAssembly(path.join(work, 'app', 'cdk.out'));
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A cloud assembly as `cdk synth` writes it: manifests, the construct tree, stack templates
 * (a nested one and a stage's), and an asset directory whose template must not be checked. */
function cloudAssembly(dir) {
  const stack = fs.readFileSync(path.join(examples, 'cdk/cdk.out/WebStack.template.json'), 'utf8');
  const write = (name, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  write('cdk.out', '{"version":"36.0.0"}\n');
  write('manifest.json', '{"version":"36.0.0","artifacts":{"WebStack":{"type":"aws:cloudformation:stack"}}}\n');
  write('tree.json', '{"version":"tree-0.1","tree":{"id":"App","path":"","children":{}}}\n');
  write('WebStack.assets.json', '{"version":"36.0.0","files":{}}\n');
  write('WebStack.template.json', stack);
  write('WebStackNested1234ABCD.nested.template.json', fs.readFileSync(path.join(examples, 'deployment-deadlock.yaml'), 'utf8'));
  write('asset.0123456789abcdef/template.yaml', fs.readFileSync(path.join(examples, 'broad-iam.yaml'), 'utf8'));
  write('asset.0123456789abcdef/index.js', 'exports.handler = async () => {};\n');
  write('assembly-Prod/cdk.out', '{"version":"36.0.0"}\n');
  write('assembly-Prod/manifest.json', '{"version":"36.0.0","artifacts":{}}\n');
  write('assembly-Prod/ProdWebStack.template.json', stack);
}

/** Writes files under `work/dir`; a value `{ link }` makes a symbolic link. */
function scratch(dir, files) {
  const root = path.join(work, dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'object') fs.symlinkSync(content.link, file);
    else fs.writeFileSync(file, content);
  }
  return root;
}

function run(program, args, cwd, input) {
  const started = process.hrtime.bigint();
  const r = spawnSync(program, args, { cwd, input, env: npmEnv, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.error, undefined, `${program}: ${r.error}`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms };
}

/** `plimsoll ARGS` natively and through `npm exec` in `work/dir`. */
function both(dir, args, input) {
  const cwd = path.join(work, dir);
  return {
    native: run(native, args, cwd, input),
    npx: run('npm', ['exec', '--yes', `--package=${tarball}`, '--', 'plimsoll', ...args], cwd, input),
  };
}

/** The same exit code, standard output and standard error from both; returns them. */
function same(dir, args, expected, input) {
  const { native: n, npx: x } = both(dir, args, input);
  const what = `plimsoll ${args.join(' ')} (in ${dir})`;
  assert.equal(x.stderr, n.stderr, `${what}: standard error`);
  assert.equal(x.stdout, n.stdout, `${what}: standard output`);
  assert.equal(x.status, n.status, `${what}: exit code`);
  assert.equal(n.status, expected, `${what}: ${n.stderr}`);
  return { native: n, npx: x };
}

test('the examples: JSON, text and SARIF as natively', (t) => {
  const { native: n, npx: x } = same('.', ['check', '-f', 'json', 'examples'], 1);
  assert.ok(JSON.parse(n.stdout).summary.files >= 5, n.stdout);
  same('.', ['check', 'examples'], 1);
  same('.', ['check', '--format', 'sarif', 'examples'], 1);
  same('.', ['check', '--color', 'always', 'examples/deployment-deadlock.yaml'], 1);
  // One run each, on a package already installed in npm's cache.
  t.diagnostic(`examples/: native ${n.ms.toFixed(0)} ms, npm exec ${x.ms.toFixed(0)} ms (×${(x.ms / n.ms).toFixed(1)})`);
});

test('a cloud assembly: its stack templates only, with their construct paths', () => {
  const { native: n } = same('app', ['check', '-f', 'json', 'cdk.out'], 1);
  const files = [...new Set(JSON.parse(n.stdout).diagnostics.map((d) => d.file))].sort();
  assert.deepEqual(files, [
    'cdk.out/WebStack.template.json',
    'cdk.out/WebStackNested1234ABCD.nested.template.json',
    'cdk.out/assembly-Prod/ProdWebStack.template.json',
  ]);
  assert.ok(JSON.parse(n.stdout).diagnostics.some((d) => d.cdkPath), n.stdout);
  same('app', ['check', 'cdk.out'], 1);
  same('app', ['check', '-f', 'sarif', 'cdk.out'], 1);
  same('app', ['check', '--select', 'TPL', '.'], 0);
});

test('paths print as they were given: absolute, relative, upward and through links', () => {
  const file = path.join(work, 'examples', 'broad-iam.yaml');
  scratch('linked', { 'a.yaml': fs.readFileSync(file, 'utf8'), 'b.yaml': { link: 'a.yaml' } });
  same('app', ['check', file, '../examples/deployment-deadlock.yaml', './cdk.out/WebStack.template.json'], 1);
  same('linked', ['check', '-f', 'json', 'b.yaml', 'a.yaml', '.'], 1);
});

test('standard input', () => {
  const template = fs.readFileSync(path.join(work, 'examples', 'deployment-deadlock.yaml'), 'utf8');
  same('.', ['check', '-f', 'json', '--stdin-filename', 'stacks/web.yaml', '-'], 1, template);
  same('.', ['check', '-'], 0, '');
});

test('a closed standard input is an error, not an empty template', () => {
  // `sh` closes descriptor 0 and runs the command: natively, and `npm exec` in front of the bin.
  const closed = (program, ...args) =>
    run('sh', ['-c', 'exec "$@" <&-', 'sh', program, ...args], path.join(work, '.'));
  const n = closed(native, 'check', '-');
  const x = closed('npm', 'exec', '--yes', `--package=${tarball}`, '--', 'plimsoll', 'check', '-');
  assert.match(n.stderr, /standard input is closed/);
  assert.deepEqual([x.status, x.stdout, x.stderr], [n.status, n.stdout, n.stderr]);
});

test('usage errors and the catalog', () => {
  same('.', ['check', '--format', 'nope', 'examples'], 2);
  same('.', ['check', '--bogus'], 2);
  same('.', ['check', '--select', 'NOPE999', 'examples'], 2);
  same('.', ['frobnicate'], 2);
  same('.', ['--version'], 0);
  same('.', ['rules', '--format', 'json'], 0);
  same('.', ['explain', 'ECS001'], 0);
  same('.', ['explain', 'XYZ123'], 2);
});

test('plimsoll.toml: found upward, applied, and its errors', () => {
  const dir = scratch('configured', {
    'plimsoll.toml': 'ignore = ["IAM"]\nfail-on = "warning"\n',
    'stacks/iam.yaml': fs.readFileSync(path.join(work, 'examples', 'broad-iam.yaml'), 'utf8'),
    'stacks/web.yaml': fs.readFileSync(path.join(work, 'examples', 'deployment-deadlock.yaml'), 'utf8'),
  });
  same('configured/stacks', ['check', '-f', 'json'], 1);
  same('configured', ['check', '--no-config', 'stacks'], 1);
  same('configured', ['check', '--config', path.join(dir, 'plimsoll.toml'), 'stacks'], 1);
  scratch('bad-config', { 'plimsoll.toml': 'select = 12\n', 't.yaml': 'Resources: {}\n' });
  same('bad-config', ['check', '.'], 2);
  scratch('unknown-key', { 'plimsoll.toml': 'selct = ["ECS"]\n' });
  same('unknown-key', ['check'], 2);
  same('.', ['check', '--config', 'missing.toml', 'examples'], 2);
});

test('a plimsoll.toml cannot reach outside its directory, through links either', () => {
  const rule = 'rule r when Resources exists {\n  Resources.*.Type == "AWS::SQS::Queue"\n}\n';
  scratch('outside', { 'secret.guard': rule });
  scratch('escape', {
    'plimsoll.toml': 'rules = ["evil.guard"]\n',
    'evil.guard': { link: '../outside/secret.guard' },
    't.yaml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n',
  });
  const { native: n } = same('escape', ['check', 't.yaml'], 2);
  assert.match(n.stderr, /is outside the directory of the configuration file/);
  scratch('escape-dir', {
    'plimsoll.toml': 'rules = ["rules/secret.guard"]\n',
    rules: { link: '../outside' },
    't.yaml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n',
  });
  same('escape-dir', ['check', 't.yaml'], 2);
  scratch('inside', {
    'plimsoll.toml': 'rules = ["linked.guard"]\n',
    'guard/r.guard': rule,
    'linked.guard': { link: 'guard/r.guard' },
    't.yaml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n',
  });
  same('inside', ['check', '-f', 'json', 't.yaml'], 1);
});

test('hostile inputs: limits, missing and special files', () => {
  const big = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n# ' + 'x'.repeat(15 << 20) + '\n';
  const dir = scratch('hostile', {
    'large.yaml': big,
    'too-large.yaml': big + '#' + 'y'.repeat(2 << 20) + '\n',
    'dangling.yaml': { link: 'missing.yaml' },
    'loop.yaml': { link: 'loop.yaml' },
    'broken.json': '{"Resources": {"A": ',
  });
  same('hostile', ['check', '-f', 'json', '.'], 2);
  same('hostile', ['check', 'large.yaml', 'too-large.yaml', 'nowhere.yaml'], 2);
  // A FIFO is refused without blocking; WASI cannot tell a FIFO from a device, so the bin names
  // it "a special file" (documented), and says the same otherwise.
  execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
  const { native: n, npx: x } = both('hostile', ['check', 'pipe.yaml', 'broken.json']);
  assert.equal(n.status, 2);
  assert.equal(x.status, 2);
  assert.equal(x.stdout, n.stdout);
  assert.equal(x.stderr, n.stderr.replace('(a FIFO)', '(a special file)'));
});

test('a panic stops the bin with an error and exit code 2 (natively, a finding)', () => {
  scratch('panics', {
    't.yaml': 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n',
    'r.guard': 'rule r when Resources exists {\n  Resources.*.Properties.TopicName IN [/^(a+)+(?!x)b$/]\n}\n',
  });
  const { native: n, npx: x } = both('panics', ['check', '--no-config', '--rules', 'r.guard', 't.yaml']);
  assert.equal(n.status, 2);
  assert.match(n.stderr, /error: t\.yaml: internal error: the guard rules in r\.guard/);
  assert.equal(x.status, 2, x.stderr);
  assert.match(x.stderr, /panicked at/);
  assert.match(x.stderr, /error: internal error: plimsoll stopped/);
});
