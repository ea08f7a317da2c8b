// Tags of any resource, kept in resource_tags in the order they were given.
import type { Db } from '../db/database.js';
import type { ResourceTag } from './schemas.js';

/** SQL for a resource's tags as a JSON array, given the SQL expression of its id. */
export function tagsJsonSql(idExpression: string): string {
  return `(SELECT json_group_array(json_object('key', t.key, 'value', t.value) ORDER BY t.position)
           FROM resource_tags t WHERE t.resource_id = ${idExpression})`;
}

export class TagStore {
  private readonly insert;
  private readonly removeAll;

  constructor(db: Db) {
    this.insert = db.prepare(
      'INSERT INTO resource_tags (resource_id, position, key, value) VALUES (?, ?, ?, ?)',
    );
    this.removeAll = db.prepare('DELETE FROM resource_tags WHERE resource_id = ?');
  }

  add(resourceId: string, tags: ResourceTag[]): void {
    tags.forEach((tag, position) => this.insert.run(resourceId, position, tag.key, tag.value));
  }

  removeFor(resourceId: string): void {
    this.removeAll.run(resourceId);
  }
}
