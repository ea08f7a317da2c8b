// Accounts (domains). Every project belongs to one account, and the whitelist of an endpoint service
// names accounts, not projects. A project the identity API registered (a token scoped to it by name, a
// look-up by name) belongs to the domain it was named under. A project only ever used by id is an
// account of its own: its domain id is its project id.
import type { Db } from '../db/database.js';

/** SQL for the domain id of the project in `projectColumn`, for stores that read it with their rows. */
export function domainIdSql(projectColumn: string): string {
  return `COALESCE((SELECT ip.domain_id FROM identity_projects ip WHERE ip.id = ${projectColumn}), ${projectColumn})`;
}

/** A project the emulator knows, with its account; names only for what the identity API registered. */
export interface KnownProject {
  id: string;
  name: string | null;
  domain: { id: string; name: string | null };
}

export class Accounts {
  private readonly selectDomainId;
  private readonly selectProjects;

  constructor(db: Db) {
    this.selectDomainId = db.prepare(`SELECT ${domainIdSql('@project_id')}`).pluck();
    // Every project that owns a resource or that the identity API registered.
    this.selectProjects = db.prepare(`
      SELECT k.id, k.name, k.domain_id, (SELECT d.name FROM identity_domains d WHERE d.id = k.domain_id) AS domain_name
      FROM (
        SELECT p.id, (SELECT ip.name FROM identity_projects ip WHERE ip.id = p.id) AS name,
          ${domainIdSql('p.id')} AS domain_id
        FROM (SELECT project_id AS id FROM endpoint_services UNION SELECT project_id FROM endpoints
              UNION SELECT id FROM identity_projects) p
      ) k
      ORDER BY k.id`);
  }

  projects(): KnownProject[] {
    const rows = this.selectProjects.all() as { id: string; name: string | null; domain_id: string; domain_name: string | null }[];
    return rows.map((r) => ({ id: r.id, name: r.name, domain: { id: r.domain_id, name: r.domain_name } }));
  }

  domainOf(projectId: string): string {
    return this.selectDomainId.get({ project_id: projectId }) as string;
  }
}
