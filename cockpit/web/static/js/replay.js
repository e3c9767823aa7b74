// Replay with a dry run first: count what would be replayed, let the operator confirm (and set the rate),
// then run it as a job and report progress in a live region until it ends.
import { get, post } from './api.js';
import { counted, fmtNumber, h } from './dom.js';

const POLL_MS = 500;
const FOLLOW_MS = 60_000;

/**
 * Shows the replay of `selection` ({ ids } or { filter }) in `panel`: dry run → confirm → job progress.
 * `onDone` runs after the job ends (to reload the list).
 */
export async function planReplay(panel, selection, label, onDone) {
  const heading = h('h2', { tabindex: '-1' }, `Replay ${label}`);
  const say = h('p', { role: 'status', 'aria-live': 'polite' }, 'Counting (dry run)…');
  panel.hidden = false;
  panel.replaceChildren(heading, say);
  heading.focus();
  let dry;
  try {
    dry = await post('/v1/ops/dead/replay', { ...selection, dryRun: true });
  } catch (error) {
    say.textContent = `Dry run failed: ${error.message}`;
    panel.append(closeButton(panel));
    return;
  }
  const left = [dry.skipped?.held ? `${fmtNumber(dry.skipped.held)} held` : '', dry.skipped?.purged ? `${fmtNumber(dry.skipped.purged)} purged` : ''].filter(Boolean);
  say.textContent = `Dry run: ${counted(dry.matched, 'dead letter matches', 'dead letters match')}, ${fmtNumber(dry.replayable)} can be replayed` +
    (left.length ? ` (${left.join(' and ')} are left out)` : '') + '. Nothing has changed yet.';
  const byReason = (dry.byReason ?? []).length > 1
    ? h('ul', {}, dry.byReason.map((r) => h('li', {}, `${r.reason} (${r.kind}): ${fmtNumber(r.count)}`)))
    : null;
  if (!dry.replayable) {
    panel.append(...[byReason, closeButton(panel)].filter(Boolean));
    return;
  }
  const rate = h('input', { id: 'replay-rate', type: 'number', min: '1', max: '1000', step: '1', value: '50', inputmode: 'numeric', 'aria-describedby': 'replay-rate-hint' });
  const confirm = h('button', { type: 'button', class: 'primary' }, `Replay ${fmtNumber(dry.replayable)} now`);
  const cancel = h('button', { type: 'button', onclick: () => close(panel) }, 'Cancel');
  panel.append(...[byReason,
    h('div', { class: 'actions' },
      h('div', {}, h('label', { for: 'replay-rate' }, 'At most per second'), rate,
        h('p', { class: 'hint', id: 'replay-rate-hint' }, 'Spreads the replay so a recovering partner is not flooded.')),
      confirm, cancel)].filter(Boolean));
  confirm.addEventListener('click', () => {
    const ratePerSecond = Math.max(1, Math.min(1000, Number(rate.value) || 50));
    void runJob(panel, heading, say, { ...selection, ratePerSecond }, onDone);
  });
}

