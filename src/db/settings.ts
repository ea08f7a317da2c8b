// The emulator's own settings that must survive a restart (how far the clock is ahead), as text by key.
import type { Db } from './database.js';

export class Settings {
  private readonly select;
  private readonly upsert;

  constructor(db: Db) {
    this.select = db.prepare('SELECT value FROM emulator_settings WHERE key = ?').pluck();
    this.upsert = db.prepare(
      'INSERT INTO emulator_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: string): string | undefined {
    return this.select.get(key) as string | undefined;
  }

  set(key: string, value: string): void {
    this.upsert.run(key, value);
  }
}
