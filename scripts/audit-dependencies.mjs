#!/usr/bin/env node
// `npm audit` of the production dependencies for CI: exit 1 when one has a high or critical advisory.
// When the registry gives no audit report (audit endpoint unreachable or refusing), it says so loudly and exits 0:
// an outage of the advisory service must not block every build, but nobody may read that as "audited, clean".
import { spawnSync } from 'node:child_process';

const SERIOUS = new Set(['high', 'critical']);

const npm = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8' });
const report = parseJson(npm.stdout);

if (report?.auditReportVersion !== undefined && report.vulnerabilities && report.metadata?.vulnerabilities) {
  const serious = Object.values(report.vulnerabilities).filter((entry) => SERIOUS.has(entry.severity));
  for (const entry of serious) console.error(`audit: ${entry.severity} ${entry.name} — ${advisories(entry)}`);
  const counts = report.metadata.vulnerabilities;
  const summary = ['critical', 'high', 'moderate', 'low']
    .map((level) => `${counts[level] ?? 0} ${level}`)
    .join(', ');
  if (serious.length > 0) {
    console.error(
      `audit: FAILED: production dependencies have high or critical advisories (${summary}); see npm audit --omit=dev`,
    );
    process.exit(1);
  }
  console.log(`audit: no high or critical advisories in production dependencies (${summary})`);
  process.exit(0);
}

const reason =
  report?.message ??
  report?.error?.summary ??
  firstLine(npm.stderr) ??
  npm.error?.message ??
  `npm exited ${npm.status}`;
// npm names the advisory endpoint (…/-/npm/v1/security/…) when it, not our project, is the problem.
if (!/audit endpoint|\/-\/npm\/v1\/security\//.test(`${npm.stderr}\n${report?.message ?? ''}`)) {
  console.error(`audit: FAILED: npm audit could not run (${reason})`);
  process.exit(2);
}
console.error(
  `audit: NOT RUN: the registry's audit endpoint gave no report (${reason}); production dependencies were NOT ` +
    'checked for known vulnerabilities. CI goes on; run npm audit --omit=dev where the endpoint answers.',
);

function advisories(entry) {
  const titles = entry.via.map((via) =>
    typeof via === 'string' ? `through ${via}` : `${via.title} ${via.url ?? ''}`,
  );
  return titles.join('; ').trim();
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstLine(text) {
  return text?.split('\n').find((line) => line.trim() !== '');
}
