// @ts-check
// The dashboard's client of the emulator: the test-control API under /_emulator and, for accepting and
// rejecting connections, the cloud API under /v1. Both are found relative to this page, so the page
// also works behind a proxy that adds a path prefix. Every call sends the control token once one is
// known; the event stream is read with fetch() because EventSource cannot send that header.

/** The page is /_emulator/ui: the control API is its folder, the cloud API the one above. */
const CONTROL_BASE = new URL('./', location.href);
const CLOUD_BASE = new URL('../', CONTROL_BASE);
const TOKEN_KEY = 'vpcep-emulator.control-token';

/**
 * @typedef {{ method: string, path: string, headers: Record<string, string>, body?: unknown }} Call
 * @typedef {{ call: Call, status: number, body: any }} Answer
 */

/** A control call answered 401: the page must ask for the token and try again. */
export class NeedsToken extends Error {}

export function controlToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** @param {string} token */
export function setControlToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

/** @returns {Record<string, string>} */
function controlHeaders() {
  const token = controlToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * A call to the test-control API; `path` is below /_emulator, e.g. `settle?id=...`.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<Answer>}
 */
export function control(method, path, body) {
  return send(new URL(path, CONTROL_BASE), method, controlHeaders(), body, 'control');
}

/**
 * The path (with query) a control call goes to, as the emulator's log and the journal name it.
 * @param {string} path below /_emulator
 */
export function controlPath(path) {
  return pathOf(new URL(path, CONTROL_BASE));
}

/**
 * The path (with query) a cloud call goes to.
 * @param {string} path below /
 */
export function cloudPath(path) {
  return pathOf(new URL(path, CLOUD_BASE));
}

/** @param {URL} url */
function pathOf(url) {
  return `${url.pathname}${url.search}`;
}

/**
 * A call to the cloud API; `path` is below /, e.g. `v1/{project}/vpc-endpoint-services`.
 * @param {string} method
 * @param {string} path
 * @param {string} authToken the X-Auth-Token to send
 * @param {unknown} [body]
 * @returns {Promise<Answer>}
 */
export function cloud(method, path, authToken, body) {
  return send(new URL(path, CLOUD_BASE), method, { 'x-auth-token': authToken }, body, 'cloud');
}

/**
 * @param {URL} url
 * @param {string} method
 * @param {Record<string, string>} headers
 * @param {unknown} body
 * @param {'control' | 'cloud'} api
 * @returns {Promise<Answer>}
 */
async function send(url, method, headers, body, api) {
  const all = body === undefined ? headers : { ...headers, 'content-type': 'application/json' };
  const res = await fetch(url, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const parsed = text ? parseJson(text) : undefined;
  if (api === 'control' && res.status === 401) throw new NeedsToken(parsed?.error_msg ?? 'the control API needs a token');
  return { call: { method, path: pathOf(url), headers: all, body }, status: res.status, body: parsed };
}

/** @param {string} text */
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * @typedef {{ seq: number, kind: string, id: string, project: string, from: string | null, to: string, at: string }} StateChange
 * @typedef {'live' | 'reconnecting' | 'needs-token'} StreamStatus
 */

/**
 * Follows GET /_emulator/events until `signal` aborts, reconnecting with Last-Event-ID after a break, so
 * that no change in between is missed.
 * @param {(change: StateChange) => void} onChange
 * @param {(status: StreamStatus) => void} onStatus
 * @param {AbortSignal} signal
 */
export async function followEvents(onChange, onStatus, signal) {
  /** @type {string | undefined} */
  let lastId;
  let pause = 500;
  while (!signal.aborted) {
    try {
      const headers = controlHeaders();
      if (lastId !== undefined) headers['last-event-id'] = lastId;
      const res = await fetch(new URL('events', CONTROL_BASE), { headers, signal });
      if (res.status === 401) {
        onStatus('needs-token');
        return;
      }
      if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
      onStatus('live');
      pause = 500;
      for await (const block of eventBlocks(res.body)) {
        const event = parseEvent(block);
        if (event.id !== undefined) lastId = event.id;
        if (event.data !== undefined) onChange(JSON.parse(event.data));
      }
    } catch (err) {
      if (signal.aborted) return;
    }
    onStatus('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 10_000);
  }
}

/**
 * The blocks of a text/event-stream body: the text between blank lines.
 * @param {ReadableStream<Uint8Array>} body
 */
async function* eventBlocks(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      yield buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
    }
  }
}

/**
 * The id and data fields of one event block; comment lines (heartbeats) have neither.
 * @param {string} block
 * @returns {{ id?: string, data?: string }}
 */
function parseEvent(block) {
  /** @type {{ id?: string, data?: string }} */
  const event = {};
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') event.id = value;
    if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
  }
  return event;
}
