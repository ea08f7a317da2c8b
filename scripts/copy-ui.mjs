// Part of `npm run build`: tsc compiles only TypeScript, so the dashboard's page, scripts and style sheet
// (src/control/ui/) are copied as they are to dist/control/ui/, beside the compiled module that serves
// them. The folder is replaced whole, so a file removed from the source does not linger in dist/.
import { cpSync, rmSync } from 'node:fs';

const from = 'src/control/ui';
const to = 'dist/control/ui';
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
