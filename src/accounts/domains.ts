// Accounts (domains). Every project belongs to one account, and the whitelist of an endpoint service
// names accounts, not projects. A project the identity API registered (a token scoped to it by name, a
// look-up by name) belongs to the domain it was named under. A project only ever used by id is an
// account of its own: its domain id is its project id.
import type { Db } from '../db/database.js';

/** SQL for the domain id of the project in `projectColumn`, for stores that read it with their rows. */
export function domainIdSql(projectColumn: string): string {
  return `COALESCE((SELECT ip.domain_id FROM identity_projects ip WHERE ip.id = ${projectColumn}), ${projectColumn})`;
}

export class Accounts {
  private readonly selectDomainId;

  constructor(db: Db) {
    this.selectDomainId = db.prepare(`SELECT ${domainIdSql('@project_id')}`).pluck();
  }

  domainOf(projectId: string): string {
    return this.selectDomainId.get({ project_id: projectId }) as string;
  }
}
