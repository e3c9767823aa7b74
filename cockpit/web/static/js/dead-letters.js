// Dead letters grouped by reason, with replay of one, of a selection, or of everything matching the filter.
import { get } from './api.js';
import { badge, fmtNumber, h, show, time } from './dom.js';
import { planReplay, replayOne } from './replay.js';
import { ruleLink } from './rules.js';

const FILTER_FIELDS = ['kind', 'reason', 'partner', 'sender', 'destination', 'family', 'type'];
const PAGE = 50;

export async function deadLettersView(ctx) {
  const filter = Object.fromEntries(FILTER_FIELDS.flatMap((f) => (ctx.query.get(f) ? [[f, ctx.query.get(f)]] : [])));
  const selected = new Map();          // key → DeadLetter
  const panel = h('section', { class: 'notice', id: 'replay-panel', 'aria-label': 'Replay', hidden: true });
  const results = h('div', { id: 'dead-results' });
  const selectionButton = h('button', { type: 'button', disabled: true }, 'Replay selected (0)…');
  const updateSelection = () => {
    selectionButton.textContent = `Replay selected (${selected.size})…`;
    selectionButton.disabled = selected.size === 0;
  };
  selectionButton.addEventListener('click', () => {
    void planReplay(panel, { ids: [...selected.keys()] }, `${selected.size} selected dead ${selected.size === 1 ? 'letter' : 'letters'}`, reload);
  });

  async function reload() {
    selected.clear();
    updateSelection();
    const summary = await get('/v1/ops/dead/summary', filter);
    results.replaceChildren(...renderSummary(summary));
  }

  function renderSummary(summary) {
    const all = h('button', { type: 'button', disabled: summary.total - summary.held === 0 }, `Replay all ${fmtNumber(summary.total)} matching…`);
    all.addEventListener('click', () => void planReplay(panel, { filter }, Object.keys(filter).length ? 'every dead letter matching the filter' : 'every dead letter', reload));
    const single = summary.groups.length === 1;
    return [
      h('p', {}, h('strong', {}, fmtNumber(summary.total)), ` dead ${summary.total === 1 ? 'letter' : 'letters'}`,
        summary.held ? `, ${fmtNumber(summary.held)} held` : '', describeFilter(filter), '.'),
      h('div', { class: 'actions' }, all, selectionButton),
      summary.groups.length === 0 ? h('p', { class: 'notice good' }, 'No dead letters.') : null,
      ...summary.groups.map((g) => group(g, single || (filter.reason === g.reason))),
    ].filter(Boolean);
  }

  function group(g, open) {
    const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
    const details = h('details', { class: 'reason', 'data-reason': g.reason, 'data-kind': g.kind },
      h('summary', {},
        `${g.reason} `, ...withRuleLink(g), badge(g.kind === 'refused' ? 'refused at ingest' : 'delivery', g.kind === 'refused' ? 'warn' : 'bad'),
        ` — ${fmtNumber(g.count)} ${g.count === 1 ? 'dead letter' : 'dead letters'}`, g.held ? `, ${fmtNumber(g.held)} held` : '',
        h('span', { class: 'muted' }, ' · oldest ', time(g.oldest), ', newest ', time(g.newest))),
      body);
    let loaded = false;
    const load = () => {
      if (loaded) return;
      loaded = true;
      void loadGroup(body, g);
    };
    details.addEventListener('toggle', () => { if (details.open) load(); });
    if (open) { details.open = true; load(); }
    return details;
  }

  async function loadGroup(body, g) {
    const groupFilter = { ...filter, kind: g.kind, reason: g.reason };
    const replayGroup = h('button', { type: 'button' }, `Replay this group (${fmtNumber(g.count)})…`);
    replayGroup.addEventListener('click', () => void planReplay(panel, { filter: groupFilter }, `the ${g.reason} group`, reload));
    const partners = (g.partners ?? []).map((p) => `${p.name} (${fmtNumber(p.count)})`).join(', ');
    const tbody = h('tbody');
    const more = h('button', { type: 'button', hidden: true }, 'Show more');
    const tableEl = h('table', {},
      h('caption', {}, `Dead letters with reason ${g.reason}`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, h('span', { class: 'vh' }, 'Select')),
        ['Dead since', 'Message', 'Type', g.kind === 'refused' ? 'Sender' : 'Sender → destination', 'Attempts', 'Last error', ''].map((c) => h('th', { scope: 'col', class: c === 'Attempts' ? 'num' : null }, c)))),
      tbody);
    body.replaceChildren(
      partners ? h('p', {}, g.kind === 'refused' ? 'Senders: ' : 'Destinations: ', partners) : null,
      h('div', { class: 'actions' }, replayGroup),
      tableEl, more);
    let cursor = null;
    const page = async () => {
      more.disabled = true;
      const res = await get('/v1/ops/dead', { ...groupFilter, limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const d of res.items) tbody.append(row(d));
      cursor = res.nextCursor;
      more.hidden = !cursor;
      more.disabled = false;
    };
    more.addEventListener('click', () => void page());
    try {
      await page();
    } catch (error) {
      body.replaceChildren(h('p', { class: 'notice bad', role: 'alert' }, `Could not load the dead letters: ${error.message}`));
    }
  }

  function row(d) {
    const boxId = `sel-${d.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const box = h('input', { type: 'checkbox', id: boxId, disabled: d.held || d.purged });
    box.addEventListener('change', () => {
      if (box.checked) selected.set(d.key, d); else selected.delete(d.key);
      updateSelection();
    });
    const replay = h('button', { type: 'button', disabled: d.held || d.purged, 'aria-label': `Replay ${d.messageId}${d.destination ? ` to ${d.destination}` : ''}` }, 'Replay');
    replay.addEventListener('click', () => void replayOne(panel, d.messageId, d.destination ?? undefined, reload));
    return h('tr', { 'data-key': d.key },
      h('td', {}, box, h('label', { for: boxId, class: 'vh' }, `Select ${d.messageId}${d.destination ? ` to ${d.destination}` : ''}`)),
      h('td', {}, time(d.deadAt)),
      h('td', { class: 'mono' }, h('a', { href: `#/messages/${encodeURIComponent(d.messageId)}` }, d.messageId)),
      h('td', {}, `${d.family} ${d.type}`),
      h('td', {}, d.destination ? `${d.sender.partner} → ${d.destination}` : d.sender.partner),
      h('td', { class: 'num' }, fmtNumber(d.attempts)),
      h('td', {}, d.lastError ?? (d.lastHttpStatus ? `HTTP ${d.lastHttpStatus}` : '–'),
        d.held ? h('span', {}, ' ', badge(`held${d.heldBy ? ` by ${d.heldBy}` : ''}`, 'warn')) : null,
        d.purged ? h('span', {}, ' ', badge('purged', 'warn')) : null),
      h('td', {}, replay));
  }

  show(ctx.main, 'Dead letters', [
    h('h1', {}, 'Dead letters'),
    filterForm(filter),
    panel,
    results,
  ], { focus: ctx.focus });
  await reload();
}

