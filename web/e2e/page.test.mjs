// The browser checker, end to end: the real built page served on 127.0.0.1, driven in the
// Chromium `cargo xtask setup` installed. Run by `cargo xtask test --stage web-e2e`, which sets
// PLIMSOLL_URL, PLIMSOLL_CHROMIUM, PLIMSOLL_ARTIFACTS (screenshot and timings go there) and,
// when the shared corpus is there, PLIMSOLL_CORPUS (the largest template is then the corpus's;
// without it, the largest of the repository's own templates).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.PLIMSOLL_URL;
const CHROMIUM = process.env.PLIMSOLL_CHROMIUM;
const ARTIFACTS = process.env.PLIMSOLL_ARTIFACTS ?? tmpdir();
assert.ok(BASE && CHROMIUM, 'run through `cargo xtask test --stage web-e2e`');
const ORIGIN = new URL(BASE).origin;
const REPO = path.resolve(import.meta.dirname, '../..');
// Where the largest template is looked for.
const TEMPLATES = process.env.PLIMSOLL_CORPUS
  ?? path.join(REPO, 'crates/plimsoll-lint/tests');

// The seed chapter's stack, kept in the repository with its license.
const CHAPTER8_FILE = path.join(
  REPO,
  'crates/plimsoll-lint/tests/third-party/docker-on-amazon-web-services/chapter08-stack.yml',
);
const CHAPTER8 = readFileSync(CHAPTER8_FILE, 'utf8');
const CDK_STACK = readFileSync(
  path.join(REPO, 'examples/cdk/cdk.out/WebStack.template.json'),
  'utf8',
);

// A policy with a misspelt action (IAM006, which reads the IAM reference data).
const MISSPELT_ACTION = `Resources:
  RunnerPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ecs:RunTasks
            Resource: '*'
`;

const DEADLOCK = `Resources:
  Cluster:
    Type: AWS::ECS::Cluster
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      DesiredCount: 1
      TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/app:1
      DeploymentConfiguration:
        MinimumHealthyPercent: 50
        MaximumPercent: 100
`;

const OWN_RULES = `let services = Resources.*[ Type == 'AWS::ECS::Service' ]

# code: ORG001
# severity: warning
rule ORG001_services_have_tags when %services !empty {
    %services.Properties.Tags exists
    <<
        Every ECS service needs tags
    >>
}
`;

// Flags for a headless Chromium in a container (docs/toolchain.md); the profile is a fresh
// directory per run.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Records in the page when the first finding appears, when the complete findings (with
// cfn-guard's) are in, and whether the busy state ever showed.
function probe() {
  window.__plimsoll = { firstFinding: null, complete: null, sawBusy: false };
  const watch = () => {
    const observer = new MutationObserver(() => {
      const p = window.__plimsoll;
      if (p.firstFinding === null && document.querySelector('li.finding')) {
        p.firstFinding = performance.now();
      }
      if (p.complete === null && document.querySelector('li.finding')
        && document.querySelector('.app[data-report-complete="true"]')) {
        p.complete = performance.now();
      }
      if (document.querySelector('.lint-status[data-busy="true"]')) p.sawBusy = true;
    });
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
  };
  if (document.documentElement) watch();
  else document.addEventListener('DOMContentLoaded', watch);
}

let context;
let page;
let profile;
const requests = [];
const problems = [];

function watchPage(p) {
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
}

/// The code editor's content (CodeMirror's), which takes focus and keys.
const EDITOR = '.editor .cm-content';

/// The editor's whole text, as the page lints it.
const editorText = (target = page) =>
  target.evaluate(() => document.querySelector('.editor').plimsollEditor.text());

async function paste(text, target = page) {
  const revision = await target.evaluate(() => document.querySelector('.app').dataset.revision);
  const changes = (await editorText(target)) !== text;
  await target.evaluate((t) => navigator.clipboard.writeText(t), text);
  await target.locator(EDITOR).focus();
  await target.keyboard.press('Control+A');
  // Pasting nothing leaves a selection in place: delete it instead.
  await target.keyboard.press(text === '' ? 'Delete' : 'Control+V');
  await target.waitForFunction(
    (length) => document.querySelector('.editor').plimsollEditor.text().length === length,
    text.length,
  );
  // The app has taken the text as a new revision: `settled` then waits for its findings, not
  // for those of the text before.
  if (changes) {
    await target.waitForFunction(
      (before) => document.querySelector('.app').dataset.revision !== before,
      revision,
    );
  }
}

const finding = (code) => page.locator(`li.finding[data-code="${code}"]`);

/// Waits until the findings shown are the complete ones (cfn-guard's included) for the text.
async function settled(target = page) {
  await target.waitForFunction(() => {
    const app = document.querySelector('.app').dataset;
    return app.reportRevision === app.revision && app.reportComplete === 'true';
  }, undefined, { timeout: 60_000 });
}

async function showTab(name, target = page) {
  await target.locator(`#tab-${name}`).click();
}

/// The editor's selection: its 1-based line and its text.
const selection = (target = page) =>
  target.evaluate(() => document.querySelector('.editor').plimsollEditor.selection());

/// Waits until the selected finding's highlight is drawn over line `line`: the first box of
/// the highlight overlaps the box of that line's number in the gutter. Returns both boxes.
async function highlightOn(line, target = page) {
  const handle = await target.waitForFunction((n) => {
    const mark = document.querySelector('.cm-finding-selected');
    const number = [...document.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
      .find((g) => g.textContent === String(n));
    if (!mark || !number) return null;
    const a = mark.getBoundingClientRect();
    const b = number.getBoundingClientRect();
    const visible = a.height > 0 && a.top >= 0 && a.bottom <= innerHeight;
    return visible && a.top < b.bottom && b.top < a.bottom
      ? { mark: [a.top, a.bottom], line: [b.top, b.bottom] }
      : null;
  }, line, { timeout: 10_000 });
  return handle.jsonValue();
}

/// Opens a file and waits for its lint; returns the lint time the page measured.
async function lintFile(file) {
  const before = Number(await page.locator('.app').getAttribute('data-revision'));
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.waitForFunction((rev) => {
    const app = document.querySelector('.app').dataset;
    return Number(app.revision) > rev && app.reportRevision === app.revision && app.reportComplete === 'true';
  }, before, { timeout: 60_000 });
  return Number(await page.locator('.lint-status').getAttribute('data-lint-ms'));
}

/// Types a short comment at the end of the editor, one key at a time, and returns the median
/// and worst latency from key event to the next frame, in milliseconds.
async function typingLatency(target = page, selector = EDITOR) {
  const editor = target.locator(selector);
  await editor.focus();
  await target.keyboard.press('Control+End');
  await target.waitForTimeout(300);
  await target.evaluate(() => {
    window.__keys = [];
    if (!window.__probe) {
      window.__probe = true;
      // From the key event to the first frame after it has been handled.
      addEventListener('keydown', (e) => {
        const start = e.timeStamp;
        requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - start), 0));
      }, true);
    }
  });
  for (const key of '\n# typed') {
    await target.keyboard.type(key);
    await target.waitForTimeout(60);
  }
  await target.waitForTimeout(500);
  const keys = await target.evaluate(() => window.__keys);
  return { medianMs: Math.round(median(keys)), worstMs: Math.round(Math.max(...keys)), keys: keys.length };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

