// The emulator's own name and version, read once from package.json (two levels above both src/ and dist/).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export const EMULATOR_NAME = pkg.name;
export const EMULATOR_VERSION = pkg.version;