function describeFilter(filter) {
  const parts = Object.entries(filter).map(([k, v]) => `${k} ${v}`);
  return parts.length ? ` matching ${parts.join(', ')}` : '';
}

function filterForm(filter) {
  const field = (name, label, hint) => h('div', {},
    h('label', { for: `f-${name}` }, label),
    h('input', { id: `f-${name}`, name, type: 'text', value: filter[name] ?? '', autocomplete: 'off', ...(hint ? { 'aria-describedby': `f-${name}-hint` } : {}) }),
    hint ? h('p', { class: 'hint', id: `f-${name}-hint` }, hint) : null);
  const kind = h('select', { id: 'f-kind', name: 'kind' },
    [['', 'Any'], ['delivery', 'Delivery given up'], ['refused', 'Refused at ingest']].map(([v, t]) => h('option', { value: v, selected: (filter.kind ?? '') === v }, t)));
  const form = h('form', { class: 'search', role: 'search', 'aria-label': 'Filter dead letters' },
    h('div', {}, h('label', { for: 'f-kind' }, 'Kind'), kind),
    field('reason', 'Reason', 'Exact code, e.g. http-500 or attempts-exhausted'),
    field('partner', 'Partner', 'Sender or destination'),
    field('family', 'Family'),
    field('type', 'Message type'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Filter'), h('a', { href: '#/dead' }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim()) params.set(k, String(v).trim());
    // Keep filters the form has no field for (sender, destination from a dashboard link).
    for (const k of ['sender', 'destination']) if (filter[k]) params.set(k, filter[k]);
    window.location.hash = `#/dead${params.size ? `?${params}` : ''}`;
  });
  return form;
}

/** The rule's catalogue link for a group refused by an iWmo/iJw rule: `(rule) `. */
function withRuleLink(g) {
  const link = g.kind === 'refused' ? ruleLink(g.reason) : null;
  return link ? ['(', link, ') '] : [];
}
