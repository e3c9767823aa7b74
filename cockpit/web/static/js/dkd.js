// The Digitaal Klantdossier panel: each Suwinet service's state (endpoint, circuit breaker), lookups per
// dienst and outcome over time, and the latest protocol entries (the person only as a keyed hash).
import { get } from './api.js';
import { announce, badge, fmtNumber, h, show, table, time } from './dom.js';

const OUTCOMES = ['gevonden', 'niets-gevonden', 'niet-gerechtigd', 'fwi-fout', 'geweigerd-doelbinding', 'timeout', 'niet-beschikbaar', 'onbetrouwbaar', 'fout'];
const BAD = new Set(['fwi-fout', 'timeout', 'niet-beschikbaar', 'onbetrouwbaar', 'fout']);
const SPANS = [['1', 'Last hour'], ['24', 'Last 24 hours'], ['168', 'Last 7 days']];

export async function dkdView(ctx) {
  const hours = SPANS.some(([v]) => v === ctx.query.get('hours')) ? ctx.query.get('hours') : '24';
  const [overview, recent] = await Promise.all([
    get('/v1/ops/dkd/overview', { hours }),
    get('/v1/ops/dkd/protocol', { from: new Date(Date.now() - Number(hours) * 3_600_000).toISOString(), limit: 1000 }),
  ]);
  const refresh = h('button', { type: 'button', onclick: async () => {
    await dkdView({ ...ctx, focus: false });
    announce('Klantdossier panel refreshed');
  } }, 'Refresh');
  const diensten = Object.keys(overview.services ?? {});

  show(ctx.main, 'Klantdossier', [
    h('h1', {}, 'Digitaal Klantdossier'),
    h('div', { class: 'actions' },
      h('p', { class: 'muted' }, 'Suwinet-Inlezen lookups over Digikoppeling WUS. '),
      h('nav', { 'aria-label': 'Period' }, SPANS.map(([v, label]) => h('a', { href: `#/dkd?hours=${v}`, 'aria-current': v === hours ? 'page' : null, class: 'span' }, label, ' '))),
      refresh),
    h('section', { 'aria-labelledby': 'dkd-services-h' },
      h('h2', { id: 'dkd-services-h' }, 'Services'),
      table(null, [{ label: 'Dienst', rowHeader: true }, { label: 'Circuit breaker' }, { label: 'Endpoint', mono: true }],
        diensten.map((d) => {
          const s = overview.services[d];
          const kind = s.breaker === 'closed' ? 'good' : s.breaker === 'not-configured' ? 'warn' : 'bad';
          return [d, badge(s.breaker, kind), s.url ?? '–'];
        }), 'No service configured.')),
    h('section', { 'aria-labelledby': 'dkd-totals-h' },
      h('h2', { id: 'dkd-totals-h' }, 'Lookups per dienst and outcome'),
      totals(diensten, overview.buckets ?? [])),
    h('section', { 'aria-labelledby': 'dkd-time-h' },
      h('h2', { id: 'dkd-time-h' }, 'Over time'),
      overTime(diensten, overview.buckets ?? [])),
    h('section', { 'aria-labelledby': 'dkd-recent-h' },
      h('h2', { id: 'dkd-recent-h' }, 'Latest lookups'),
      table(null, [{ label: 'At' }, { label: 'Partner' }, { label: 'Dienst' }, { label: 'Doelbinding' }, { label: 'Zaak' }, { label: 'Outcome' }, { label: 'ms', num: true }, { label: 'Person (keyed hash)', mono: true }],
        (recent.items ?? []).slice(-50).reverse().map((e) => [
          time(e.at), e.partner, e.dienst, e.doelbinding, e.zaakreferentie ?? '–',
          h('span', {}, badge(e.outcome, BAD.has(e.outcome) ? 'bad' : e.outcome === 'geweigerd-doelbinding' ? 'warn' : 'good'), e.code ? ` ${e.code}` : ''),
          fmtNumber(Math.round(e.durationMs)), e.bsnHash.slice(0, 12),
        ]), 'No lookups in this period.')),
  ], { focus: ctx.focus });
}

function totals(diensten, buckets) {
  const sum = {};
  for (const b of buckets) for (const [d, byOutcome] of Object.entries(b.counts)) for (const [o, n] of Object.entries(byOutcome)) {
    sum[d] ??= {};
    sum[d][o] = (sum[d][o] ?? 0) + n;
  }
  const used = OUTCOMES.filter((o) => diensten.some((d) => sum[d]?.[o]));
  return table(null, [{ label: 'Dienst', rowHeader: true }, ...used.map((o) => ({ label: o, num: true })), { label: 'Total', num: true }],
    diensten.filter((d) => sum[d]).map((d) => [d, ...used.map((o) => fmtNumber(sum[d][o] ?? 0)), fmtNumber(Object.values(sum[d]).reduce((a, b) => a + b, 0))]),
    'No lookups in this period.');
}

/** One row per bucket: per dienst the number of lookups, with the failed ones (timeout, FWI Fout, …) in brackets. */
function overTime(diensten, buckets) {
  const rows = buckets.filter((b) => Object.keys(b.counts).length > 0).reverse();
  return table(null, [{ label: 'From' }, ...diensten.map((d) => ({ label: d, num: true }))],
    rows.map((b) => [time(b.from), ...diensten.map((d) => {
      const byOutcome = b.counts[d] ?? {};
      const all = Object.values(byOutcome).reduce((a, n) => a + n, 0);
      const bad = Object.entries(byOutcome).filter(([o]) => BAD.has(o)).reduce((a, [, n]) => a + n, 0);
      return all === 0 ? '–' : bad > 0 ? h('span', {}, fmtNumber(all), ' ', badge(`${bad} failed`, 'bad')) : fmtNumber(all);
    })]), 'No lookups in this period.');
}
