import type { K8sObject } from './render.js';
import { selects, type Container } from './workloads.js';

/** Which traffic the rendered NetworkPolicies allow, read the way a CNI reads them (policies are additive). */

type LabelSelector = { matchLabels?: Record<string, string> };

export interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}

interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}

interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PolicyPort[];
}

interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: Rule[];
  egress?: Rule[];
}

function spec(policy: K8sObject): PolicySpec {
  return policy.spec as PolicySpec;
}

function policiesFor(objects: K8sObject[], podLabels: Record<string, string>, type: string): PolicySpec[] {
  return objects
    .filter((o) => o.kind === 'NetworkPolicy')
    .map(spec)
    .filter((s) => selects(s.podSelector, podLabels) && (s.policyTypes ?? ['Ingress']).includes(type));
}

function tcp(p: PolicyPort): boolean {
  return (p.protocol ?? 'TCP') === 'TCP';
}

/** A numeric port, as it must be for traffic leaving the pod towards something outside the cluster's pods. */
function portAllows(ports: PolicyPort[] | undefined, port: number): boolean {
  if (!ports?.length) return true;
  return ports.some((p) => {
    if (!tcp(p)) return false;
    if (p.port === undefined || p.port === port) return true;
    return typeof p.port === 'number' && p.endPort !== undefined && p.port <= port && port <= p.endPort;
  });
}

/** Whether a pod with these labels may open TCP connections to `port` on a peer `peerAccepted` agrees to. */
export function egressAllows(
  objects: K8sObject[],
  podLabels: Record<string, string>,
  port: number,
  peerAccepted: (peer: Peer) => boolean = () => true,
): boolean {
  const policies = policiesFor(objects, podLabels, 'Egress');
  if (!policies.length) return true;
  return policies.some((s) =>
    (s.egress ?? []).some(
      (rule) => portAllows(rule.ports, port) && (!rule.to?.length || rule.to.some(peerAccepted)),
    ),
  );
}

/** The ingress ports policies open on a pod, by container port number, from a peer `peerAccepted` agrees to. */
export function ingressOpenPorts(
  objects: K8sObject[],
  podLabels: Record<string, string>,
  containers: Container[],
  peerAccepted: (peer: Peer) => boolean,
): Set<number> {
  const declared = containers.flatMap((c) => c.ports ?? []);
  const open = new Set<number>();
  for (const s of policiesFor(objects, podLabels, 'Ingress')) {
    for (const rule of s.ingress ?? []) {
      if (rule.from?.length && !rule.from.some(peerAccepted)) continue;
      for (const p of rule.ports?.length ? rule.ports : [{}]) {
        if (!tcp(p)) continue;
        for (const d of declared) {
          if (p.port === undefined || p.port === d.containerPort || p.port === d.name)
            open.add(d.containerPort);
        }
      }
    }
  }
  return open;
}

/** Ingress rule ports that name or number no port of any pod the policy selects: a typo that opens nothing. */
export function danglingIngressPorts(
  objects: K8sObject[],
  pods: { labels: Record<string, string>; containers: Container[] }[],
): string[] {
  const problems: string[] = [];
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const s = spec(policy);
    const declared = pods
      .filter((p) => selects(s.podSelector, p.labels))
      .flatMap((p) => p.containers.flatMap((c) => c.ports ?? []));
    for (const rule of s.ingress ?? []) {
      for (const p of rule.ports ?? []) {
        if (!declared.some((d) => p.port === d.containerPort || p.port === d.name)) {
          problems.push(`${policy.metadata.name}: ingress port ${String(p.port)} is no port of its pods`);
        }
      }
    }
  }
  return problems;
}

export function fromNamespace(name: string): (peer: Peer) => boolean {
  return (peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === name;
}

/** A peer in the policy's own namespace whose pod selector picks pods with these labels. */
export function samePodsAs(labels: Record<string, string>): (peer: Peer) => boolean {
  return (peer) => !peer.namespaceSelector && !peer.ipBlock && selects(peer.podSelector, labels);
}
