// Message search and a message's detail with its whole event history. The payload and the search by BSN
// are offered only to an operator with the personal-data permission (the API refuses them otherwise and
// audits every view).
import { get, post } from './api.js';
import { announce, badge, fmtNumber, h, show, table, time } from './dom.js';
import { replayOne } from './replay.js';

const SEARCH_FIELDS = ['id', 'partner', 'family', 'type', 'status', 'correlationId', 'from', 'to'];
const STATUSES = ['received', 'published', 'routed', 'delivered', 'dead'];
const PAGE = 50;

const hasPersonalData = (session) => session.permissions.includes('personal-data');

export async function messageSearchView(ctx) {
  const query = Object.fromEntries(SEARCH_FIELDS.flatMap((f) => (ctx.query.get(f) ? [[f, ctx.query.get(f)]] : [])));
  const results = h('div', { id: 'message-results' });
  show(ctx.main, 'Messages', [
    h('h1', {}, 'Messages'),
    searchForm(query),
    hasPersonalData(ctx.session) ? bsnForm(results) : h('p', { class: 'muted' }, 'Search by BSN needs the personal-data permission.'),
    results,
  ], { focus: ctx.focus });
  await searchInto(results, query);
}

async function searchInto(results, query) {
  const tbody = h('tbody');
  const count = h('p', { role: 'status' }, 'Searching…');
  const more = h('button', { type: 'button', hidden: true }, 'Show more');
  results.replaceChildren(count, messageTable(tbody), more);
  let cursor = null;
  let shown = 0;
  const page = async () => {
    more.disabled = true;
    const apiQuery = { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) };
    for (const k of ['from', 'to']) if (apiQuery[k]) apiQuery[k] = new Date(apiQuery[k]).toISOString();
    const res = await get('/v1/ops/messages', apiQuery);
    for (const m of res.items) tbody.append(messageRow(m));
    shown += res.items.length;
    cursor = res.nextCursor;
    more.hidden = !cursor;
    more.disabled = false;
    count.textContent = `${fmtNumber(shown)} ${shown === 1 ? 'message' : 'messages'}${cursor ? ' shown, more available' : ''}.`;
  };
  more.addEventListener('click', () => void page().catch((e) => { count.textContent = `Could not load more: ${e.message}`; }));
  try {
    await page();
  } catch (error) {
    results.replaceChildren(count);
    count.textContent = `Search failed: ${error.message}`;
  }
}

