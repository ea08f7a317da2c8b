// @ts-check
// Small DOM helpers for the dashboard. Text always goes in as text nodes, never as markup, so names and
// messages a client chose cannot inject anything into the page.

/** @typedef {Node | string | number | null | undefined | false} Child */

/**
 * An element with attributes, event handlers (`onclick: fn`) and children.
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
  return el;
}

/**
 * The element with this id; the page always has it.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @returns {T}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return /** @type {T} */ (el);
}

/**
 * Replaces what the container shows, keeping the keyboard focus on the control with the same data-key
 * (a re-render after a live update must not throw the user back to the top of the page).
 * @param {HTMLElement} container
 * @param {Child[]} children
 */
export function show(container, children) {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
  const wasInside = focused !== undefined && container.contains(document.activeElement);
  container.replaceChildren(...h('div', null, ...children).childNodes);
  if (!wasInside) return;
  const again = container.querySelector(`[data-key="${CSS.escape(focused)}"]`);
  if (again instanceof HTMLElement) again.focus();
}

const FORMATS = {
  full: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
  clock: new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }),
};

/**
 * A moment in the user's locale, with the UTC value on hover (and in datetime, for assistive technology).
 * `clock` leaves out the date, where every row is from today anyway.
 * @param {string} iso
 * @param {keyof FORMATS} [format]
 */
export function time(iso, format = 'full') {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return h('span', null, iso);
  const el = h('time');
  setTime(el, at, format);
  return el;
}

/**
 * Shows another moment in a <time> element made by time().
 * @param {HTMLElement} el
 * @param {Date} at
 * @param {keyof FORMATS} [format]
 */
export function setTime(el, at, format = 'full') {
  el.setAttribute('datetime', at.toISOString());
  el.title = `UTC: ${at.toISOString()}`;
  el.textContent = FORMATS[format].format(at);
}

/**
 * A status as a badge: its word always shows, the colour only adds to it.
 * @param {string} status
 */
export function badge(status) {
  return h('span', { class: `badge status-${status}` }, status);
}

/**
 * A table whose rows scroll sideways in a narrow window rather than squeezing the page.
 * @param {string} caption
 * @param {string[]} headings
 * @param {HTMLElement[]} rows
 */
export function table(caption, headings, rows) {
  return h(
    'div',
    { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      null,
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, headings.map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', null, rows),
    ),
  );
}

/**
 * "Nothing here" in the place of a list.
 * @param {string} text
 */
export function none(text) {
  return h('p', { class: 'muted' }, text);
}

/**
 * How long until a moment, in words: "in 1 min 30 s", "now".
 * @param {number} ms
 */
export function countdown(ms) {
  if (ms <= 0) return 'due now';
  const seconds = Math.ceil(ms / 1000);
  const parts = [];
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds % 60 || parts.length === 0) parts.push(`${seconds % 60} s`);
  return `in ${parts.join(' ')}`;
}
