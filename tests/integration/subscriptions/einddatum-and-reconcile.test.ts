// The timer side of the subscriptions feature, driven with a clock the test moves: a volgindicatie whose
// einddatum comes is ended and the Av01 sent once; an Ap01 that a crash left unsent is sent by the
// reconciler, and sent only once however often it runs; another instance's change reaches the index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLo3, serializeLo3 } from '../../../adapters/brp/lo3/index.ts';
import { AuditLog, auditFeature } from '../../../audit/index.ts';
import { Afnemersindicaties } from '../../../subscriptions/afnemersindicaties.ts';
import { anummerHash, db, type SubscriptionDeps } from '../../../subscriptions/context.ts';
import { amsterdamDate } from '../../../subscriptions/dates.ts';
import { subscriptionsFeature } from '../../../subscriptions/feature.ts';
import { IndexRefresher } from '../../../subscriptions/index-sync.ts';
import { Volgindicaties } from '../../../subscriptions/volgindicaties.ts';
import { WatchIndex } from '../../../subscriptions/watch-index.ts';
import { Watchlist } from '../../../subscriptions/watchlist.ts';
import { startTestChain, type TestChain } from '../../support/gateway.ts';
import { watchlistClient } from './watchlist-client.ts';

const DAY = 86_400_000;
let chain: TestChain;
let clock = Date.now();
let deps: SubscriptionDeps;
let watchlist: Watchlist;

beforeAll(async () => {
  chain = await startTestChain({
    endpoints: { gbav: () => ({ status: 200 }), 'wsw-subscriber': () => ({ status: 200 }) },
    features: [auditFeature, subscriptionsFeature],
    env: { KP_BRP_SYNC_INTERVAL_MS: '0', KP_BRP_RETENTION_DAYS: '0', KP_BRP_INDEX_REFRESH_MS: '0' },
  });
  const { kp } = chain;
  deps = {
    store: kp.store, ingest: kp.ingest, partners: kp.partners, logger: kp.logger, audit: new AuditLog(kp.store),
    index: new WatchIndex(['wsw-subscriber']), gbav: 'gbav', gatewayOin: '00000001000000384999', alertSource: 'urn:test', now: () => clock,
  };
  const volgindicaties = new Volgindicaties(deps);
  watchlist = new Watchlist(deps, volgindicaties, new Afnemersindicaties(deps));
});

afterAll(async () => {
  await chain?.close();
});

const gbavTypes = () => [...chain.endpoints.gbav!.received.values()].map((r) => r.type);

