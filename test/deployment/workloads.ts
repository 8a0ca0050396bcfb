import type { K8sObject } from './render.js';

/** The shapes of the rendered pod templates the invariants read (a small subset of the Kubernetes API). */

export interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string };
  procMount?: string;
  windowsOptions?: { hostProcess?: boolean };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number; hostPort?: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  [source: string]: unknown;
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext & { sysctls?: unknown[] };
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
}

export interface Workload {
  object: K8sObject;
  /** Long-running (Deployment, StatefulSet) or one run at a time (CronJob). */
  longRunning: boolean;
  labels: Record<string, string>;
  pod: PodSpec;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

export function workloads(objects: K8sObject[]): Workload[] {
  const found: Workload[] = [];
  for (const object of objects) {
    const spec = object.spec as Record<string, unknown> | undefined;
    let template: PodTemplate | undefined;
    if (object.kind === 'Deployment' || object.kind === 'StatefulSet')
      template = spec?.template as PodTemplate;
    if (object.kind === 'CronJob') {
      template = (spec?.jobTemplate as { spec: { template: PodTemplate } }).spec.template;
    }
    if (template) {
      found.push({
        object,
        longRunning: object.kind !== 'CronJob',
        labels: template.metadata?.labels ?? {},
        pod: template.spec,
      });
    }
  }
  return found;
}

export function allContainers(pod: PodSpec): Container[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** `Kind/name`, for assertion messages. */
export function kindAndName(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

export function selects(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: object,
): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.every(([key, value]) => (labels as Record<string, string>)[key] === value);
}
