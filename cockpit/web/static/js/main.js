// The cockpit's entry: a hash router over four views. Each view renders into <main> and moves focus to
// its heading, so keyboard and screen-reader users land on the new page.
import { get } from './api.js';
import { dashboardView } from './dashboard.js';
import { deadLettersView } from './dead-letters.js';
import { dkdView } from './dkd.js';
import { h, errorNotice, show } from './dom.js';
import { messageDetailView, messageSearchView } from './messages.js';
import { pgbItemView, pgbView } from './pgb.js';

const main = document.getElementById('main');
let session = { operator: '', permissions: [] };
let firstRender = true;

/** '#/messages/abc?x=1' → { path: ['messages', 'abc'], query: URLSearchParams('x=1') } */
function currentRoute() {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = hash.split('?');
  return { path: pathPart.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(queryPart) };
}

function markNav(section) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.getAttribute('data-nav') === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

async function render() {
  const { path, query } = currentRoute();
  const ctx = { main, session, query, focus: !firstRender };
  firstRender = false;
  try {
    if (path[0] === 'dead') { markNav('dead'); await deadLettersView(ctx); return; }
    if (path[0] === 'messages' && path[1]) { markNav('messages'); await messageDetailView(ctx, path[1]); return; }
    if (path[0] === 'messages') { markNav('messages'); await messageSearchView(ctx); return; }
    if (path[0] === 'pgb' && path[1]) { markNav('pgb'); await pgbItemView(ctx, path[1]); return; }
    if (path[0] === 'pgb') { markNav('pgb'); await pgbView(ctx); return; }
    if (path[0] === 'dkd') { markNav('dkd'); await dkdView(ctx); return; }
    markNav('dashboard');
    await dashboardView(ctx);
  } catch (error) {
    show(main, 'Error', [h('h1', {}, 'Something went wrong'), errorNotice(error)], { focus: ctx.focus });
  }
}

async function start() {
  try {
    session = await get('/cockpit/session.json');
    // The PGB page is for operators with the pgb permission (the API refuses the others anyway).
    if (session.permissions.includes('pgb')) document.getElementById('nav-pgb')?.removeAttribute('hidden');
    const who = document.getElementById('who');
    if (who) {
      who.replaceChildren(
        'Operator ', h('strong', {}, session.operator),
        session.permissions.includes('personal-data') ? ' · may view personal data (audited)' : ' · no personal data',
      );
    }
  } catch (error) {
    show(main, 'Error', [h('h1', {}, 'Cockpit unavailable'), errorNotice(error)]);
    return;
  }
  window.addEventListener('hashchange', () => void render());
  await render();
}

void start();
