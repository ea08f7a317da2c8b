// Tags of any resource, kept in resource_tags in the order they were given. Every query goes by
// resource_id, the leading column of the table's primary key (resource_id, key).
import type { Db } from '../db/database.js';
import type { ResourceTag } from './schemas.js';

/** SQL for a resource's tags as a JSON array, given the SQL expression of its id. */
export function tagsJsonSql(idExpression: string): string {
  return `(SELECT json_group_array(json_object('key', t.key, 'value', t.value) ORDER BY t.position)
           FROM resource_tags t WHERE t.resource_id = ${idExpression})`;
}

// Sets of resources are passed as one JSON array parameter, so each query stays a single prepared statement.
const IN_RESOURCES = 'resource_id IN (SELECT value FROM json_each(?))';

export interface KeyValues {
  key: string;
  values: string[];
}

type ResourceTagRow = ResourceTag & { resource_id: string };
type KeyValuesRow = { key: string; values_json: string };

export class TagStore {
  private readonly insert;
  private readonly upsert;
  private readonly removeAll;
  private readonly removeKey;
  private readonly removeKeyValue;
  private readonly selectOf;
  private readonly selectOfMany;
  private readonly selectKeyValues;

  constructor(db: Db) {
    this.insert = db.prepare(
      'INSERT INTO resource_tags (resource_id, position, key, value) VALUES (?, ?, ?, ?)',
    );
    // A new key goes after the others; an existing key keeps its place and takes the new value.
    this.upsert = db.prepare(`
      INSERT INTO resource_tags (resource_id, position, key, value)
      VALUES (@id, (SELECT COALESCE(MAX(position) + 1, 0) FROM resource_tags WHERE resource_id = @id),
              @key, @value)
      ON CONFLICT (resource_id, key) DO UPDATE SET value = excluded.value`);
    this.removeAll = db.prepare('DELETE FROM resource_tags WHERE resource_id = ?');
    this.removeKey = db.prepare('DELETE FROM resource_tags WHERE resource_id = ? AND key = ?');
    this.removeKeyValue = db.prepare(
      'DELETE FROM resource_tags WHERE resource_id = ? AND key = ? AND value = ?',
    );
    this.selectOf = db.prepare(
      'SELECT key, value FROM resource_tags WHERE resource_id = ? ORDER BY position',
    );
    this.selectOfMany = db.prepare(`
      SELECT resource_id, key, value FROM resource_tags WHERE ${IN_RESOURCES}
      ORDER BY resource_id, position`);
    this.selectKeyValues = db.prepare(`
      SELECT key, json_group_array(value ORDER BY value) AS values_json
      FROM (SELECT DISTINCT key, value FROM resource_tags WHERE ${IN_RESOURCES})
      GROUP BY key ORDER BY key`);
  }

  add(resourceId: string, tags: ResourceTag[]): void {
    tags.forEach((tag, position) => this.insert.run(resourceId, position, tag.key, tag.value));
  }

  /** Sets each key to its value, overwriting the value of a key the resource already has. */
  put(resourceId: string, tags: ResourceTag[]): void {
    for (const { key, value } of tags) this.upsert.run({ id: resourceId, key, value });
  }

  /** Removes the key, or only the pair key=value when a value is given. */
  remove(resourceId: string, key: string, value?: string): void {
    if (value === undefined) this.removeKey.run(resourceId, key);
    else this.removeKeyValue.run(resourceId, key, value);
  }

  removeFor(resourceId: string): void {
    this.removeAll.run(resourceId);
  }

  of(resourceId: string): ResourceTag[] {
    return this.selectOf.all(resourceId) as ResourceTag[];
  }

  /** The tags of each of the resources; a resource without tags is absent from the map. */
  ofMany(resourceIds: string[]): Map<string, ResourceTag[]> {
    const rows = this.selectOfMany.all(JSON.stringify(resourceIds)) as ResourceTagRow[];
    const byResource = new Map<string, ResourceTag[]>();
    for (const { resource_id, key, value } of rows) {
      const tags = byResource.get(resource_id) ?? [];
      tags.push({ key, value });
      byResource.set(resource_id, tags);
    }
    return byResource;
  }

  /** Every key the resources use, with its distinct values; keys and values sorted by code point. */
  keyValues(resourceIds: string[]): KeyValues[] {
    const rows = this.selectKeyValues.all(JSON.stringify(resourceIds)) as KeyValuesRow[];
    return rows.map(({ key, values_json }) => ({ key, values: JSON.parse(values_json) }));
  }
}
