import { ExternalSecret, SecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { PodMonitor, PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { CronJob } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { K8sObject } from './render.js';

/**
 * Offline schema validation of rendered objects with the kubernetes-models packages (the API server's and the
 * CRDs' OpenAPI schemas). They check types, required fields and enums; like the API server without
 * `--validate=strict`, they do not reject unknown fields, so the invariants check the fields that matter by name.
 */

type ModelClass = new (data: never) => { validate(): void };

const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/CronJob': CronJob,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'external-secrets.io/v1/ExternalSecret': ExternalSecret,
  'external-secrets.io/v1/SecretStore': SecretStore,
};

/** Throws naming the object when it has no known schema or does not match it. */
export function validateAgainstSchema(object: K8sObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[key];
  if (!Model) throw new Error(`${key} ${object.metadata.name}: no schema known for this kind`);
  try {
    new Model(object as never).validate();
  } catch (err) {
    throw new Error(`${key} ${object.metadata.name}: ${(err as Error).message}`);
  }
}
