import type { SaCluster, SaSite } from '../../../libs/domain/types.js';
import type { SafetyAmpSeed } from './company-dataset.js';
import type { Random } from './random.js';
import { MAIL_DOMAIN, PLACES, STREETS, TITLES } from './vocabulary.js';

/** Where the fleet parks vehicles it cannot place elsewhere (domain.md §4.5). */
export const DEFAULT_VEHICLE_SITE_ID = 5145;
export const VEHICLE_ASSET_TYPE_ID = 3183;

/**
 * The tenant before the first sync: the root cluster "I&I" and one cluster per region (external_code = the
 * region), a home-office site directly under each region, the vehicle yard (5145) under the root, a few
 * titles (one in other letter case than Vista spells it), two administrators without emp_id, the four
 * roles and the Vehicles asset type.
 */
export function generateSafetyAmpSeed(random: Random, regions: string[]): SafetyAmpSeed {
  const root: SaCluster = {
    id: 4100,
    name: 'I&I',
    external_code: null,
    parent_cluster_id: null,
    depth: 0,
    osha_establishment: 0,
  };
  const regionClusters = regions.map((region, i): SaCluster => ({
    id: 4101 + i,
    name: region,
    external_code: region,
    parent_cluster_id: root.id,
    depth: 1,
    osha_establishment: 0,
  }));
  const site = (id: number, name: string, clusterId: number): SaSite => {
    const [city, state, prefix] = random.pick(PLACES);
    return {
      id,
      name,
      external_code: null,
      cluster_id: clusterId,
      street: `${random.int(100, 9999)} ${random.pick(STREETS)}`,
      street2: null,
      city,
      state,
      zip_code: `${prefix}${random.int(10, 99)}`,
      country: 'US',
      timezone: 'America/Chicago',
    };
  };
  const sites = [
    site(DEFAULT_VEHICLE_SITE_ID, 'Equipment Yard', root.id),
    ...regionClusters.map((cluster, i) => site(6001 + i, `${cluster.name} Office`, cluster.id)),
  ];
  const titles = TITLES.slice(0, 5).map((name, i) => ({
    id: 7001 + i,
    name: i === 4 ? name.toLowerCase() : name,
  }));
  const roles = ['Company Administrator', 'Supervisor', 'Field', 'Safety Representative'].map((name, i) => ({
    id: 2701 + i,
    name,
  }));
  const admin = (id: string, first: string, last: string) => ({
    id,
    emp_id: null,
    first_name: first,
    last_name: last,
    email: `${first}.${last}@${MAIL_DOMAIN}`.toLowerCase(),
    roles: [{ id: 2701 }],
    system_access: true,
    home_site_id: sites[1]?.id ?? DEFAULT_VEHICLE_SITE_ID,
  });
  return {
    site_clusters: [root, ...regionClusters],
    sites,
    user_titles: titles,
    users: [admin('a8Kq2x', 'Safety', 'Admin'), admin('b3Zt9m', 'Fleet', 'Integration')],
    roles,
    asset_types: [{ id: VEHICLE_ASSET_TYPE_ID, name: 'Vehicles' }],
    assets: [],
  };
}
