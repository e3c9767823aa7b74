// The dashboard: what is flowing, what is stuck, and which partners need attention, on one page.
import { get } from './api.js';
import { chartsSection } from './charts.js';
import { announce, badge, counted, fmtNumber, h, show, table, time } from './dom.js';
import { ruleLink } from './rules.js';

const STATUSES = ['received', 'published', 'routed', 'delivered', 'dead'];
const WINDOWS = [['1h', 'Last hour'], ['24h', 'Last 24 hours']];

export async function dashboardView(ctx) {
  const data = await get('/v1/ops/dashboard');
  const refresh = h('button', { type: 'button', onclick: async () => {
    await dashboardView({ ...ctx, focus: false });
    announce('Dashboard refreshed');
  } }, 'Refresh');

  show(ctx.main, 'Dashboard', [
    h('h1', {}, 'Dashboard'),
    h('div', { class: 'actions' }, h('p', { class: 'muted' }, 'As of ', time(data.at)), refresh),
    statusTiles(data),
    attention(data.partners ?? []),
    chartsSection(),
    h('div', { class: 'grid' },
      h('section', { 'aria-labelledby': 'dead-h' },
        h('h2', { id: 'dead-h' }, 'Dead letters by reason'),
        deadByReason(data.dead)),
      h('section', { 'aria-labelledby': 'queues-h' },
        h('h2', { id: 'queues-h' }, 'Queue depths'),
        table(null, [{ label: 'Destination', rowHeader: true }, { label: 'Queue', mono: true }, { label: 'Waiting', num: true }],
          (data.queues ?? []).map((q) => [q.destination, q.name, q.depth === null ? 'unknown' : fmtNumber(q.depth)]),
          'No delivery queues.'))),
    h('section', { 'aria-labelledby': 'flow-h' },
      h('h2', { id: 'flow-h' }, 'Flow per family and sender'),
      h('div', { class: 'grid' }, WINDOWS.map(([w, label]) => flowTable(label, (data.flow ?? []).filter((f) => f.window === w))))),
  ], { focus: ctx.focus });
}

function statusTiles(data) {
  return h('section', { 'aria-labelledby': 'status-h' },
    h('h2', { id: 'status-h', class: 'muted' }, 'Messages by status'),
    h('ul', { class: 'tiles' }, STATUSES.map((s) => h('li', {},
      h('span', { class: 'n' }, fmtNumber(data.statuses?.[s] ?? 0)),
      s === 'dead' ? h('a', { href: '#/dead' }, 'dead') : h('a', { href: `#/messages?status=${s}` }, s)))));
}

function attention(partners) {
  const certProblem = (c) => c.expiresWithin30Days || Boolean(c.error);
  const rows = partners.filter((p) => p.failing || p.certificates.some(certProblem));
  const body = rows.length === 0
    ? h('p', { class: 'notice good' }, 'Every partner delivers, and no certificate expires within 30 days.')
    : table(null, [{ label: 'Partner', rowHeader: true }, { label: 'Role' }, { label: 'Deliveries' }, { label: 'Certificates expiring within 30 days or unreadable' }],
      rows.map((p) => [
        p.name,
        p.role,
        p.failing
          ? h('span', {}, badge('failing', 'bad'), ' ',
            `${counted(p.deliveries.dead, 'delivery', 'deliveries')} dead, ${counted(p.deliveries.failedLastHour, 'failed attempt', 'failed attempts')} in the last hour, ${fmtNumber(p.deliveries.pending)} pending`,
            p.deliveries.lastFailureAt ? h('span', {}, '; last failure ', time(p.deliveries.lastFailureAt)) : null,
            p.deliveries.dead > 0 ? h('span', {}, ' · ', h('a', { href: `#/dead?partner=${encodeURIComponent(p.name)}` }, 'dead letters')) : null)
          : 'ok',
        certificateList(p.certificates.filter(certProblem)),
      ]));
  return h('section', { 'aria-labelledby': 'attention-h' }, h('h2', { id: 'attention-h' }, 'Partners needing attention'), body);
}

function certificateList(certs) {
  if (certs.length === 0) return '–';
  return h('ul', { class: 'plain' }, certs.map((c) => h('li', {},
    c.error
      ? h('span', {}, badge('unreadable', 'bad'), ` ${c.use}: ${c.file}: ${c.error}`)
      : h('span', {}, badge(c.daysLeft < 0 ? 'expired' : `${c.daysLeft} days left`, c.daysLeft < 7 ? 'bad' : 'warn'), ' ',
        `${c.use}: ${c.subject}, valid until `, time(c.notAfter)))));
}

function deadByReason(dead) {
  const groups = dead?.groups ?? [];
  return h('div', {},
    h('p', {}, h('strong', {}, counted(dead?.total ?? 0, 'dead letter', 'dead letters')), ' in total.'),
    table(null, [{ label: 'Reason', rowHeader: true }, { label: 'Kind' }, { label: 'Count', num: true }, { label: 'Oldest' }, { label: 'Newest' }],
      groups.map((g) => [
        h('span', {}, h('a', { href: `#/dead?kind=${encodeURIComponent(g.kind)}&reason=${encodeURIComponent(g.reason)}` }, g.reason),
          ...(g.kind === 'refused' && ruleLink(g.reason) ? [' (', ruleLink(g.reason), ')'] : [])),
        g.kind, fmtNumber(g.count), time(g.oldest), time(g.newest),
      ]), 'No dead letters.'));
}

function flowTable(caption, rows) {
  const sorted = [...rows].sort((a, b) => b.received - a.received || a.family.localeCompare(b.family) || a.partner.localeCompare(b.partner));
  return table(caption,
    [{ label: 'Family', rowHeader: true }, { label: 'Sender' }, { label: 'Received', num: true }, { label: 'Delivered', num: true }, { label: 'Dead', num: true }],
    sorted.map((f) => [f.family, f.partner, fmtNumber(f.received), fmtNumber(f.delivered), f.dead > 0 ? h('a', { href: `#/dead?family=${encodeURIComponent(f.family)}&sender=${encodeURIComponent(f.partner)}` }, fmtNumber(f.dead)) : '0']),
    'No messages.');
}