before(async () => {
  profile = mkdtempSync(path.join(tmpdir(), 'plimsoll-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(probe);
  page = context.pages()[0] ?? (await context.newPage());
  watchPage(page);
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('the browser checker', () => {
  test('loads with its assets and nothing else', async () => {
    await page.goto(BASE);
    await page.locator(EDITOR).waitFor();
    assert.match(await page.title(), /Plimsoll/);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /connect-src 'self'/);
  });

  test('pasting the Chapter 8 stack shows ECS007 and CFR005', async () => {
    await paste(CHAPTER8);
    await finding('ECS007').first().waitFor();
    await finding('CFR005').first().waitFor();
    await settled();
    // One per container image tagged with the parameter (default `latest`), on its line.
    const imageLines = CHAPTER8.split('\n').flatMap((l, i) => (l.includes(':${ApplicationImageTag}') ? [i + 1] : []));
    assert.equal(imageLines.length, 3);
    const lines = await finding('ECS007').evaluateAll((rows) => rows.map((r) => Number(r.dataset.line)));
    assert.deepEqual(lines, imageLines);
    const counts = await page.locator('.summary-bar .count .count-number').allTextContents();
    const total = counts.map(Number).reduce((a, b) => a + b, 0);
    assert.equal(total, await page.locator('li.finding').count());
    await page.screenshot({ path: path.join(ARTIFACTS, 'findings.png') });
  });

  test('clicking a finding highlights its range in the editor', async () => {
    const row = finding('CFR005').first();
    await row.locator('.finding-main').click();
    const [line] = (await row.locator('.location').textContent()).split(':').map(Number);
    await highlightOn(line);
    const { line: selectedLine, text: selected } = await selection();
    assert.equal(selectedLine, line);
    const lines = CHAPTER8.split('\n');
    assert.match(lines[line - 1], /MigrateTask|ServiceToken|EcsTaskRunner/);
    assert.ok(selected.length > 0);
    assert.equal(
      await page.locator('.cm-finding-selected').first().textContent(),
      selected.split('\n')[0],
    );
    // The selection shows: the editor has the focus.
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('cm-content')), true);
    assert.ok(await page.locator('.cm-lint-marker').count() > 0);
  });

  test('findings answer Enter and Space from the keyboard', async () => {
    const rows = page.locator('li.finding');
    const second = rows.nth(1);
    await second.locator('.finding-main').focus();
    await page.keyboard.press('Enter');
    const [line] = (await second.locator('.location').textContent()).split(':').map(Number);
    await highlightOn(line);
    const first = rows.nth(0);
    await first.locator('.finding-main').focus();
    await page.keyboard.press('Space');
    const [firstLine] = (await first.locator('.location').textContent()).split(':').map(Number);
    await highlightOn(firstLine);
    // The rule docs open from the keyboard too, and Escape closes them.
    await first.locator('.docs-button').focus();
    await page.keyboard.press('Enter');
    const docs = page.locator('.rule-docs');
    await docs.waitFor();
    assert.match(await docs.textContent(), /What it does/);
    await docs.locator('.close').focus();
    await page.keyboard.press('Escape');
    await docs.waitFor({ state: 'detached' });
  });

  test('the severity filter hides and shows findings', async () => {
    const infos = Number(await page.locator('.count.info .count-number').textContent());
    assert.ok(infos > 0);
    const before = await page.locator('li.finding').count();
    await page.locator('.count.info').click();
    assert.equal(await page.locator('li.finding.info').count(), 0);
    assert.equal(await page.locator('li.finding').count(), before - infos);
    await page.locator('.count.info').click();
    assert.equal(await page.locator('li.finding').count(), before);
  });

  test('a parameter override changes the findings', async () => {
    await showTab('parameters');
    const tag = page.locator('input[name="ApplicationImageTag"]');
    assert.equal(await tag.getAttribute('placeholder'), 'latest');
    await tag.fill('97e4abf');
    await showTab('findings');
    await finding('ECS007').first().waitFor({ state: 'detached' });
    await finding('CFR005').first().waitFor();
    await showTab('parameters');
    // A Number parameter says when an override is not a number.
    const count = page.locator('input[name="ApplicationDesiredCount"]');
    await count.fill('abc');
    await page.locator('#param-ApplicationDesiredCount-error').waitFor();
    assert.equal(await count.getAttribute('aria-invalid'), 'true');
    await count.fill('2');
    await page.locator('#param-ApplicationDesiredCount-error').waitFor({ state: 'detached' });
    await page.locator('button.reset').click();
    await showTab('findings');
    await finding('ECS007').first().waitFor();
  });

  test('share links carry the template in the fragment', async () => {
    await page.locator('button.share').click();
    await page.waitForFunction(() => location.hash.startsWith('#t='));
    const url = page.url();
    const other = await context.newPage();
    watchPage(other);
    await other.goto(url);
    await other.locator('li.finding[data-code="ECS007"]').first().waitFor();
    assert.equal(await editorText(other), CHAPTER8);
    // Once edited, the address drops the shared template: a reload keeps the edit.
    await other.locator(EDITOR).focus();
    await other.keyboard.press('Control+End');
    await other.keyboard.type('# mine');
    await other.waitForFunction(() => location.hash === '');
    await settled(other);
    const edited = await editorText(other);
    assert.ok(edited.endsWith('# mine'));
    await other.reload();
    await other.locator('li.finding[data-code="ECS007"]').first().waitFor();
    assert.equal(await editorText(other), edited);
    await other.close();
  });

  test('exports SARIF and JSON built in the page', async () => {
    for (const [button, check] of [
      ['button.export-sarif', (doc) => assert.equal(doc.version, '2.1.0')],
      ['button.export-json', (doc) => assert.equal(doc.version, 1)],
    ]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
      const file = path.join(ARTIFACTS, download.suggestedFilename());
      await download.saveAs(file);
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      check(doc);
      const text = JSON.stringify(doc);
      assert.ok(text.includes('"ECS007"'), `${button}: no ECS007 in the export`);
    }
  });

  test('a CDK stack names each finding\'s construct and leaves out the framework\'s resources', async () => {
    await paste(CDK_STACK);
    const row = finding('ECS001').first();
    await row.waitFor();
    await settled();
    assert.equal((await row.locator('.cdk-path').textContent()).trim(), 'WebStack/Web/Service/Service');
    // CFR005 on the user's custom resource only: the auto-delete and default-security-group
    // providers are the framework's.
    const cfr = await finding('CFR005').locator('.cdk-path').allTextContents();
    assert.deepEqual(cfr.map((t) => t.trim()), ['WebStack/RunMigration/Default']);
  });

  test('the complete lint adds the schema rules\' findings, with their fix', async () => {
    const misspelt = [
      'Resources:',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      DelaySecnds: 5',
      '      VisibilityTimeout: 50000',
      '',
    ].join('\n');
    await paste(misspelt);
    await settled();
    // The page's first module has no schemas: these come with the worker's complete lint.
    const unknown = finding('SCH002').first();
    await unknown.waitFor();
    assert.match(await unknown.textContent(), /DelaySecnds/);
    assert.match(await finding('SCH006').first().textContent(), /43200/);
    // Quoted names show as code, not between literal backticks.
    assert.equal(await unknown.locator('.message code').first().textContent(), 'DelaySecnds');
    assert.doesNotMatch(await unknown.locator('.message').textContent(), /`/);
    await unknown.locator('.fix-button').click();
    await page.waitForFunction(() => document.querySelector('.editor').plimsollEditor.text().includes('DelaySeconds: 5'));
  });

  test('the complete lint adds the findings that need the IAM reference data', async () => {
    await paste(MISSPELT_ACTION);
    await settled();
    // The page's first module has no IAM reference data either: IAM006 comes with the worker.
    const unknown = finding('IAM006').first();
    await unknown.waitFor();
    assert.match(await unknown.textContent(), /ecs:RunTasks/);
    await unknown.locator('.fix-button').click();
    await page.waitForFunction(() => /Action: ecs:RunTask\n/.test(document.querySelector('.editor').plimsollEditor.text()));
  });

  test('rule docs keep underscores inside words (UPDATE_IN_PROGRESS)', async () => {
    await paste(['Resources:', '  Service:', '    Type: AWS::ECS::Service', '    Properties:', '      DesiredCount: 2', ''].join('\n'));
    const row = finding('ECS005').first();
    await row.waitFor();
    await row.locator('.docs-button').click();
    const docs = page.locator('.rule-docs');
    await docs.waitFor();
    assert.match(await docs.textContent(), /UPDATE_IN_PROGRESS/);
    assert.equal(await docs.locator('em').filter({ hasText: /^IN$/ }).count(), 0);
    await docs.locator('.close').click();
    await docs.waitFor({ state: 'detached' });
  });

  test('a deadlocked service shows ECS001 and the rollout picture marks it', async () => {
    await paste(DEADLOCK);
    await finding('ECS001').first().waitFor();
    // The built-in guard packs run in the worker: no circuit breaker is ECS005.
    await finding('ECS005').first().waitFor();
    await showTab('rollout');
    const figure = page.locator('figure.rollout[data-service="Service"]');
    await figure.waitFor();
    assert.equal(await figure.getAttribute('data-outcome'), 'deadlock');
    await figure.locator('svg .marker.deadlock').waitFor();
    assert.match(await figure.locator('figcaption').textContent(), /deadlock/);
    // The legend's "old" and "new" chips are readable (WCAG AA, 4.5:1) in both themes.
    for (const theme of ['light', 'dark']) {
      const ratios = await page.evaluate((theme) => {
        const root = document.documentElement;
        const before = root.dataset.theme;
        root.dataset.theme = theme;
        const luminance = (css) => {
          const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => Number(v) / 255)
            .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const out = [...document.querySelectorAll('.legend')].map((chip) => {
          const style = getComputedStyle(chip);
          const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
          return (a + 0.05) / (b + 0.05);
        });
        if (before === undefined) delete root.dataset.theme; else root.dataset.theme = before;
        return out;
      }, theme);
      // Only the old tasks are drawn (the deployment never starts a new one): one chip.
      assert.equal(ratios.length, 1, theme);
      for (const ratio of ratios) assert.ok(ratio >= 4.5, `${theme}: ${ratios}`);
    }
    await showTab('findings');
  });

  test('the user\'s own guard rules report with positions, and a broken rule file says where', async () => {
    await showTab('guard');
    const rules = page.locator('#guard-rules');
    await rules.fill(OWN_RULES);
    await showTab('findings');
    const own = finding('ORG001');
    await own.first().waitFor();
    await settled();
    assert.equal(await own.count(), 1);
    // The service has no Tags: the finding sits on the service's name.
    const line = DEADLOCK.split('\n').findIndex((l) => l.startsWith('  Service:')) + 1;
    assert.equal(Number(await own.getAttribute('data-line')), line);
    assert.match(await own.textContent(), /Every ECS service needs tags/);
    await own.locator('.finding-main').click();
    await highlightOn(line);

    await showTab('guard');
    await page.locator('.guard-ok').waitFor();
    const broken = OWN_RULES.replace('exists\n', 'exists\n    %services.Properties.\n');
    await rules.fill(broken);
    const error = page.locator('.guard-error');
    await error.waitFor();
    const errorLine = Number(await error.getAttribute('data-line'));
    assert.equal(errorLine, broken.split('\n').findIndex((l) => l.endsWith('Properties.')) + 1);
    assert.match(await error.textContent(), /^Line \d+, column \d+: syntax error/);
    await error.locator('button.position').click();
    const caretLine = await page.evaluate(() => {
      const t = document.querySelector('#guard-rules');
      return t.value.slice(0, t.selectionStart).split('\n').length;
    });
    assert.equal(caretLine, errorLine);
    // The built-in packs still run; the user's rule does not.
    await showTab('findings');
    await settled();
    await finding('ECS005').first().waitFor();
    assert.equal(await finding('ORG001').count(), 0);
    await showTab('guard');
    await rules.fill('');
    await showTab('findings');
  });

  test('a panic in the complete lint shows an internal error, and the worker goes on', async () => {
    // cfn-guard panics when a rule's regular expression reaches fancy-regex's backtracking
    // limit; in wasm that aborts the guard module, which the worker restarts.
    const topic = `${DEADLOCK}  Topic:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: ${'a'.repeat(40)}}\n`;
    const panicking = 'rule r when Resources exists {\n  Resources.*.Properties.TopicName IN [/^(a+)+(?!x)b$/]\n}\n';
    await paste(topic);
    await showTab('guard');
    await page.locator('#guard-rules').fill(panicking);
    await showTab('findings');
    const internal = finding('PLIMSOLL:internal-error');
    await internal.first().waitFor({ timeout: 60_000 });
    await settled();
    assert.match(await internal.textContent(), /stopped on this template.*panicked/s);
    assert.equal(Number(await internal.getAttribute('data-line')), 1);
    // The Rust rules' findings stay.
    assert.ok(await finding('ECS001').count() >= 1);
    // The same worker, with a fresh guard module, lints the next revision completely.
    await showTab('guard');
    await page.locator('#guard-rules').fill(OWN_RULES);
    await showTab('findings');
    await finding('ORG001').first().waitFor({ timeout: 60_000 });
    await settled();
    assert.equal(await internal.count(), 0);
    assert.ok(await finding('ECS005').count() >= 1);
    await showTab('guard');
    await page.locator('#guard-rules').fill('');
    await showTab('findings');
  });

  test('opens a file through the file input', async () => {
    const file = path.join(ARTIFACTS, 'opened.yaml');
    const text = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    DependsOn: Missing\n';
    writeFileSync(file, text);
    const previous = await editorText();
    await page.locator('input[type="file"]').setInputFiles(file);
    await finding('TPL003').first().waitFor();
    assert.equal(await editorText(), text);
    // Opening a file is one change in the editor's history: undo brings the text back.
    const holds = (t) => page.waitForFunction(
      (want) => document.querySelector('.editor').plimsollEditor.text() === want,
      t,
    );
    await page.locator(EDITOR).focus();
    await page.keyboard.press('Control+z');
    await holds(previous);
    await page.keyboard.press('Control+y');
    await holds(text);
    await finding('TPL003').first().waitFor();
  });

  test('a finding\'s fix applies with one click and undo reverts it', async () => {
    await page.locator('input[type="file"]').setInputFiles(CHAPTER8_FILE);
    await settled();
    const cfr005 = await finding('CFR005').count();
    const fixable = finding('CFR005').first();
    const loaded = await page.evaluate(() => Number(document.querySelector('.app').dataset.revision));
    await fixable.locator('.fix-button').click();
    await page.waitForFunction(() => document.querySelector('.editor').plimsollEditor.text().includes('ServiceTimeout'));
    await page.waitForFunction((before) => Number(document.querySelector('.app').dataset.revision) > before, loaded);
    await settled();
    assert.equal(await finding('CFR005').count(), cfr005 - 1);
    // The fix is one change in the editor's history.
    const fixed = await page.evaluate(() => Number(document.querySelector('.app').dataset.revision));
    await page.locator(EDITOR).focus();
    await page.keyboard.press('Control+z');
    await page.waitForFunction((text) => document.querySelector('.editor').plimsollEditor.text() === text, CHAPTER8);
    // The app takes the undone text as a new revision; only then are its findings the ones to count.
    await page.waitForFunction((before) => Number(document.querySelector('.app').dataset.revision) > before, fixed);
    await settled();
    assert.equal(await finding('CFR005').count(), cfr005);
  });

  test('find (Ctrl+F) selects a match, and the fold gutter folds a mapping and unfolds it', async () => {
    await paste(DEADLOCK);
    await page.locator(EDITOR).click();
    await page.keyboard.press('Control+F');
    const field = page.locator('.cm-search input[name="search"]');
    await field.waitFor();
    // Typed key by key: the search panel takes its query on key events, not on `input`.
    await field.pressSequentially('MaximumPercent');
    await field.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('.editor').plimsollEditor.selection().text === 'MaximumPercent',
    );
    const { line } = await selection();
    assert.equal(line, DEADLOCK.split('\n').findIndex((l) => l.includes('MaximumPercent')) + 1);
    await page.keyboard.press('Escape');
    await page.locator('.cm-search').waitFor({ state: 'detached' });

    // The foldable lines are Resources, Cluster, Service, Properties and
    // DeploymentConfiguration: the third marker folds the service's properties.
    const lines = () => page.locator('.cm-content .cm-line').count();
    const before = await lines();
    const markers = page.locator('.cm-foldGutter span[title="Fold line"]');
    assert.equal(await markers.count(), 5);
    await markers.nth(2).click();
    await page.locator('.cm-foldPlaceholder').waitFor();
    assert.ok((await lines()) < before, 'folding hides lines');
    assert.ok((await editorText()) === DEADLOCK, 'folding does not change the text');
    await page.locator('.cm-foldPlaceholder').click();
    await page.locator('.cm-foldPlaceholder').waitFor({ state: 'detached' });
    assert.equal(await lines(), before);
  });

  test('highlights and gutter marks sit on the finding\'s line near the top, middle and end of a long template, LF and CRLF', async () => {
    const queues = Array.from({ length: 2400 }, (_, i) => {
      const broken = i === 3 || i === 1200 || i === 2398;
      return broken
        ? `  Broken${i}:\n    Type: AWS::SQS::Queue\n    DependsOn: Nowhere${i}\n`
        : `  Queue${i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: q${i}\n`;
    });
    const lf = `Resources:\n${queues.join('')}`;
    const lines = lf.split('\n');
    const selected = {};
    for (const [name, text] of [['lf', lf], ['crlf', lf.replaceAll('\n', '\r\n')]]) {
      const file = path.join(ARTIFACTS, `long-${name}.yaml`);
      writeFileSync(file, text);
      await lintFile(file);
      assert.equal(await editorText(), text, 'the editor keeps the line breaks it was given');
      const rows = finding('TPL003');
      assert.equal(await rows.count(), 3);
      selected[name] = [];
      for (let i = 0; i < 3; i++) {
        const row = rows.nth(i);
        const line = Number(await row.getAttribute('data-line'));
        assert.match(lines[line - 1], /Nowhere/);
        await row.locator('.finding-main').click();
        const boxes = await highlightOn(line);
        const sel = await selection();
        assert.equal(sel.line, line);
        assert.match(sel.text, /Nowhere\d+/);
        selected[name].push(sel.text);
        // Every lint mark in view sits on a line with a finding, level with its number.
        const marks = await page.evaluate(() => {
          const numbers = [...document.querySelectorAll('.cm-lineNumbers .cm-gutterElement')];
          return [...document.querySelectorAll('.cm-gutter-lint .cm-gutterElement')]
            .filter((g) => g.querySelector('.cm-lint-marker'))
            .map((g) => {
              const top = g.getBoundingClientRect().top;
              const number = numbers.find((n) => Math.abs(n.getBoundingClientRect().top - top) < 1);
              return number ? Number(number.textContent) : null;
            });
        });
        const withFindings = await page.locator('li.finding').evaluateAll((r) => r.map((x) => Number(x.dataset.line)));
        assert.ok(marks.includes(line), `the gutter marks line ${line}: ${marks} (${JSON.stringify(boxes)})`);
        assert.ok(marks.every((m) => withFindings.includes(m)), `marks ${marks} are on lines with findings`);
      }
    }
    assert.deepEqual(selected.crlf, selected.lf, 'CRLF selects the same text as LF');
  });

  test('a 5 MB template pasted and opened never freezes the main thread', async () => {
    const queues = Array.from(
      { length: 68000 },
      (_, i) => `  Queue${i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: q${i}\n`,
    );
    const text = `Resources:\n${queues.join('')}  Broken:\n    DependsOn: Nowhere\n    Type: AWS::SQS::Queue\n`;
    assert.ok(text.length > 5_000_000);
    const file = path.join(ARTIFACTS, 'five-mb.yaml');
    writeFileSync(file, text);
    const observe = () => page.evaluate(() => {
      window.__long = [];
      window.__longObserver?.disconnect();
      window.__longObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push(Math.round(e.duration));
      });
      window.__longObserver.observe({ type: 'longtask' });
    });
    const longTasks = async () => {
      await page.waitForTimeout(1000);
      return page.evaluate(() => window.__long);
    };
    const inEditor = (length) => page.waitForFunction(
      (n) => document.querySelector('.editor').plimsollEditor.view.state.doc.length === n,
      length,
      { timeout: 60_000, polling: 500 },
    );
    await paste('');
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await page.locator(EDITOR).focus();
    await page.keyboard.press('Control+A');
    await observe();
    await page.keyboard.press('Control+V');
    await inEditor(text.length);
    await finding('TPL003').first().waitFor({ timeout: 120_000 });
    const pasted = await longTasks();
    await paste('');
    await observe();
    await page.locator('input[type="file"]').setInputFiles(file);
    await inEditor(text.length);
    await finding('TPL003').first().waitFor({ timeout: 120_000 });
    const opened = await longTasks();
    const worst = (xs) => Math.max(0, ...xs);
    timings.fiveMB = {
      bytes: text.length,
      pasteLongTasksMs: pasted,
      pasteLongestMs: worst(pasted),
      openLongTasksMs: opened,
      openLongestMs: worst(opened),
    };
    // The 200 ms target is measured and reported (timings), not asserted: on a loaded 2-core
    // machine one task can exceed it. What fails is the freeze this replaced (tasks of 7-24 s).
    assert.ok(worst(pasted) < 2000, `paste: longest task ${worst(pasted)} ms`);
    assert.ok(worst(opened) < 2000, `open: longest task ${worst(opened)} ms`);
    await paste('');
  });

  test('the gallery loads examples; a dropped JSON file, the theme and the template outlive a reload', async () => {
    await paste('');
    // The first example shows a problem: a newcomer's first click is not "No findings".
    const example = page.locator('.gallery button.example').first();
    assert.equal(await example.getAttribute('data-example'), 'deployment-deadlock.yaml');
    await example.click();
    await finding('ECS001').first().waitFor();
    assert.match(await editorText(), /MinimumHealthyPercent/);

    const json = JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue', DependsOn: 'Missing' } } }, null, 2);
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      const editor = document.querySelector('.editor');
      for (const type of ['dragover', 'drop']) {
        editor.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    }, json);
    await finding('TPL003').first().waitFor();
    const line = json.split('\n').findIndex((l) => l.includes('"Missing"')) + 1;
    assert.equal(Number(await finding('TPL003').first().getAttribute('data-line')), line);

    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const before = await theme();
    await page.locator('button.theme').click();
    const after = await theme();
    assert.notEqual(after, before);
    await page.goto(BASE);
    await finding('TPL003').first().waitFor();
    assert.equal(await editorText(), json);
    assert.equal(await theme(), after);
  });

  test('stays usable with garbage and a 1 MB template, linting it off the main thread', async () => {
    const garbage = path.join(ARTIFACTS, 'garbage.yaml');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    await page.locator('input[type="file"]').setInputFiles(garbage);
    await finding('TPL001').first().waitFor();

    const big = path.join(ARTIFACTS, 'big.yaml');
    const resources = Array.from(
      { length: 12000 },
      (_, i) => `  Queue${i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub \${AWS::StackName}-q${i}\n`,
    );
    writeFileSync(big, `Resources:\n${resources.join('')}  Broken:\n    DependsOn: Nowhere\n    Type: AWS::SQS::Queue\n`);
    assert.ok(statSync(big).size > 1_000_000);
    await page.evaluate(() => { window.__plimsoll.sawBusy = false; });
    await page.locator('input[type="file"]').setInputFiles(big);
    await finding('TPL003').first().waitFor({ timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.__plimsoll.sawBusy), true, 'the busy state showed');

    // Type into the 1 MB template: every key lands while the lint runs in the worker.
    timings.keyLatency1MB = await typingLatency();
    assert.ok((await editorText()).endsWith('# typed'));
    await page.waitForFunction(() => {
      const app = document.querySelector('.app').dataset;
      return app.reportRevision === app.revision;
    });
    // The same typing in a bare textarea holding the same text, for comparison: what the
    // browser itself spends laying out a megabyte of text.
    const bare = await context.newPage();
    await bare.setContent('<textarea wrap="off" style="width:900px;height:700px;font:13px/20px monospace"></textarea>');
    await bare.evaluate((text) => { document.querySelector('textarea').value = text; }, readFileSync(big, 'utf8'));
    timings.keyLatency1MBBareTextarea = await typingLatency(bare, 'textarea');
    await bare.close();
  });

  test('typing latency on the Chapter 8 stack and the largest template', async () => {
    await page.locator('input[type="file"]').setInputFiles(CHAPTER8_FILE);
    await finding('ECS007').first().waitFor();
    timings.keyLatencyChapter8 = await typingLatency();
    await lintFile(largestTemplate()[1]);
    timings.keyLatencyLargest = await typingLatency();
  });

  test('measures first findings and the largest template', async () => {
    // Navigation to first findings for the Chapter 8 stack, opened from a share link.
    await page.locator('input[type="file"]').setInputFiles(CHAPTER8_FILE);
    await finding('ECS007').first().waitFor();
    await page.locator('button.share').click();
    await page.waitForFunction(() => location.hash.startsWith('#t='));
    const url = page.url();
    const first = [];
    const complete = [];
    const initialBytes = [];
    const laterBytes = [];
    for (let run = 0; run < 5; run++) {
      const fresh = await context.newPage();
      watchPage(fresh);
      const loaded = [];
      fresh.on('requestfinished', (r) => loaded.push(r));
      await fresh.goto(url);
      await fresh.locator('li.finding[data-code="ECS007"]').first().waitFor();
      await settled(fresh);
      await fresh.waitForFunction(() => window.__plimsoll.complete !== null);
      const p = await fresh.evaluate(() => window.__plimsoll);
      first.push(p.firstFinding);
      complete.push(p.complete);
      // What came over the wire (gzipped) before the first findings and after them; the
      // module with cfn-guard must be among the later.
      const firstAt = (await fresh.evaluate(() => performance.timeOrigin)) + p.firstFinding;
      const bytes = [0, 0];
      let guardAfterFirst = null;
      for (const r of loaded.filter((r) => /\.(js|wasm)$/.test(new URL(r.url()).pathname))) {
        const later = r.timing().startTime > firstAt;
        bytes[Number(later)] += (await r.sizes()).responseBodySize;
        if (r.url().endsWith('/plimsoll_guard_bg.wasm')) guardAfterFirst = later;
      }
      assert.equal(guardAfterFirst, true, 'cfn-guard\'s module loads after the first findings');
      initialBytes.push(bytes[0]);
      laterBytes.push(bytes[1]);
      await fresh.close();
    }
    timings.firstFindingsMs = first.map(Math.round);
    timings.firstFindingsMedianMs = Math.round(median(first));
    timings.completeFindingsMs = complete.map(Math.round);
    timings.completeFindingsMedianMs = Math.round(median(complete));
    timings.transferredBeforeFirstFindingsBytes = median(initialBytes);
    timings.transferredAfterFirstFindingsBytes = median(laterBytes);

    // The largest template (of the corpus when there is one), opened as a file: the page's
    // own lint timing.
    const [size, largest] = largestTemplate();
    const runs = [];
    for (let run = 0; run < 6; run++) {
      runs.push(await lintFile(run % 2 ? largest : garbageFree()));
    }
    const largestRuns = runs.filter((_, i) => i % 2);
    timings.largestTemplate = path.relative(TEMPLATES, largest);
    timings.largestTemplateBytes = size;
    timings.largestLintMs = largestRuns.map((ms) => Math.round(ms * 10) / 10);
    timings.largestLintMedianMs = Math.round(median(largestRuns) * 10) / 10;
  });

  test('without cfn-guard\'s module the page shows the Rust rules\' findings and says so', async () => {
    const fresh = await context.newPage();
    watchPage(fresh);
    await fresh.route('**/plimsoll_guard_bg.wasm', (route) => route.abort());
    await fresh.goto(BASE);
    await fresh.locator(EDITOR).waitFor();
    await paste(DEADLOCK, fresh);
    await fresh.locator('li.finding[data-code="ECS001"]').first().waitFor();
    await settled(fresh);
    await fresh.locator('.guard-unavailable').waitFor();
    assert.match(await fresh.locator('.guard-unavailable').textContent(), /guard rules could not be loaded/);
    // ECS005 comes from a built-in guard pack: not without its module.
    assert.equal(await fresh.locator('li.finding[data-code="ECS005"]').count(), 0);
    // IAM006 needs the IAM reference data, which comes in the same module.
    await paste(DEADLOCK + MISSPELT_ACTION.replace('Resources:\n', ''), fresh);
    await fresh.locator('li.finding[data-code="ECS001"]').first().waitFor();
    await settled(fresh);
    assert.equal(await fresh.locator('li.finding[data-code="IAM006"]').count(), 0);
    assert.equal(await fresh.locator('.lint-status').getAttribute('data-busy'), 'false');
    // The user's rules did not run: the guard tab must not say they pass.
    await showTab('guard', fresh);
    await fresh.locator('#guard-rules').fill('rule x { Resources exists }');
    await fresh.locator('.guard-not-run').waitFor();
    assert.equal(await fresh.locator('.guard-ok').count(), 0);
    await fresh.close();
  });

  test('on a 390 px phone the page is no wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.waitForFunction(() => document.documentElement.clientWidth === 390);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        wide: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 391 && getComputedStyle(e).position !== 'fixed')
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}`),
      }));
      assert.ok(widths.page <= 390, JSON.stringify(widths));
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  test('no request left 127.0.0.1 and the page reported no error', () => {
    assert.ok(requests.some((u) => u.endsWith('/plimsoll_web_bg.wasm')), 'the page\'s wasm was fetched');
    assert.ok(requests.some((u) => u.endsWith('/plimsoll_guard_bg.wasm')), 'cfn-guard\'s wasm was fetched');
    const foreign = requests.filter(
      (u) => !(u.startsWith(`${ORIGIN}/`) || u.startsWith('blob:') || u.startsWith('data:')),
    );
    assert.deepEqual(foreign, []);
    assert.equal(ORIGIN.startsWith('http://127.0.0.1:'), true);
    assert.deepEqual(problems, []);
    timings.requests = requests.length;
    writeFileSync(path.join(ARTIFACTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    console.log(JSON.stringify(timings, null, 2));
  });
});

const timings = {};

/// [bytes, path] of the largest template under TEMPLATES.
function largestTemplate() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|json|template)$/.test(entry.name)) files.push([statSync(full).size, full]);
    }
  };
  walk(TEMPLATES);
  files.sort((a, b) => b[0] - a[0]);
  return files[0];
}

