// Tiny DOM helpers. Every node is made with createElement and every text goes in as a text node, never as
// markup: the page's CSP requires Trusted Types and allows none, so innerHTML would throw.

/**
 * h('a', { href: '#/', class: 'x', onclick: fn }, 'text', child, [more]) → element.
 * Attributes that are null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' && 'value' in el) el.value = String(value);
    else if (key === 'checked' && 'checked' in el) el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A table: columns [{ label, num? }], rows of cells (strings, nodes or { value, num, class }). */
export function table(caption, columns, rows, empty = 'None.') {
  if (rows.length === 0) return h('p', { class: 'muted' }, caption ? `${caption}: ${empty.toLowerCase()}` : empty);
  return h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) => {
      const num = columns[i]?.num;
      const cls = [num ? 'num' : '', columns[i]?.mono ? 'mono' : ''].filter(Boolean).join(' ') || null;
      return i === 0 && columns[0]?.rowHeader ? h('th', { scope: 'row', class: cls }, cell) : h('td', { class: cls }, cell);
    })))));
}

const pad = (n) => String(n).padStart(2, '0');

/** '2026-05-04 13:02:11' in the operator's time zone; '' when absent. */
export function fmtTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A <time> element with the local time as text and the ISO instant as its datetime. */
export function time(value) {
  if (value === null || value === undefined || value === '') return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : h('time', { datetime: d.toISOString() }, fmtTime(d));
}

/** '1 dead letter', '2 dead letters': a count with the right form of its noun. */
export const counted = (n, one, many) => `${fmtNumber(n)} ${n === 1 ? one : many}`;

export const fmtNumber = (n) => (typeof n === 'number' ? n.toLocaleString('en-GB') : n === null || n === undefined ? '–' : String(n));

export function badge(text, kind = text) {
  return h('span', { class: `badge ${kind}` }, text);
}

/** Says `text` to screen readers (role=status, polite). */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  // A fresh text node after a tick makes screen readers read a repeated message again.
  setTimeout(() => { el.textContent = text; }, 30);
}

/** Replaces the main region's content with `nodes`, titles the document and moves focus to the new heading. */
export function show(main, title, nodes, { focus = true } = {}) {
  document.title = `${title} · Ketenpoort cockpit`;
  main.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  if (focus) {
    const heading = main.querySelector('h1');
    if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus({ preventScroll: false }); }
  }
}

export function errorNotice(error) {
  return h('div', { class: 'notice bad', role: 'alert' },
    h('strong', {}, 'Could not load: '),
    error instanceof Error ? error.message : String(error));
}
