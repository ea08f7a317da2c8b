// The emulator's own name and version, read once from package.json.
import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from './paths.js';

const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as {
  name: string;
  version: string;
};

export const EMULATOR_NAME = pkg.name;
export const EMULATOR_VERSION = pkg.version;
