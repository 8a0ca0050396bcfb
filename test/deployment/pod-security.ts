import { allContainers, type PodSpec } from './workloads.js';

/**
 * What the `restricted` Pod Security Standard (baseline included) rejects in a pod spec, as the admission
 * controller checks it (kubernetes.io/docs/concepts/security/pod-security-standards). Returns one line per problem.
 */

const RESTRICTED_VOLUME_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

export function restrictedViolations(pod: PodSpec): string[] {
  const problems: string[] = [];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push('shares a host namespace');
  if (pod.securityContext?.sysctls?.length) problems.push('sets sysctls');
  for (const volume of pod.volumes ?? []) {
    const sources = Object.keys(volume).filter((k) => k !== 'name');
    for (const source of sources) {
      if (!RESTRICTED_VOLUME_SOURCES.has(source)) problems.push(`volume ${volume.name} is a ${source}`);
    }
  }
  const podContext = pod.securityContext ?? {};
  if (podContext.runAsUser === 0) problems.push('pod runs as user 0');
  for (const c of allContainers(pod)) {
    const context = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (context.privileged) problems.push(`${where} is privileged`);
    if (context.windowsOptions?.hostProcess) problems.push(`${where} is a host process`);
    if (context.procMount && context.procMount !== 'Default') problems.push(`${where} sets procMount`);
    if ((c.ports ?? []).some((p) => p.hostPort)) problems.push(`${where} uses a host port`);
    if (context.allowPrivilegeEscalation !== false) {
      problems.push(`${where} does not set allowPrivilegeEscalation: false`);
    }
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) {
      problems.push(`${where} does not set runAsNonRoot: true`);
    }
    if (context.runAsUser === 0) problems.push(`${where} runs as user 0`);
    const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (!seccomp || !ALLOWED_SECCOMP.has(seccomp))
      problems.push(`${where} has no RuntimeDefault seccomp profile`);
    if (!context.capabilities?.drop?.includes('ALL'))
      problems.push(`${where} does not drop ALL capabilities`);
    const added = (context.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length) problems.push(`${where} adds capabilities ${added.join(', ')}`);
  }
  return problems;
}