function messageTable(tbody) {
  return h('table', {},
    h('caption', {}, 'Messages, newest first'),
    h('thead', {}, h('tr', {}, ['Received', 'Message', 'Type', 'Sender', 'Destinations', 'Status'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody);
}

function messageRow(m) {
  return h('tr', {},
    h('td', {}, time(m.receivedAt)),
    h('td', { class: 'mono' }, h('a', { href: `#/messages/${encodeURIComponent(m.id)}` }, m.id)),
    h('td', {}, `${m.family} ${m.type}`),
    h('td', {}, m.sender.partner),
    h('td', {}, m.destinations.join(', ') || '–'),
    h('td', {}, badge(m.status), m.reason ? ` ${m.reason}` : ''));
}

function searchForm(query) {
  const text = (name, label, type = 'text') => h('div', {},
    h('label', { for: `q-${name}` }, label),
    h('input', { id: `q-${name}`, name, type, value: query[name] ?? '', autocomplete: 'off' }));
  const status = h('select', { id: 'q-status', name: 'status' },
    h('option', { value: '' }, 'Any'), STATUSES.map((s) => h('option', { value: s, selected: query.status === s }, s)));
  const form = h('form', { class: 'search', role: 'search', 'aria-label': 'Search messages' },
    text('id', 'Message id'),
    text('partner', 'Partner (sender or destination)'),
    text('family', 'Family'),
    text('type', 'Message type'),
    h('div', {}, h('label', { for: 'q-status' }, 'Status'), status),
    text('correlationId', 'Correlation id'),
    text('from', 'Received from', 'datetime-local'),
    text('to', 'Received before', 'datetime-local'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Search'), h('a', { href: '#/messages' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim()) params.set(k, String(v).trim());
    const target = `#/messages${params.size ? `?${params}` : ''}`;
    if (window.location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else window.location.hash = target;
  });
  return form;
}

// The BSN goes in a POST body, never in the address (history, logs); the field is cleared after the search.
function bsnForm(results) {
  const input = h('input', { id: 'q-bsn', name: 'bsn', type: 'text', inputmode: 'numeric', pattern: '[0-9]{9}', maxlength: '9', autocomplete: 'off', 'aria-describedby': 'q-bsn-hint' });
  const form = h('form', { class: 'search', 'aria-label': 'Search messages by BSN' },
    h('div', {}, h('label', { for: 'q-bsn' }, 'BSN'), input,
      h('p', { class: 'hint', id: 'q-bsn-hint' }, '9 digits. The search is written to the audit log under your name.')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search by BSN')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const bsn = input.value.trim();
    input.value = '';
    const status = h('p', { role: 'status' }, 'Searching by BSN…');
    results.replaceChildren(status);
    try {
      const res = await post('/v1/ops/messages/search-by-bsn', { bsn, limit: 500 });
      const tbody = h('tbody', {}, res.items.map(messageRow));
      results.replaceChildren(status, messageTable(tbody));
      status.textContent = `${fmtNumber(res.items.length)} ${res.items.length === 1 ? 'message' : 'messages'} for that BSN.`;
    } catch (error) {
      status.textContent = `BSN search failed: ${error.message}`;
    }
  });
  return form;
}

export async function messageDetailView(ctx, id) {
  const detail = await get(`/v1/ops/messages/${encodeURIComponent(id)}`);
  const m = detail.message;
  const panel = h('section', { class: 'notice', 'aria-label': 'Replay', hidden: true });
  const refresh = h('button', { type: 'button', onclick: async () => {
    await messageDetailView({ ...ctx, focus: false }, id);
    announce(`Message refreshed: ${document.getElementById('message-status')?.textContent ?? ''}`);
  } }, 'Refresh');
  const reload = () => messageDetailView({ ...ctx, focus: false }, id);

  show(ctx.main, `Message ${m.id}`, [
    h('h1', {}, `${m.family} ${m.type} `, h('span', { class: 'mono' }, m.id)),
    h('div', { class: 'actions' }, h('span', {}, 'Status: ', h('span', { id: 'message-status', class: `badge ${m.status}` }, m.status)), refresh,
      h('a', { href: '#/messages' }, 'Back to the search')),
    panel,
    h('section', { 'aria-labelledby': 'meta-h' }, h('h2', { id: 'meta-h' }, 'Message'), metaList(m, detail)),
    h('section', { 'aria-labelledby': 'deliveries-h' }, h('h2', { id: 'deliveries-h' }, 'Deliveries'),
      table(null,
        [{ label: 'Destination', rowHeader: true }, { label: 'Status' }, { label: 'Attempts', num: true }, { label: 'Last HTTP status', num: true }, { label: 'Last error' }, { label: 'Reason' }, { label: 'Updated' }, { label: '' }],
        detail.deliveries.map((d) => [
          d.destination, h('span', {}, badge(d.status), d.held ? h('span', {}, ' ', badge('held', 'warn')) : null), fmtNumber(d.attempts),
          d.lastHttpStatus ?? '–', d.lastError ?? '–', d.reason ?? '–', time(d.updatedAt),
          d.status === 'dead' && !d.held && !m.purged
            ? h('button', { type: 'button', onclick: () => void replayOne(panel, m.id, d.destination, reload) }, `Replay to ${d.destination}`)
            : '',
        ]), 'No deliveries yet.'),
      detail.deadLetters.some((d) => d.kind === 'refused' && !d.held && !d.purged)
        ? h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => void replayOne(panel, m.id, undefined, reload) }, 'Send through ingest again'))
        : null),
    h('section', { 'aria-labelledby': 'events-h' }, h('h2', { id: 'events-h' }, 'Event history'),
      table(null, [{ label: '#', num: true }, { label: 'Time' }, { label: 'Event' }, { label: 'Detail' }],
        detail.events.map((e) => [String(e.seq), time(e.at), e.type, eventDetail(e.detail)]), 'No events.')),
    related(detail),
    payloadSection(ctx.session, m, detail.payloadViewable),
  ], { focus: ctx.focus });
}

function metaList(m, detail) {
  const rows = [
    ['Id', h('span', { class: 'mono' }, m.id)],
    ['Received', time(m.receivedAt)],
    ['Sender', `${m.sender.partner} (OIN ${m.sender.oin})`],
    ['Family / type', `${m.family} / ${m.type}`],
    ['Destinations', m.destinations.join(', ') || '–'],
    ['Correlation id', m.correlationId ?? '–'],
    ['Reason', m.reason ?? '–'],
    ['Published', m.publishedAt ? time(m.publishedAt) : '–'],
    ['Delivered', m.deliveredAt ? time(m.deliveredAt) : '–'],
    ['Size', `${fmtNumber(m.size)} bytes, ${m.contentType}`],
    ['SHA-256', h('span', { class: 'mono' }, m.sha256)],
    ['Request id', m.requestId ?? '–'],
  ];
  if (detail.parent) rows.push([m.relation ?? 'Parent', link(detail.parent)]);
  if (m.purged) rows.push(['Payload', 'purged by an operator']);
  return h('dl', { class: 'meta' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

const link = (m) => h('span', {}, h('a', { href: `#/messages/${encodeURIComponent(m.id)}`, class: 'mono' }, m.id), ` ${m.family} ${m.type} `, badge(m.status));

function related(detail) {
  if (!detail.children?.length) return null;
  return h('section', { 'aria-labelledby': 'children-h' }, h('h2', { id: 'children-h' }, 'Messages derived from this one'),
    h('ul', {}, detail.children.map((c) => h('li', {}, c.relation ? `${c.relation}: ` : '', link(c)))));
}

/** Event details as short key = value lines (the API never puts a BSN, a name or a payload in them). */
function eventDetail(detail) {
  if (!detail || Object.keys(detail).length === 0) return '–';
  return h('ul', { class: 'plain' }, Object.entries(detail).map(([k, v]) =>
    h('li', {}, h('span', { class: 'muted' }, `${k}: `), typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v))));
}

function payloadSection(session, m, viewable) {
  const section = h('section', { 'aria-labelledby': 'payload-h' }, h('h2', { id: 'payload-h' }, 'Payload'));
  if (!hasPersonalData(session)) {
    section.append(h('p', { class: 'muted' }, 'The payload may hold personal data; your certificate lacks the personal-data permission.'));
    return section;
  }
  if (!viewable) {
    section.append(h('p', { class: 'muted' }, m.purged ? 'The payload was purged.' : 'The payload cannot be shown.'));
    return section;
  }
  const out = h('div');
  const button = h('button', { type: 'button' }, 'Show the payload (written to the audit log)');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const p = await get(`/v1/ops/messages/${encodeURIComponent(m.id)}/payload`);
      out.replaceChildren(h('p', { class: 'muted' }, `${p.contentType}, ${fmtNumber(p.size)} bytes${p.encoding === 'base64' ? ', base64' : ''}`),
        h('pre', { class: 'payload', tabindex: '0', 'aria-label': 'Payload' }, p.payload));
    } catch (error) {
      out.replaceChildren(h('p', { class: 'notice bad', role: 'alert' }, `Could not load the payload: ${error.message}`));
      button.disabled = false;
    }
  });
  section.append(h('div', { class: 'actions' }, button), out);
  return section;
}