async function runJob(panel, heading, say, body, onDone) {
  panel.replaceChildren(heading, say);
  say.textContent = 'Starting the replay…';
  let job;
  try {
    ({ job } = await post('/v1/ops/dead/replay', body));
  } catch (error) {
    say.textContent = `Replay refused: ${error.message}`;
    panel.append(closeButton(panel));
    return;
  }
  const bar = h('progress', { max: String(Math.max(1, job.total)), value: '0', 'aria-label': 'Replay progress' });
  const counts = h('p', { class: 'muted' });
  const cancel = h('button', { type: 'button', class: 'danger', onclick: async () => {
    cancel.disabled = true;
    await post(`/v1/ops/replays/${encodeURIComponent(job.id)}/cancel`).catch(() => undefined);
  } }, 'Stop the replay');
  panel.append(bar, counts, h('div', { class: 'actions' }, cancel));
  let lastQuarter = -1;
  for (;;) {
    bar.value = job.processed;
    counts.textContent = `${fmtNumber(job.processed)} of ${fmtNumber(job.total)} done: ${fmtNumber(job.replayed)} replayed, ` +
      `${fmtNumber(job.skipped)} skipped, ${fmtNumber(job.failed)} failed` + (job.etaSeconds ? `; about ${Math.ceil(job.etaSeconds)} s left` : '');
    if (job.state !== 'running') break;
    // The live region speaks at the start and at each quarter, not at every poll.
    const quarter = job.total ? Math.floor((job.processed / job.total) * 4) : 0;
    if (quarter !== lastQuarter) { lastQuarter = quarter; say.textContent = `Replaying: ${fmtNumber(job.processed)} of ${fmtNumber(job.total)} done.`; }
    await new Promise((r) => setTimeout(r, POLL_MS));
    try { ({ job } = await get(`/v1/ops/replays/${encodeURIComponent(job.id)}`)); } catch { /* keep polling */ }
  }
  cancel.remove();
  const verb = job.state === 'done' ? 'Replay finished' : `Replay ${job.state}`;
  say.textContent = `${verb}: ${fmtNumber(job.replayed)} replayed, ${fmtNumber(job.skipped)} skipped, ${fmtNumber(job.failed)} failed.`;
  if (job.errors?.length) panel.append(h('ul', {}, job.errors.map((e) => h('li', {}, h('span', { class: 'mono' }, e.key), `: ${e.code}, ${e.message}`))));
  const ids = 'ids' in (job.selection ?? {}) ? [...new Set(job.selection.ids.map((k) => k.split('/')[0]))] : [];
  if (ids.length > 0 && ids.length <= 20 && job.replayed > 0) await followDeliveries(panel, ids);
  panel.append(closeButton(panel));
  await onDone?.();
}

/** Replays one message's dead letters at once (no job: it is one message). */
export async function replayOne(panel, messageId, destination, onDone) {
  const heading = h('h2', { tabindex: '-1' }, `Replay message ${messageId}`);
  const say = h('p', { role: 'status', 'aria-live': 'polite' }, 'Replaying…');
  panel.hidden = false;
  panel.replaceChildren(heading, say);
  heading.focus();
  try {
    const { replayed } = await post(`/v1/ops/dead/${encodeURIComponent(messageId)}/replay`, destination ? { destination } : {});
    say.textContent = `Replayed: ${replayed.map((r) => `${r.key} ${r.outcome}${r.reason ? ` (${r.reason})` : ''}`).join(', ')}.`;
    const follow = replayed.filter((r) => r.kind === 'delivery').length > 0 ? [messageId] : replayed.flatMap((r) => (r.newMessageId ? [r.newMessageId] : []));
    if (follow.length) await followDeliveries(panel, follow);
  } catch (error) {
    say.textContent = `Replay refused: ${error.message}`;
  }
  panel.append(closeButton(panel));
  await onDone?.();
}

/** Watches replayed messages until each is delivered or dead again (or a minute passed) and says how they ended. */
async function followDeliveries(panel, ids) {
  const items = new Map(ids.map((id) => [id, h('li', {}, h('a', { href: `#/messages/${encodeURIComponent(id)}`, class: 'mono' }, id), ': ', h('span', {}, 'waiting for delivery…'))]));
  const live = h('p', { role: 'status', 'aria-live': 'polite' });
  panel.append(h('h3', {}, 'Delivery after the replay'), h('ul', { class: 'follow' }, [...items.values()]), live);
  const open = new Set(ids);
  const deadline = Date.now() + FOLLOW_MS;
  while (open.size > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 750));
    for (const id of [...open]) {
      const detail = await get(`/v1/ops/messages/${encodeURIComponent(id)}`).catch(() => undefined);
      const status = detail?.message?.status;
      if (status === 'delivered' || status === 'dead') {
        open.delete(id);
        items.get(id).lastElementChild.replaceChildren(h('span', { class: `badge ${status}` }, status));
      }
    }
  }
  const statuses = [...items.values()].map((li) => li.lastElementChild.textContent);
  const delivered = statuses.filter((s) => s === 'delivered').length;
  live.textContent = `${delivered} of ${ids.length} replayed ${ids.length === 1 ? 'message' : 'messages'} delivered` +
    (open.size ? `; ${open.size} still on the way` : '') + '.';
}

function closeButton(panel) {
  return h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => close(panel) }, 'Close'));
}

function close(panel) {
  panel.hidden = true;
  panel.replaceChildren();
  document.querySelector('main h1')?.focus();
}
