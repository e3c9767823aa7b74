// The PGB page: uitvallijsten imported and what they held, the open uitval per reason over time, the
// worklist with filters and exports, and per item its diagnosis, the budget's TKB/retour/BAB history and its
// status. Everything comes from /v1/pgb (operators with the pgb permission; BSNs only with personal-data).
import { get, post, upload } from './api.js';
import { announce, badge, errorNotice, fmtNumber, h, show, table, time } from './dom.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUSES = ['open', 'in-behandeling', 'opgelost'];
const SOURCES = ['uitvallijst', 'brp', 'termijn'];
const CLASSES = ['tkb', 'budget', 'brp', 'onbekend'];
const DIAGNOSES = [
  'tkb-afgekeurd', 'geen-tkb', 'geen-retour', 'overlappende-perioden', 'boven-budget', 'geen-bab',
  'budgethouder-overleden', 'budgethouder-geemigreerd', 'budgethouder-verhuisd', 'niet-gevonden', 'onverklaard',
];
const COLOURS = ['#b3261e', '#7a4f01', '#1f6feb', '#6e40c9', '#0f7b6c', '#8a5a00', '#444', '#c2185b', '#00796b', '#5d4037', '#455a64'];

const euro = (cents) => (cents === null || cents === undefined ? '–' : (cents / 100).toLocaleString('nl-NL', { style: 'currency', currency: 'EUR' }));
const statusBadge = (s) => badge(s, s === 'opgelost' ? 'good' : s === 'open' ? 'bad' : 'warn');

function filterQuery(query) {
  const out = {};
  for (const k of ['status', 'diagnosis', 'klasse', 'source', 'import', 'budget']) if (query.get(k)) out[k] = query.get(k);
  return out;
}

const qs = (q) => new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')).toString();

export async function pgbView(ctx) {
  const filter = filterQuery(ctx.query);
  if (!ctx.query.has('status')) filter.status = 'open,in-behandeling';
  const [imports, page, chart, layouts] = await Promise.all([
    get('/v1/pgb/uitvallijsten'), get('/v1/pgb/worklist', { ...filter, limit: 200 }), get('/v1/pgb/chart', { days: 30 }), get('/v1/pgb/layouts'),
  ]);
  show(ctx.main, 'PGB', [
    h('h1', {}, 'PGB uitval'),
    importForm(ctx, layouts),
    h('section', { 'aria-labelledby': 'imports-h' }, h('h2', { id: 'imports-h' }, 'Imported lists'), importsTable(imports.items)),
    h('section', { 'aria-labelledby': 'chart-h' }, h('h2', { id: 'chart-h' }, 'Open uitval per reason, last 30 days'), chartOf(chart)),
    h('section', { 'aria-labelledby': 'work-h' },
      h('h2', { id: 'work-h' }, 'Worklist'),
      filterForm(filter),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: `/v1/pgb/worklist.xlsx?${qs(filter)}`, download: 'werklijst.xlsx', 'data-export': 'xlsx' }, 'Export XLSX'),
        h('a', { class: 'button', href: `/v1/pgb/worklist.csv?${qs(filter)}`, download: 'werklijst.csv', 'data-export': 'csv' }, 'Export CSV')),
      worklistTable(page.items)),
  ], { focus: ctx.focus });
}

