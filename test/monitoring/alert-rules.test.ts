import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { assertKubectl, ROOT } from '../deployment/render.js';
import { renderedDashboard, renderedRuleGroups, type Rule, type RuleGroup } from './rendered-rules.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const THRESHOLDS_GROUP = 'safetyamp-sync-thresholds';

interface ExpAlert {
  exp_labels: Record<string, string>;
  exp_annotations?: Record<string, string>;
}
interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: ExpAlert[];
}
interface TestFile {
  rule_files: string[];
  tests: { alert_rule_test?: AlertTest[] }[];
}

/** The GitHub-style anchors of docs/runbooks.md's headings. */
function runbookAnchors(): Set<string> {
  const text = readFileSync(join(ROOT, 'docs/runbooks.md'), 'utf8');
  return new Set(
    [...text.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
      (m[1] as string)
        .trim()
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .replace(/\s+/g, '-'),
    ),
  );
}

/**
 * promtool wants each expected alert's annotations exactly as the rule expands them: they are the rule's own, with
 * `{{ $labels.x }}` filled from the expected labels (the rules use no other template), so the tests state only
 * what matters — which alert fires, when, with which labels.
 */
function withAnnotations(file: TestFile, alerts: Map<string, Rule>): TestFile {
  for (const test of file.tests)
    for (const t of test.alert_rule_test ?? []) {
      const rule = alerts.get(t.alertname);
      if (!rule) throw new Error(`the tests name an unknown alert ${t.alertname}`);
      for (const exp of t.exp_alerts) {
        exp.exp_annotations = Object.fromEntries(
          Object.entries(rule.annotations ?? {}).map(([k, v]) => [
            k,
            v.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, label: string) => exp.exp_labels[label] ?? ''),
          ]),
        );
      }
    }
  return file;
}

function promtool(args: string[], cwd: string): void {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool (Debian package prometheus) is needed: ${run.error.message}`);
  expect(run.status, `promtool ${args.join(' ')}:\n${run.stdout}\n${run.stderr}`).to.equal(0);
}

describe('alerting and recording rules (promtool from Debian prometheus)', function () {
  this.timeout(120_000);
  let groups: RuleGroup[];
  let dir: string;
  const alerts = new Map<string, Rule>();

  before(() => {
    assertKubectl();
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    groups = renderedRuleGroups('prod');
    for (const g of groups) for (const r of g.rules) if (r.alert) alerts.set(r.alert, r);
    dir = mkdtempSync(join(tmpdir(), 'safetyamp-rules-'));
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
    writeFileSync(
      join(dir, 'rules-without-thresholds.yaml'),
      stringify({ groups: groups.filter((g) => g.name !== THRESHOLDS_GROUP) }),
    );
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('promtool check rules accepts the rendered rules', () => {
    promtool(['check', 'rules', 'rules.yaml'], dir);
  });

  it('has at least 12 alerts, each with summary, description, severity and its own runbook section', () => {
    expect(alerts.size).to.be.at.least(12);
    const anchors = runbookAnchors();
    const used = new Set<string>();
    for (const [name, rule] of alerts) {
      expect(rule.labels?.severity, name).to.be.oneOf(['critical', 'warning', 'info']);
      expect(rule.annotations?.summary, `${name} summary`).to.be.a('string').with.length.greaterThan(0);
      expect(rule.annotations?.description, `${name} description`)
        .to.be.a('string')
        .with.length.greaterThan(0);
      const url = rule.annotations?.runbook_url ?? '';
      const anchor = /^docs\/runbooks\.md#([\w-]+)$/.exec(url)?.[1];
      expect(anchor, `${name} runbook_url ${url}`).to.be.a('string');
      expect(anchors.has(anchor as string), `${name}: docs/runbooks.md has no section #${anchor}`).to.equal(
        true,
      );
      expect(used.has(anchor as string), `${name} shares its runbook section`).to.equal(false);
      used.add(anchor as string);
    }
  });

  it('aggregates every alert across replicas with max() (or absent), and takes thresholds from safetyamp:threshold:*', () => {
    for (const [name, rule] of alerts) {
      expect(/\bmax(\s+by\s*\([^)]*\))?\s*\(|\babsent\(/.test(rule.expr), `${name}: ${rule.expr}`).to.equal(
        true,
      );
      expect(/\bsum\s*\(\s*safetyamp_/.test(rule.expr), `${name} sums a raw series`).to.equal(false);
      // A comparison with a number other than 0 or 1 is a hard-coded threshold.
      for (const m of rule.expr.matchAll(/(?:>|<|>=|<=|==)\s*(\d+(?:\.\d+)?)/g)) {
        expect(['0', '1'], `${name} compares with ${m[1]}: use a safetyamp:threshold:* series`).to.include(
          m[1],
        );
      }
    }
  });

  it('the overlays set their own thresholds', () => {
    const thresholds = (g: RuleGroup[]) =>
      Object.fromEntries(
        (g.find((x) => x.name === THRESHOLDS_GROUP)?.rules ?? []).map((r) => [r.record, Number(r.expr)]),
      );
    const prod = thresholds(groups);
    const dev = thresholds(renderedRuleGroups('dev'));
    expect(Object.keys(prod)).to.have.length.at.least(7);
    expect(Object.keys(dev)).to.deep.equal(Object.keys(prod));
    expect(dev['safetyamp:threshold:sync_stalled_seconds']).to.not.equal(
      prod['safetyamp:threshold:sync_stalled_seconds'],
    );
    for (const [name, rule] of alerts) {
      for (const m of rule.expr.matchAll(/safetyamp:threshold:\w+/g))
        expect(prod, `${name} uses ${m[0]}`).to.have.property(m[0]);
    }
  });

  it('promtool test rules: every alert fires when it should and stays quiet when it should not', () => {
    const files = ['alert-rules.tests.yaml', 'alert-rules-without-thresholds.tests.yaml'];
    const fires = new Set<string>();
    const quiet = new Set<string>();
    for (const name of files) {
      const file = withAnnotations(parse(readFileSync(join(HERE, name), 'utf8')) as TestFile, alerts);
      for (const test of file.tests)
        for (const t of test.alert_rule_test ?? []) (t.exp_alerts.length ? fires : quiet).add(t.alertname);
      writeFileSync(join(dir, name), stringify(file));
    }
    promtool(['test', 'rules', ...files], dir);
    for (const name of alerts.keys()) {
      expect(fires.has(name), `${name} has no test where it fires`).to.equal(true);
      expect(quiet.has(name), `${name} has no test where it stays quiet`).to.equal(true);
    }
  });

  it('every Grafana panel queries recorded series or single series, and every recorded series it names exists', () => {
    const records = new Set(groups.flatMap((g) => g.rules.map((r) => r.record).filter(Boolean)));
    const dashboard = renderedDashboard('prod');
    expect(dashboard.panels.length).to.be.at.least(12);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).to.be.greaterThan(0);
      for (const { expr } of panel.targets) {
        for (const m of expr.matchAll(/safetyamp:[\w:]+/g))
          expect(records.has(m[0]), `${panel.title}: ${m[0]} is not recorded`).to.equal(true);
        // Heavier than one series (a rate, a quantile, a sum over series) belongs in a recording rule.
        expect(
          /\b(rate|increase|histogram_quantile|sum)\s*\(/.test(expr),
          `${panel.title}: ${expr}`,
        ).to.equal(false);
      }
    }
  });
});
