import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments, stringify } from 'yaml';

/**
 * Renders the committed overlays with `kubectl kustomize`, the way a cluster admin applies them, from a temporary
 * copy of k8s/ so that a component can be switched on or off and the dev overlay gets a throw-away secrets.env
 * built from its committed example (never a real one that may sit, git-ignored, in the checkout).
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEV_SECRETS_EXAMPLE = join(ROOT, 'k8s/overlays/dev/secrets.env.example');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  /** ConfigMap and Secret contents. */
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [field: string]: unknown;
}

export type Overlay = 'dev' | 'prod';

export interface Variant {
  overlay: Overlay;
  /** Components added to the overlay's list, e.g. `cronjob`. */
  add?: string[];
  /** Components taken out of the overlay's list, e.g. `prometheus-adapter` when `keda` replaces it. */
  remove?: string[];
}

/** The version kustomize needs to render Components with delete patches and images pinned by tag and digest. */
const MINIMUM_KUSTOMIZE_MAJOR = 5;

/** Throws, naming the fix, when kubectl is missing or its kustomize is too old: these tests must not pass silently. */
export function assertKubectl(): void {
  const run = spawnSync('kubectl', ['version', '--client', '--output=json'], { encoding: 'utf8' });
  if (run.error) {
    throw new Error(
      `kubectl is needed to render k8s/ (kubectl kustomize) and was not found (${run.error.message}): ` +
        'install it with `apt-get install -y kubectl`',
    );
  }
  const version = (JSON.parse(run.stdout) as { kustomizeVersion?: string }).kustomizeVersion ?? '';
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
  if (major < MINIMUM_KUSTOMIZE_MAJOR) {
    throw new Error(
      `kubectl's kustomize is '${version}'; rendering k8s/ needs v${MINIMUM_KUSTOMIZE_MAJOR} or later: ` +
        'install a current kubectl with `apt-get install -y kubectl`',
    );
  }
}

/** The example's keys with throw-away values; the Redis password is the same in REDIS_PASSWORD and REDIS_URL. */
export function devSecretsFromExample(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of readFileSync(DEV_SECRETS_EXAMPLE, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) entries.set(match[1] as string, match[2] as string);
  }
  const password = 'test-redis-password';
  for (const [key, value] of entries) {
    entries.set(
      key,
      key === 'REDIS_PASSWORD' ? password : value.replace('<REDIS_PASSWORD>', password) || `test-${key}`,
    );
  }
  return entries;
}

export function render(variant: Variant): K8sObject[] {
  const dir = mkdtempSync(join(tmpdir(), 'safetyamp-k8s-'));
  try {
    cpSync(join(ROOT, 'k8s'), join(dir, 'k8s'), { recursive: true });
    const overlayDir = join(dir, 'k8s/overlays', variant.overlay);
    if (variant.overlay === 'dev') {
      const lines = [...devSecretsFromExample()].map(([key, value]) => `${key}=${value}`);
      writeFileSync(join(overlayDir, 'secrets.env'), `${lines.join('\n')}\n`);
    }
    editComponents(join(overlayDir, 'kustomization.yaml'), variant);
    const output = execFileSync('kubectl', ['kustomize', overlayDir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return parseAllDocuments(output)
      .map((doc) => doc.toJS() as K8sObject | null)
      .filter((o): o is K8sObject => o !== null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function editComponents(kustomizationFile: string, variant: Variant): void {
  const kustomization = parse(readFileSync(kustomizationFile, 'utf8')) as { components?: string[] | null };
  const path = (name: string): string => `../../components/${name}`;
  const current = kustomization.components ?? [];
  for (const name of variant.remove ?? []) {
    if (!current.includes(path(name))) throw new Error(`${variant.overlay} does not list component ${name}`);
  }
  const removed = current.filter((c) => !(variant.remove ?? []).map(path).includes(c));
  kustomization.components = [...removed, ...(variant.add ?? []).map(path)];
  writeFileSync(kustomizationFile, stringify(kustomization));
}

/** The components an overlay lists as committed. */
export function committedComponents(overlay: Overlay): string[] {
  const file = join(ROOT, 'k8s/overlays', overlay, 'kustomization.yaml');
  const kustomization = parse(readFileSync(file, 'utf8')) as { components?: string[] | null };
  return (kustomization.components ?? []).map((c) => c.replace('../../components/', ''));
}