function importForm(ctx, layouts) {
  const file = h('input', { type: 'file', id: 'pgb-file', name: 'file', accept: '.csv,.xlsx,text/csv,' + XLSX, required: true });
  const layout = h('select', { id: 'pgb-layout', name: 'layout' }, layouts.layouts.map((l) => h('option', { value: l.name, selected: l.name === layouts.default }, `${l.name} (version ${l.version})`)));
  const result = h('div', { id: 'pgb-import-result', role: 'status' });
  const onsubmit = async (event) => {
    event.preventDefault();
    const f = file.files?.[0];
    if (!f) return;
    const type = f.name.toLowerCase().endsWith('.xlsx') ? XLSX : 'text/csv';
    result.replaceChildren(h('p', { class: 'muted' }, 'Importing…'));
    try {
      const r = await upload('/v1/pgb/uitvallijsten', f, type, { layout: layout.value, filename: f.name });
      const s = r.summary;
      const text = `${s.rows} rows: ${s.matched} matched (${s.weak} weakly), ${s.unmatched} not found, ${s.rejectedRows} refused, ${s.closed} earlier items closed`;
      announce(`List imported. ${text}`);
      await pgbView({ ...ctx, focus: false });
      document.getElementById('pgb-import-result')?.replaceChildren(
        h('div', { class: 'notice good' }, h('strong', {}, 'Imported. '), text),
        r.rejected.length ? table('Refused rows', [{ label: 'Row', num: true }, { label: 'Column' }, { label: 'Problem' }], r.rejected.map((p) => [String(p.row), p.column ?? '', p.message])) : null);
    } catch (error) {
      result.replaceChildren(errorNotice(error));
    }
  };
  return h('section', { 'aria-labelledby': 'import-h' },
    h('h2', { id: 'import-h' }, 'Import an uitvallijst'),
    h('form', { class: 'search', onsubmit },
      h('div', {}, h('label', { for: 'pgb-file' }, 'List (CSV or XLSX)'), file),
      h('div', {}, h('label', { for: 'pgb-layout' }, 'Layout'), layout),
      h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Import'))),
    result);
}

function importsTable(items) {
  return table(null, [
    { label: 'Imported', rowHeader: true }, { label: 'File' }, { label: 'By' }, { label: 'Rows', num: true }, { label: 'Matched', num: true },
    { label: 'Weak', num: true }, { label: 'Not found', num: true }, { label: 'Refused', num: true }, { label: 'Closed', num: true },
    { label: 'Per reason class' }, { label: 'Amount' }, { label: 'Summary' },
  ], items.slice(0, 10).map((i) => [
    time(i.at), i.filename ?? '–', i.actor, fmtNumber(i.summary.rows), fmtNumber(i.summary.matched), fmtNumber(i.summary.weak), fmtNumber(i.summary.unmatched),
    fmtNumber(i.summary.rejectedRows), fmtNumber(i.summary.closed),
    CLASSES.map((c) => `${c} ${i.summary.perClass[c]?.rows ?? 0}`).join(' · '), euro(i.summary.bedragTotaal),
    h('span', {}, h('a', { href: `/v1/pgb/uitvallijsten/${i.id}/samenvatting.xlsx`, download: 'samenvatting.xlsx' }, 'XLSX'), ' ',
      h('a', { href: `/v1/pgb/uitvallijsten/${i.id}/samenvatting.csv`, download: 'samenvatting.csv' }, 'CSV'), ' ',
      h('a', { href: `#/pgb?import=${i.id}&status=` }, 'items')),
  ]), 'No list imported yet.');
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** A line per diagnosis; an accessible table of the same numbers follows for screen readers. */
function chartOf(chart) {
  const names = Object.keys(chart.series);
  if (names.length === 0) return h('p', { class: 'muted' }, 'No uitval yet.');
  const W = 640, H = 220, L = 40, B = 24;
  const max = Math.max(1, ...names.flatMap((n) => chart.series[n]));
  const x = (i) => L + (i * (W - L - 10)) / Math.max(1, chart.days.length - 1);
  const y = (v) => H - B - (v * (H - B - 10)) / max;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': 'chart-title', class: 'chart' },
    s('title', { id: 'chart-title' }, 'Open uitval per reason per day'),
    s('line', { x1: L, y1: H - B, x2: W - 10, y2: H - B, stroke: '#888' }),
    s('line', { x1: L, y1: 10, x2: L, y2: H - B, stroke: '#888' }),
    s('text', { x: 4, y: 16, 'font-size': 11 }, String(max)),
    s('text', { x: 4, y: H - B, 'font-size': 11 }, '0'),
    s('text', { x: L, y: H - 6, 'font-size': 11 }, chart.days[0]),
    s('text', { x: W - 80, y: H - 6, 'font-size': 11 }, chart.days.at(-1)),
    ...names.map((n) => s('polyline', { fill: 'none', stroke: COLOURS[DIAGNOSES.indexOf(n) % COLOURS.length] ?? '#000', 'stroke-width': 2, points: chart.series[n].map((v, i) => `${x(i)},${y(v)}`).join(' ') })));
  const legend = h('ul', { class: 'legend' }, names.map((n) => h('li', {},
    s('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, s('rect', { width: 12, height: 12, fill: COLOURS[DIAGNOSES.indexOf(n) % COLOURS.length] ?? '#000' })),
    ` ${n}: ${chart.series[n].at(-1)} open`)));
  return h('div', {}, svg, legend);
}

function select(id, label, values, current) {
  return h('div', {}, h('label', { for: id }, label),
    h('select', { id, name: id.replace('pgb-f-', '') }, h('option', { value: '' }, 'all'), values.map((v) => h('option', { value: v, selected: current === v }, v))));
}

function filterForm(filter) {
  const onsubmit = (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    const q = {};
    for (const [k, v] of data.entries()) if (v) q[k] = v;
    if (!q.status) q.status = '';
    window.location.hash = `#/pgb?${qs(q)}&status=${encodeURIComponent(q.status)}`.replace(/&status=&status=/, '&status=');
  };
  return h('form', { class: 'search', onsubmit, 'aria-label': 'Filter the worklist' },
    select('pgb-f-status', 'Status', STATUSES, filter.status),
    select('pgb-f-diagnosis', 'Diagnosis', DIAGNOSES, filter.diagnosis),
    select('pgb-f-klasse', 'Reason class', CLASSES, filter.klasse),
    select('pgb-f-source', 'Source', SOURCES, filter.source),
    h('div', {}, h('button', { type: 'submit' }, 'Filter')));
}

function worklistTable(items) {
  return table(null, [
    { label: 'Item', rowHeader: true }, { label: 'Status' }, { label: 'Diagnosis' }, { label: 'Source' }, { label: 'Row', num: true },
    { label: 'Budget', mono: true }, { label: 'Amount', num: true }, { label: 'Action' },
  ], items.map((i) => [
    h('a', { href: `#/pgb/${i.id}`, 'data-item': i.id }, i.id.slice(0, 8)), statusBadge(i.status),
    h('span', {}, i.diagnosisTitle, i.weak ? h('span', { class: 'muted' }, ' (weak match)') : null), i.source, i.rowNumber === null ? '–' : String(i.rowNumber),
    i.budget?.budgetIdentificatie ?? i.rowBudgetIdentificatie ?? '–', euro(i.bedrag), i.action,
  ]), 'No items match.');
}

export async function pgbItemView(ctx, id) {
  const data = await get(`/v1/pgb/worklist/${encodeURIComponent(id)}`);
  const i = data.item;
  const note = h('input', { id: 'pgb-note', name: 'note', value: i.note ?? '' });
  const setStatus = (status) => async () => {
    try {
      await post(`/v1/pgb/worklist/${encodeURIComponent(id)}/status`, { status, note: note.value });
      announce(`Status set to ${status}`);
      await pgbItemView({ ...ctx, focus: false }, id);
    } catch (error) {
      ctx.main.append(errorNotice(error));
    }
  };
  const b = data.budget;
  show(ctx.main, `PGB item ${id.slice(0, 8)}`, [
    h('p', {}, h('a', { href: '#/pgb' }, '← Worklist')),
    h('h1', {}, i.diagnosisTitle),
    h('dl', { class: 'meta' },
      h('dt', {}, 'Status'), h('dd', { id: 'pgb-item-status' }, statusBadge(i.status), i.statusBy ? ` by ${i.statusBy} ` : ' ', i.statusAt ? time(i.statusAt) : ''),
      h('dt', {}, 'Suggested action'), h('dd', {}, i.action),
      h('dt', {}, 'Source'), h('dd', {}, `${i.source}${i.rowNumber !== null ? `, row ${i.rowNumber}` : ''}`),
      h('dt', {}, 'Match'), h('dd', {}, `${i.match}${i.weak ? ' (weak: by BSN only)' : ''}`),
      i.bsn ? [h('dt', {}, 'BSN'), h('dd', { class: 'mono' }, i.bsn)] : null,
      h('dt', {}, 'Budget'), h('dd', { class: 'mono' }, i.budget ? `${i.budget.budgetIdentificatie} (gemeente ${i.budget.afzender})` : (i.rowBudgetIdentificatie ?? '–')),
      h('dt', {}, 'Zorgfunctie / period'), h('dd', {}, `${i.zorgfunctie ?? '–'} · ${i.periode.begin ?? '…'} – ${i.periode.einde ?? '…'}`),
      h('dt', {}, 'Amount'), h('dd', {}, euro(i.bedrag)),
      h('dt', {}, 'SVB reason'), h('dd', {}, i.svbReden ?? '–'),
      i.closedReason ? [h('dt', {}, 'Closed because'), h('dd', {}, i.closedReason)] : null),
    i.detail.retourcodes ? table('Retourcodes', [{ label: 'Code', mono: true }, { label: 'Meaning' }], i.detail.retourcodes.map((r) => [r.code, r.betekenis])) : null,
    h('section', { 'aria-labelledby': 'status-h' },
      h('h2', { id: 'status-h' }, 'Status'),
      h('div', {}, h('label', { for: 'pgb-note' }, 'Note'), note),
      h('div', { class: 'actions' }, STATUSES.map((st) => h('button', { type: 'button', 'data-status': st, disabled: st === i.status, onclick: setStatus(st) }, st === 'opgelost' ? 'Mark opgelost' : st === 'in-behandeling' ? 'Mark in behandeling' : 'Reopen')))),
    b ? h('section', { 'aria-labelledby': 'hist-h' },
      h('h2', { id: 'hist-h' }, `Budget ${b.budgetIdentificatie}: ${b.state}`),
      table('TKB versions', [{ label: 'Version', num: true }, { label: 'Identificatie', mono: true }, { label: 'Sent' }, { label: 'State' }, { label: 'Retour' }],
        b.tkb.map((v) => [String(v.versie), v.berichtIdentificatie, time(v.verzonden), v.state, v.retour ? `${time(v.retour.at) ? '' : ''}${v.retour.codes.join(', ') || 'approved'}` : 'none yet'])),
      table('Budgetafsluitingen (BAB)', [{ label: 'Zorgfunctie' }, { label: 'Period' }, { label: 'Reason' }, { label: 'Spent', num: true }, { label: 'Granted', num: true }, { label: 'Above' }],
        b.bab.map((x) => [x.zorgfunctie, `${x.periode.begin} – ${x.periode.einde}`, x.reden, euro(x.besteed), euro(x.toegekend), x.bovenBudget ? 'yes' : 'no']), 'No BAB yet.'),
      table('Deadlines', [{ label: 'Kind' }, { label: 'Due' }, { label: 'Met' }, { label: 'Signalled' }],
        b.termijnen.map((t) => [t.soort, time(t.uiterlijk), t.voldaan ? time(t.voldaan) : '–', t.gesignaleerd ? time(t.gesignaleerd) : '–']))) : null,
    data.otherItems.length ? h('section', {}, h('h2', {}, 'Other items of this budgethouder'), worklistTable(data.otherItems)) : null,
  ], { focus: ctx.focus });
}
