// The status column of a companion resource's table (VPCs, subnets, load balancers): single statements
// that move a resource on only from the status the caller saw, or end it failed, each answering the
// resource's project (undefined: it was not in that status, or is gone).
import type { ResourceErrorView } from '../common/schemas.js';
import type { Db } from './database.js';

export class StatusColumn {
  private readonly moveStatus;
  private readonly failStatus;

  /** `table` and `column` are the emulator's own names, never input. */
  constructor(db: Db, table: string, column: string, private readonly failed: string) {
    this.moveStatus = db
      .prepare(`UPDATE ${table} SET ${column} = @to, updated_at = @now WHERE id = @id AND ${column} = @from RETURNING project_id`)
      .pluck();
    this.failStatus = db
      .prepare(`
        UPDATE ${table} SET ${column} = @failed, updated_at = @now, error_code = @error_code, error_message = @error_message
        WHERE id = @id RETURNING project_id`)
      .pluck();
  }

  move(id: string, from: string, to: string, now: number): string | undefined {
    return this.moveStatus.get({ id, from, to, now }) as string | undefined;
  }

  fail(id: string, error: ResourceErrorView, now: number): string | undefined {
    return this.failStatus.get({ id, now, failed: this.failed, ...error }) as string | undefined;
  }
}