/// A small template opened between runs, so each run of the largest template is a fresh lint.
function garbageFree() {
  const file = path.join(ARTIFACTS, 'small.yaml');
  writeFileSync(file, 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
  return file;
}

// The views: guard rule errors, the rollout picture, the rule docs panel, the header, the
// page's accessibility (axe-core) and screenshots of each main view.

// Screenshots of each main view (desktop light and dark, phone), kept by CI with the stage's
// other artifacts.
const SCREENSHOTS = path.join(
  process.env.PLIMSOLL_ARTIFACTS ?? path.join(REPO, 'target/web-e2e'),
  'screenshots',
);
const AXE = path.join(REPO, 'web/node_modules/axe-core/axe.min.js');
const DEADLOCK_EXAMPLE = readFileSync(path.join(REPO, 'examples/deployment-deadlock.yaml'), 'utf8');
const HEALTHY_EXAMPLE = readFileSync(path.join(REPO, 'examples/healthy-ecs-service.yaml'), 'utf8');

/// DEADLOCK's service with other settings.
const withSettings = (count, min, max) => DEADLOCK
  .replace('DesiredCount: 1', `DesiredCount: ${count}`)
  .replace('MinimumHealthyPercent: 50', `MinimumHealthyPercent: ${min}`)
  .replace('MaximumPercent: 100', `MaximumPercent: ${max}`);

const UNSET_COUNT = `Parameters:\n  Count:\n    Type: Number\n${withSettings(1, 50, 200)
  .replace('DesiredCount: 1', 'DesiredCount: !Ref Count')}`;

/// What is wrong with the rollout picture's drawing: text outside the picture, text over text,
/// a line through text, a picture wider than its panel.
function chartProblems() {
  const problems = [];
  const panel = document.querySelector('.tab-panel').getBoundingClientRect();
  for (const svg of document.querySelectorAll('figure.rollout svg')) {
    const view = svg.viewBox.baseVal;
    const shown = svg.getBoundingClientRect();
    if (shown.left < panel.left - 0.5 || shown.right > panel.right + 0.5) {
      problems.push(`picture ${Math.round(shown.left)}–${Math.round(shown.right)} outside the panel ${Math.round(panel.left)}–${Math.round(panel.right)}`);
    }
    const texts = [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, box: t.getBBox() }));
    const lines = [...svg.querySelectorAll('.level line, line.axis')].map((l) => ({
      from: Math.min(l.x1.baseVal.value, l.x2.baseVal.value),
      to: Math.max(l.x1.baseVal.value, l.x2.baseVal.value),
      y: l.y1.baseVal.value,
    }));
    for (const [i, { text, box }] of texts.entries()) {
      if (box.x < -0.5 || box.y < -0.5 || box.x + box.width > view.width + 0.5 || box.y + box.height > view.height + 0.5) {
        problems.push(`"${text}" is cut off`);
      }
      for (const other of texts.slice(i + 1)) {
        const b = other.box;
        const apart = box.x + box.width <= b.x || b.x + b.width <= box.x
          || box.y + box.height <= b.y + 0.5 || b.y + b.height <= box.y + 0.5;
        if (!apart) problems.push(`"${text}" overlaps "${other.text}"`);
      }
      for (const line of lines) {
        const across = line.y > box.y + 1 && line.y < box.y + box.height - 1;
        if (across && line.from < box.x + box.width && line.to > box.x) problems.push(`a line crosses "${text}"`);
      }
    }
  }
  return problems;
}