describe('einddatum reached', () => {
  it('ends the volgindicatie on its einddatum and sends the Av01 once', async () => {
    const bsn = '999993653';
    const tomorrow = amsterdamDate(clock + DAY);
    const put = await watchlist.put('wsw-subscriber', bsn, { einddatum: tomorrow, referentie: 'WL-E' });
    expect(put).toMatchObject({ created: true, activated: true });
    await chain.endpoints.gbav!.waitFor(1, 20_000);
    // GBA-V places it (through the gateway, as in production).
    const gbav = watchlistClient(chain.certs, 'gbav', chain.kp.url);
    const ag01 = serializeLo3({ berichtType: 'Ag01', status: 'A', datum: '00000000', plData: { c01: [{ e0110: '9990000018', e0120: bsn }] } });
    expect((await gbav.send(ag01)).status).toBe(202);
    await gbav.close();
    const volgindicaties = new Volgindicaties(deps);
    for (let i = 0; i < 200 && (await volgindicaties.find('wsw-subscriber', deps.store.bsnHash(bsn)))?.status !== 'geplaatst'; i++) await new Promise((r) => setTimeout(r, 50));

    expect(await watchlist.expire()).toBe(0); // today it is still active
    clock += DAY;
    expect(await watchlist.expire()).toBe(1);
    await chain.endpoints.gbav!.waitFor(2, 20_000);
    const av01 = [...chain.endpoints.gbav!.received.values()].find((r) => r.type === 'Av01')!;
    expect(parseLo3(av01.body).bericht).toEqual({ berichtType: 'Av01', herhaling: '0', plData: { c01: [{ e0110: '9990000018' }] } });
    expect((await volgindicaties.find('wsw-subscriber', deps.store.bsnHash(bsn)))).toMatchObject({ status: 'beeindigd', einddatum: tomorrow });

    clock += DAY;
    expect(await watchlist.expire()).toBe(0);
    expect(await watchlist.afnemersindicaties.reconcile()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(gbavTypes()).toEqual(['Ap01', 'Av01']);
  });
});

describe('reconciler', () => {
  it('sends an Ap01 a crash left unsent, and only once however often it runs', async () => {
    const bsn = '999990457';
    await watchlist.put('wsw-subscriber', bsn, {});
    await chain.endpoints.gbav!.waitFor(3, 20_000);
    const bsnHash = deps.store.bsnHash(bsn);
    // As if the process died after the state change but before the emit was recorded.
    await db(deps).updateTable('afnemersindicaties').set({ ap01_message_id: null }).where('bsn_hash', '=', bsnHash).execute();
    expect(await watchlist.afnemersindicaties.reconcile()).toBe(1);
    expect(await watchlist.afnemersindicaties.reconcile()).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(gbavTypes().filter((t) => t === 'Ap01')).toHaveLength(2); // this person's and the one above
    const row = await watchlist.afnemersindicaties.find(bsnHash);
    expect(row).toMatchObject({ status: 'plaatsen', generatie: 1 });
    expect(row!.ap01_message_id).not.toBeNull();
  });

  it('places again after a refusal only when the subscriber puts the volgindicatie anew', async () => {
    const bsn = '999992806';
    const bsnHash = deps.store.bsnHash(bsn);
    await watchlist.put('wsw-subscriber', bsn, {});
    await watchlist.afnemersindicaties.refused(bsnHash, { code: 'H', omschrijving: 'betrokkene heeft om geheimhouding verzocht' });
    const refused = await new Volgindicaties(deps).find('wsw-subscriber', bsnHash);
    expect(refused).toMatchObject({ status: 'geweigerd', reden_code: 'H' });
    // The subscriber learns the person cannot be followed, not that the person asked for geheimhouding.
    expect(new Volgindicaties(deps).view(refused!, bsn)).toMatchObject({ status: 'geweigerd', reden: { code: 'niet-volgbaar' } });
    expect(await watchlist.afnemersindicaties.reconcile()).toBe(0);
    await watchlist.put('wsw-subscriber', bsn, { einddatum: amsterdamDate(clock) }); // ended …
    await watchlist.put('wsw-subscriber', bsn, {});                                  // … and put anew
    expect(await watchlist.afnemersindicaties.find(bsnHash)).toMatchObject({ status: 'plaatsen', generatie: 2 });
    expect(await new Volgindicaties(deps).find('wsw-subscriber', bsnHash)).toMatchObject({ status: 'aangevraagd', reden_code: null });
  });
});

describe('watch index across instances', () => {
  it('picks up volgindicaties and aliases another instance wrote', async () => {
    const index = new WatchIndex(['wsw-subscriber']);
    const other = { ...deps, index: new WatchIndex(['wsw-subscriber']) };
    const refresher = new IndexRefresher({ ...deps, index }, clock);
    const bsn = '555555021';
    await new Watchlist(other, new Volgindicaties(other), new Afnemersindicaties(other)).put('wsw-subscriber', bsn, {});
    await new Afnemersindicaties(other).rememberAnummer(deps.store.bsnHash(bsn), '1234567890', 'Ag01');
    expect(index.watchersOf(deps.store.bsnHash(bsn))).toEqual([]);
    await refresher.poll();
    expect(index.watchersOf(deps.store.bsnHash(bsn))).toEqual(['wsw-subscriber']);
    expect(index.watchersByAnummer(anummerHash(deps.store, '1234567890'))).toEqual(['wsw-subscriber']);
    await new Watchlist(other, new Volgindicaties(other), new Afnemersindicaties(other)).put('wsw-subscriber', bsn, { einddatum: amsterdamDate(clock) });
    await refresher.poll();
    expect(index.watchersOf(deps.store.bsnHash(bsn))).toEqual([]);
  });
});
