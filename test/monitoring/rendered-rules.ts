import { render, type K8sObject, type Overlay } from '../deployment/render.js';

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

/** The rule groups of every PrometheusRule an overlay renders with components/monitoring, in Prometheus's format. */
export function renderedRuleGroups(overlay: Overlay): RuleGroup[] {
  const objects: K8sObject[] = render({
    overlay,
    add: overlay === 'dev' ? ['monitoring'] : [],
  });
  return objects
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => (o.spec as { groups: RuleGroup[] }).groups);
}

/** The Grafana dashboard JSON the rendered ConfigMap carries. */
export function renderedDashboard(overlay: Overlay): {
  panels: { title: string; targets: { expr: string }[] }[];
} {
  const objects = render({ overlay, add: overlay === 'dev' ? ['monitoring'] : [] });
  const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
  if (!map?.data) throw new Error('no ConfigMap labelled grafana_dashboard: "1"');
  const [json] = Object.values(map.data);
  return JSON.parse(json as string) as ReturnType<typeof renderedDashboard>;
}