describe('the views', () => {
  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(BASE);
    await page.locator(EDITOR).waitFor();
  });

  test('a guard rule using an undefined variable is an error at its place in the rules, not a finding', async () => {
    await paste(DEADLOCK);
    await showTab('guard');
    await page.locator('#guard-rules').fill('rule x { %nope.Properties exists }');
    const error = page.locator('.guard-tab .guard-error');
    await error.waitFor({ timeout: 60_000 });
    assert.equal(await error.getAttribute('data-line'), '1');
    assert.equal(await error.getAttribute('data-column'), '10');
    assert.match(await error.textContent(), /%nope/);
    await showTab('findings');
    await settled();
    await finding('ECS005').first().waitFor();
    assert.equal(await finding('GUARD:error').count(), 0);
  });

  test('a rule without a header names itself, the resource and the property, briefly', async () => {
    await showTab('guard');
    await page.locator('#guard-rules').fill('rule plain {\n  Resources.Service.Properties is_string\n}\n');
    await showTab('findings');
    const own = finding('GUARD:plain');
    await own.first().waitFor({ timeout: 60_000 });
    await settled();
    const message = await own.first().locator('.message').textContent();
    assert.match(message, /^rule plain on Service: Properties is a mapping of \d+ keys \(Cluster, /);
    assert.ok(!message.includes('{'), message);
    assert.ok(message.length <= 160, message);
    await showTab('guard');
    await page.locator('#guard-rules').fill('');
    await showTab('findings');
  });

  test('a DesiredCount parameter without a value is named in the rollout tab, and the Parameters tab takes it', async () => {
    await paste(UNSET_COUNT);
    await settled();
    await showTab('rollout');
    const hint = page.locator('.needs-values');
    await hint.waitFor();
    assert.equal(await hint.getAttribute('data-parameters'), 'Count');
    assert.match(await hint.textContent(), /needs a value for the parameter Count/);
    await hint.locator('button').click();
    await page.waitForFunction(() => document.activeElement?.id === 'param-Count');
    await page.keyboard.type('3');
    await settled();
    await showTab('rollout');
    await page.locator('figure.rollout svg .step').first().waitFor();
    assert.equal(await hint.count(), 0);
    await showTab('parameters');
    await page.locator('.parameters .reset').click();
  });

  test('the rollout legend describes only what the pictures draw', async () => {
    await paste(HEALTHY_EXAMPLE);
    await settled();
    await showTab('rollout');
    await page.locator('figure.rollout svg .step').first().waitFor();
    const legend = page.locator('.rollout-panel .hint');
    assert.equal(await legend.locator('.legend.old').count(), 1);
    assert.equal(await legend.locator('.legend.new').count(), 1);
    assert.match(await legend.textContent(), /shaded band/);
    // A deadlock never starts a new task: no "new" in the legend.
    await paste(DEADLOCK);
    await settled();
    await page.locator('figure.rollout svg .marker.deadlock').waitFor();
    assert.equal(await legend.locator('.legend.old').count(), 1);
    assert.equal(await legend.locator('.legend.new').count(), 0);
  });

  test('rollout pictures: labels apart, no line through text, nothing cut off, inside the panel at 1280 and 390 px', async () => {
    const cases = [
      ['min = max', withSettings(1, 50, 100)],
      ['min next to max', withSettings(20, 95, 100)],
      ['DesiredCount 20', withSettings(20, 50, 200)],
      ['DesiredCount 100', withSettings(100, 95, 100)],
      ['downtime', withSettings(2, 0, 100)],
      ['deadlock of 20', withSettings(20, 100, 100)],
    ];
    try {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const [name, template] of cases) {
          await paste(template);
          await settled();
          await showTab('rollout');
          await page.locator('figure.rollout svg .step').first().waitFor();
          assert.deepEqual(await page.evaluate(chartProblems), [], `${name} at ${width} px`);
        }
      }
      // The min and max labels of equal counts are one label.
      await paste(withSettings(1, 50, 100));
      await settled();
      const levels = page.locator('figure.rollout .level text');
      await levels.filter({ hasText: 'min = max 1' }).first().waitFor();
      assert.deepEqual(await levels.allTextContents(), ['min = max 1']);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test('the rule docs panel takes the focus; Escape anywhere closes it and gives the focus back', async () => {
    await paste(DEADLOCK);
    await settled();
    await showTab('findings');
    const opener = finding('ECS001').first().locator('.docs-button');
    const docs = page.locator('.rule-docs');
    const focusInDocs = () => page.evaluate(() => !!document.querySelector('.rule-docs')?.contains(document.activeElement));
    const focusOnOpener = () => page.evaluate(() => {
      const e = document.activeElement;
      return e?.classList.contains('docs-button') && e.closest('li.finding')?.dataset.code === 'ECS001';
    });
    for (const elsewhere of ['footer .privacy', EDITOR]) {
      await opener.focus();
      await page.keyboard.press('Enter');
      await docs.waitFor();
      assert.equal(await focusInDocs(), true, 'the panel has the focus');
      // The next Tab stays in the panel: its close button, not the next finding.
      await page.keyboard.press('Tab');
      assert.equal(await focusInDocs(), true, 'Tab goes on inside the panel');
      await page.locator(elsewhere).click();
      await page.keyboard.press('Escape');
      await docs.waitFor({ state: 'detached' });
      assert.equal(await focusOnOpener(), true, `focus back on the opener (Escape from ${elsewhere})`);
    }
  });

  test('headings go down one level at a time, with the docs open, in every tab', async () => {
    await paste(DEADLOCK_EXAMPLE);
    await settled();
    await showTab('findings');
    await finding('ECS001').first().locator('.docs-button').click();
    await page.locator('.rule-docs').waitFor();
    for (const tab of ['findings', 'parameters', 'rollout', 'guard']) {
      // The open panel lies over the tabs at this width.
      await page.locator(`#tab-${tab}`).dispatchEvent('click');
      const levels = await page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
        .map((h) => Number(h.tagName[1])));
      assert.equal(levels[0], 1, tab);
      for (let i = 1; i < levels.length; i++) {
        assert.ok(levels[i] <= levels[i - 1] + 1, `${tab}: h${levels[i - 1]} then h${levels[i]} (${levels})`);
      }
    }
    await page.locator('.rule-docs .close').click();
    await showTab('findings');
  });

  test('the header is one row from 1024 to 1400 px', async () => {
    const heights = {};
    try {
      for (const width of [1024, 1280, 1400]) {
        await page.setViewportSize({ width, height: 900 });
        const header = await page.evaluate(() => {
          const toolbar = document.querySelector('.toolbar');
          const button = toolbar.querySelector('button.share').getBoundingClientRect();
          return {
            height: toolbar.getBoundingClientRect().height,
            button: button.height,
            overflows: toolbar.scrollWidth > toolbar.clientWidth,
          };
        });
        heights[width] = header.height;
        assert.ok(header.height < 2 * header.button, `${width} px: header ${header.height} px high, a button ${header.button} px`);
        assert.equal(header.overflows, false, `${width} px: the header overflows`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    assert.equal(new Set(Object.values(heights)).size, 1, JSON.stringify(heights));
  });

  test('typing at the end of a 600 KB single-line JSON template', async () => {
    const resources = {};
    for (let i = 0; i < 8000; i++) {
      resources[`Queue${i}`] = { Type: 'AWS::SQS::Queue', Properties: { QueueName: `queue-${i}` } };
    }
    const text = JSON.stringify({ Resources: resources });
    assert.ok(text.length > 600_000 && !text.includes('\n'), `${text.length} bytes`);
    const file = path.join(ARTIFACTS, 'single-line.json');
    writeFileSync(file, text);
    await lintFile(file);
    await page.evaluate(() => {
      window.__long = [];
      window.__longObserver?.disconnect();
      window.__longObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push(Math.round(e.duration));
      });
      window.__longObserver.observe({ type: 'longtask' });
    });
    const latency = await typingLatency();
    await page.waitForTimeout(1000);
    const long = await page.evaluate(() => window.__long);
    timings.keyLatency600KBLine = { bytes: text.length, ...latency, longTasksMs: long };
    console.log('600 KB single line:', JSON.stringify(timings.keyLatency600KBLine));
    assert.ok(Math.max(0, ...long) <= 200, `longest main-thread task ${Math.max(...long)} ms`);
    await paste('');
  });

  test('axe-core finds nothing serious or critical in the main views, light and dark, 1280 and 390 px; screenshots of each', async () => {
    // axe-core from web/node_modules, served at the page's origin (its script policy allows
    // only its own scripts).
    await page.route('**/__test__/axe.min.js', (route) => route.fulfill({
      contentType: 'text/javascript',
      body: readFileSync(AXE, 'utf8'),
    }));
    await page.goto(BASE);
    await page.locator(EDITOR).waitFor();
    await paste(DEADLOCK_EXAMPLE);
    await settled();
    const views = {
      findings: () => showTab('findings'),
      parameters: () => showTab('parameters'),
      rollout: () => showTab('rollout'),
      guard: () => showTab('guard'),
      docs: async () => {
        await showTab('findings');
        await finding('ECS001').first().locator('.docs-button').click();
        await page.locator('.rule-docs').waitFor();
      },
    };
    const found = [];
    try {
      for (const [width, height, device] of [[1280, 900, 'desktop'], [390, 844, 'phone']]) {
        await page.setViewportSize({ width, height });
        for (const theme of ['light', 'dark']) {
          await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
          for (const [view, show] of Object.entries(views)) {
            await show();
            await page.waitForTimeout(100);
            if (!(await page.evaluate(() => 'axe' in window))) {
              await page.addScriptTag({ url: `${BASE}__test__/axe.min.js` });
            }
            const violations = await page.evaluate(async () => {
              const result = await window.axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
            });
            for (const v of violations) found.push(`${view}, ${theme}, ${width} px: ${v}`);
            if (theme === 'light' || device === 'desktop') {
              // On a phone the panel is under the editor: the picture shows the view.
              await page.locator(view === 'docs' ? '.rule-docs' : '.tab-panel').scrollIntoViewIfNeeded();
              await page.screenshot({ path: path.join(SCREENSHOTS, `${view}-${device}-${theme}.png`) });
            }
            if (view === 'docs') {
              await page.locator('.rule-docs .close').click();
              await page.locator('.rule-docs').waitFor({ state: 'detached' });
            }
          }
        }
      }
    } finally {
      await page.unroute('**/__test__/axe.min.js');
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.evaluate(() => { delete document.documentElement.dataset.theme; });
    }
    assert.deepEqual(found, []);
    const shots = readdirSync(SCREENSHOTS).filter((f) => f.endsWith('.png'));
    assert.equal(shots.length, 15, shots.join(', '));
  });

  test('the views made no request off 127.0.0.1 and no page error', () => {
    const foreign = requests.filter(
      (u) => !(u.startsWith(`${ORIGIN}/`) || u.startsWith('blob:') || u.startsWith('data:')),
    );
    assert.deepEqual(foreign, []);
    assert.deepEqual(problems, []);
    writeFileSync(path.join(ARTIFACTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  });
});

// The user's work (template, guard rules, rule settings) is never lost: share links ask before
// replacing a different draft, and everything outlives a reload and travels in the link.
describe('the user\'s work and rule settings', () => {
  const opened = [];
  const fresh = async (url = BASE) => {
    const p = await context.newPage();
    watchPage(p);
    opened.push(p);
    await p.goto(url);
    await p.locator(EDITOR).waitFor();
    return p;
  };
  const findingIn = (p, code) => p.locator(`li.finding[data-code="${code}"]`);
  after(async () => {
    for (const p of opened) await p.close();
  });

  /// A share link of `text`, made in a page that then holds `draft` (stored).
  async function linkOver(text, draft) {
    const p = await fresh();
    await paste(text, p);
    await settled(p);
    await p.locator('button.share').click();
    await p.waitForFunction(() => location.hash.startsWith('#t='));
    const url = p.url();
    await paste(draft, p);
    await settled(p);
    assert.equal(await p.evaluate(() => location.hash), '');
    return url;
  }

  test('a share link over a different draft asks first, and either side stays a click away', async () => {
    const url = await linkOver(CHAPTER8, DEADLOCK);
    const p = await fresh(url);
    const choice = p.locator('.share-choice');
    await choice.waitFor();
    // The draft is shown, not overwritten, and the question has the keyboard's focus.
    assert.equal(await editorText(p), DEADLOCK);
    assert.equal(await p.evaluate(() => document.activeElement?.className), 'open-shared');
    await choice.locator('button.keep-draft').click();
    await p.waitForFunction(() => location.hash === '');
    assert.equal(await editorText(p), DEADLOCK);
    // The shared template is still offered.
    await choice.locator('button.open-shared').click();
    await p.waitForFunction((t) => document.querySelector('.editor').plimsollEditor.text() === t, CHAPTER8);
    await findingIn(p, 'ECS007').first().waitFor();
    await choice.locator('button.keep-draft').click();
    await p.waitForFunction((t) => document.querySelector('.editor').plimsollEditor.text() === t, DEADLOCK);
    await settled(p);
    await p.reload();
    await findingIn(p, 'ECS001').first().waitFor();
    assert.equal(await editorText(p), DEADLOCK);
    assert.equal(await p.locator('.share-choice').count(), 0);

    // Opening the shared template from the keyboard; once edited, a reload keeps the edit.
    const q = await fresh(url);
    await q.locator('.share-choice button.open-shared').waitFor();
    await q.keyboard.press('Enter');
    await q.waitForFunction((t) => document.querySelector('.editor').plimsollEditor.text() === t, CHAPTER8);
    await q.locator(EDITOR).focus();
    await q.keyboard.press('Control+End');
    await q.keyboard.type('# mine');
    await settled(q);
    const edited = await editorText(q);
    assert.ok(edited.endsWith('# mine'));
    await q.reload();
    await findingIn(q, 'ECS007').first().waitFor();
    assert.equal(await editorText(q), edited);
    assert.equal(await q.locator('.share-choice').count(), 0);
  });

  test('examples and opened files replace the draft as an undoable edit', async () => {
    const p = await fresh();
    await paste(DEADLOCK, p);
    await settled(p);
    const example = await p.locator('select.examples option').nth(2).getAttribute('value');
    await p.locator('select.examples').selectOption(example);
    await p.waitForFunction((t) => document.querySelector('.editor').plimsollEditor.text() !== t, DEADLOCK);
    await p.locator(EDITOR).focus();
    await p.keyboard.press('Control+z');
    await p.waitForFunction((t) => document.querySelector('.editor').plimsollEditor.text() === t, DEADLOCK);
    await p.locator('input[type="file"]').setInputFiles(garbageFree());
    await p.waitForFunction((t) => document.querySelector('.editor').plimsollEditor.text() !== t, DEADLOCK);
    await p.locator(EDITOR).focus();
    await p.keyboard.press('Control+z');
    await p.waitForFunction((t) => document.querySelector('.editor').plimsollEditor.text() === t, DEADLOCK);
    await settled(p);
  });

  test('guard rules and rule settings outlive a reload, travel in the link and export as plimsoll.toml', async () => {
    const p = await fresh();
    await paste(DEADLOCK, p);
    await showTab('guard', p);
    await p.locator('#guard-rules').fill(OWN_RULES);
    await settled(p);
    await showTab('findings', p);
    await findingIn(p, 'ORG001').first().waitFor();
    await findingIn(p, 'ECS001').first().waitFor();
    assert.equal(await findingIn(p, 'ECS005').first().getAttribute('class').then((c) => c.includes('warning')), true);

    // Settings from the keyboard: the checkbox by its label, the select by its name.
    await showTab('rules', p);
    await p.getByLabel('ECS001 deployment-deadlock').focus();
    await p.keyboard.press('Space');
    await p.getByLabel('Severity of ECS005').selectOption('error');
    await settled(p);
    await showTab('findings', p);
    await findingIn(p, 'ECS001').first().waitFor({ state: 'detached' });
    await p.locator('li.finding.error[data-code="ECS005"]').first().waitFor();

    const expectSettings = async (target) => {
      await showTab('findings', target);
      await findingIn(target, 'ORG001').first().waitFor();
      await target.locator('li.finding.error[data-code="ECS005"]').first().waitFor();
      assert.equal(await findingIn(target, 'ECS001').count(), 0);
      await showTab('guard', target);
      assert.equal(await target.locator('#guard-rules').inputValue(), OWN_RULES);
      await showTab('rules', target);
      assert.equal(await target.locator('#rule-on-ECS001').isChecked(), false);
      assert.equal(await target.getByLabel('Severity of ECS005').inputValue(), 'error');
    };
    await p.reload();
    await settled(p);
    await expectSettings(p);

    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.locator('button.export-config').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'plimsoll.toml');
    const file = path.join(ARTIFACTS, 'plimsoll.toml');
    await download.saveAs(file);
    const toml = readFileSync(file, 'utf8');
    assert.match(toml, /^ignore = \["ECS001"\]$/m);
    assert.match(toml, /^\[severity\]\nECS005 = "error"$/m);

    // The link carries them to a page that has none stored.
    await p.locator('button.share').click();
    await p.waitForFunction(() => location.hash.startsWith('#t='));
    const url = p.url();
    await p.evaluate(() => localStorage.clear());
    const q = await fresh(url);
    await settled(q);
    assert.equal(await q.locator('.share-choice').count(), 0);
    await expectSettings(q);
  });

  test('the footer names the version and links the rules docs and the CLI', async () => {
    const p = await fresh();
    const about = p.locator('.status .about');
    assert.match(await about.locator('.version').textContent(), /^Plimsoll \d+\.\d+\.\d+/);
    const links = await about.locator('a').evaluateAll((as) => as.map((a) => a.href));
    assert.equal(links.length, 2);
    assert.ok(links[0].endsWith('/docs/rules/README.md'), links[0]);
    assert.ok(links[1].endsWith('#readme'), links[1]);
  });
});
