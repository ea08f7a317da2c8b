// GET /_emulator/ui: the dashboard, one page with its scripts and style sheet. They are plain files in
// src/control/ui/, which the build copies to dist/control/ui/ (see src/paths.ts).
// The page loads without the control token (it asks for it and sends it with every call it makes), is
// served only while the control API is on, and may load nothing from elsewhere: the
// Content-Security-Policy allows this origin only.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DASHBOARD_DIR } from '../paths.js';
import { StartupError } from '../startup-error.js';
import { ApiError } from '../errors.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const HEADERS = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

interface Asset {
  type: string;
  body: Buffer;
}

let loaded: Map<string, Asset> | undefined;

/** The page and its assets by file name, read once per process. */
function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  let names: string[];
  try {
    names = readdirSync(DASHBOARD_DIR).filter((name) => extname(name) in CONTENT_TYPES);
  } catch {
    names = [];
  }
  if (!names.includes('index.html')) {
    throw new StartupError(`the dashboard's files are missing from ${DASHBOARD_DIR}: build again with npm run build`);
  }
  loaded = new Map(
    names.map((name) => [name, { type: CONTENT_TYPES[extname(name)], body: readFileSync(`${DASHBOARD_DIR}${name}`) }]),
  );
  return loaded;
}

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const files = assets();
  const send = (reply: FastifyReply, asset: Asset) => reply.headers({ ...HEADERS, 'content-type': asset.type }).send(asset.body);
  // Hidden from the OpenAPI document: these answer HTML, scripts and styles, not the API.
  app.get('/_emulator/ui', { schema: { hide: true } }, async (_request, reply) => send(reply, files.get('index.html')!));
  // The page's relative links resolve against /_emulator/ui; with a trailing slash they would not.
  app.get('/_emulator/ui/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('../ui', 308));
  app.get<{ Params: { file: string } }>('/_emulator/ui/:file', { schema: { hide: true } }, async (request, reply) => {
    const asset = files.get(request.params.file);
    if (!asset) throw new ApiError('EndPoint.0005', `the dashboard has no file ${request.params.file}`);
    return send(reply, asset);
  });
}
