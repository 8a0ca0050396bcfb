import type { RunningSafetyAmpSimulator, SafetyAmpSeed } from '../../apps/simulators/safetyamp/server.js';
import type { Payload, RunPlan, SafetyAmpSnapshot } from '../../libs/domain/index.js';
import type { SafetyAmpClient } from '../../libs/safetyamp/index.js';
import { SafetyAmpClientRig } from '../support/safetyamp-client-rig.js';

/** The tenant the hostile source tests start from: root, region, department 01, site 12345., title Electrician. */
export const HOSTILE_TENANT_SEED: SafetyAmpSeed = {
  site_clusters: [
    { id: 1, name: 'I&I', external_code: null, parent_cluster_id: null },
    { id: 10, name: 'Lake Charles', external_code: 'Lake Charles', parent_cluster_id: 1 },
    { id: 11, name: '01 - Electrical', external_code: '01', parent_cluster_id: 10 },
  ],
  sites: [{ id: 500, name: '12345. - Plant A', external_code: '12345.', cluster_id: 11 }],
  user_titles: [{ id: 40, name: 'Electrician' }],
  users: [],
  roles: [{ id: 3, name: 'Field' }],
  asset_types: [{ id: 3183, name: 'Vehicles' }],
  assets: [],
};

/** A SafetyAmp simulator and the fleet's real client to it (over TCP, limiter in Redis). */
export interface SafetyAmpUnderTest {
  sim: RunningSafetyAmpSimulator;
  client: SafetyAmpClient;
  /** What the fleet's mirror would hold after a reconcile: the tenant read through the client. */
  snapshot(): Promise<SafetyAmpSnapshot>;
  /** Sends every create of the plan's types (no EntityRef may be left: the tenant holds every referenced record). */
  writeCreates(plan: RunPlan, types: ('sites' | 'users' | 'titles' | 'assets')[]): Promise<number>;
  close(): Promise<void>;
}

export async function startSafetyAmp(seed: SafetyAmpSeed = HOSTILE_TENANT_SEED): Promise<SafetyAmpUnderTest> {
  const rig = new SafetyAmpClientRig({
    name: 'hostile',
    seed: () => structuredClone(seed),
    client: { breaker: { volumeThreshold: 1_000_000 } },
    limit: { max: 10_000, windowMs: 1000 },
  });
  rig.begin();
  const sim = await rig.start();
  const client = rig.client();
  const numericOnly = (payload: Payload): Record<string, unknown> => {
    for (const [field, value] of Object.entries(payload)) {
      if (typeof value === 'object' && value !== null && '$ref' in value)
        throw new Error(`${field} still references ${value.$ref} ${value.key}`);
    }
    return payload;
  };
  return {
    sim,
    client,
    async snapshot() {
      const [clusters, sites, titles, users, assets, roles, assetTypes] = await Promise.all([
        client.listClusters(),
        client.listSites(),
        client.listTitles(),
        client.listUsers(),
        client.listAssets(),
        client.listRoles(),
        client.listAssetTypes(),
      ]);
      return { clusters, sites, titles, users, assets, roles, assetTypes };
    },
    async writeCreates(plan, types) {
      let written = 0;
      for (const type of types) {
        for (const change of plan.entities[type]?.changes ?? []) {
          if (change.action !== 'create') continue;
          const body = numericOnly(change.payload) as never;
          if (type === 'sites') await client.createSite(body);
          else if (type === 'users') await client.createUser(body);
          else if (type === 'titles') await client.createTitle(body);
          else await client.createAsset(body);
          written += 1;
        }
      }
      return written;
    },
    close: () => rig.end(),
  };
}
