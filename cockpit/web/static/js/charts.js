// Time-series charts (uPlot, served by the gateway under /cockpit/vendor/): flow per family, failed delivery
// attempts and dead letters over the last hour or day, from /v1/ops/series.
import uPlot from '../vendor/uPlot.esm.js';
import { get } from './api.js';
import { counted, h } from './dom.js';

const PALETTE = ['#1f5fa8', '#b3541e', '#2e7d32', '#7b3fa0', '#a3324a', '#00796b', '#5d4037', '#455a64'];
const WINDOWS = [['1h', 'Last hour'], ['24h', 'Last 24 hours']];

/** The charts section, drawing the last hour first; its buttons switch the window. */
export function chartsSection() {
  const holder = h('div', { class: 'charts' });
  const buttons = WINDOWS.map(([w, label]) => h('button', { type: 'button', 'aria-pressed': w === '1h' ? 'true' : 'false', onclick: () => draw(w) }, label));
  async function draw(window) {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.textContent === WINDOWS.find(([w]) => w === window)[1]));
    const data = await get(`/v1/ops/series?window=${window}`);
    holder.replaceChildren(...figures(data));
  }
  void draw('1h');
  return h('section', { 'aria-labelledby': 'charts-h' },
    h('h2', { id: 'charts-h' }, 'Over time'),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Time window' }, buttons),
    holder);
}

function figures(data) {
  const families = Object.keys(data.flow).sort();
  const span = data.window === '1h' ? 'the last hour' : 'the last 24 hours';
  const per = data.bucketSeconds >= 60 ? `per ${data.bucketSeconds / 60} min` : `per ${data.bucketSeconds} s`;
  return [
    figure('flow', `Messages received per family, ${per}`, data.buckets,
      families.map((f) => ({ label: f, values: data.flow[f] })),
      (total) => `${counted(total, 'message', 'messages')} received in ${span}${families.length ? ` (${families.join(', ')})` : ''}.`),
    figure('failures', `Failed delivery attempts, ${per}`, data.buckets,
      [{ label: 'failed attempts', values: data.failedAttempts }],
      (total) => `${counted(total, 'failed delivery attempt', 'failed delivery attempts')} in ${span}.`),
    figure('dead', `Dead letters, ${per}`, data.buckets,
      [{ label: 'deliveries ended dead', values: data.dead.deliveries }, { label: 'refused at ingest', values: data.dead.refused }],
      (total) => `${counted(total, 'dead letter', 'dead letters')} in ${span}.`),
  ];
}

function figure(name, caption, xs, series, describe) {
  const total = series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);
  const summary = describe(total);
  const plot = h('div', { class: 'plot', role: 'img', 'aria-label': `${caption}. ${summary}` });
  const fig = h('figure', { class: 'chart', 'data-chart': name, 'data-total': String(total) },
    h('figcaption', {}, caption), plot, h('p', { class: 'muted' }, summary));
  const opts = {
    width: 520,
    height: 180,
    legend: { show: series.length > 1 || name === 'flow' },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { size: 48 }],
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: PALETTE[i % PALETTE.length], width: 2, points: { show: false } }))],
  };
  const values = series.length > 0 ? series.map((s) => s.values) : [xs.map(() => 0)];
  if (series.length === 0) opts.series.push({ label: 'none', stroke: PALETTE[0] });
  // uPlot measures its container: draw once the figure is in the document.
  requestAnimationFrame(() => {
    const width = Math.max(280, Math.min(plot.clientWidth || 520, 900));
    new uPlot({ ...opts, width }, [xs, ...values], plot);
    fig.setAttribute('data-drawn', 'true');
  });
  return fig;
}
