import type { FastifyInstance, FastifyReply } from 'fastify';
import { requirePartner } from '../../gateway/partner-identity.ts';
import { loadAssets, type Asset } from './assets.ts';

// No inline script or style anywhere, nothing from another origin, and DOM text only through Trusted Types
// policies the page does not have (it builds every node with createElement/textContent): an injected string
// can never become markup or script.
export const COCKPIT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': COCKPIT_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'x-frame-options': 'DENY',
};

/** The web page's own files and session: not part of the HTTP API, so not in the OpenAPI document. */
const WEB = { schema: { hide: true } };

export interface CockpitWebOptions {
  /** Where the page's files are read from once (default: cockpit/web/static). */
  assets?: Map<string, Asset>;
}

/**
 * The operator's web cockpit under /cockpit on the mTLS server: plain HTML, CSS and ES modules held in memory,
 * for partners with the operator role only. The page calls the operator API (/v1/ops/…) with the same
 * client certificate; it shows what that API lets this operator see, so personal data stays behind the
 * API's personal-data permission.
 */
export async function cockpitWebRoutes(app: FastifyInstance, opts: CockpitWebOptions = {}): Promise<void> {
  const assets = opts.assets ?? loadAssets();
  const index = assets.get('index.html');
  if (!index) throw new Error('cockpit/web: index.html is missing from the static files');

  const send = (reply: FastifyReply, asset: Asset, ifNoneMatch: string | undefined, cache: string) => {
    void reply.headers(SECURITY_HEADERS).header('cache-control', cache).header('etag', asset.etag);
    if (ifNoneMatch === asset.etag) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  };

  await app.register(async (scoped) => {
    scoped.addHook('onRequest', async (req, reply) => {
      if (!requirePartner(req, reply, 'operator')) return reply;
      return undefined;
    });

    scoped.get('/cockpit', WEB, async (_req, reply) => reply.headers(SECURITY_HEADERS).redirect('/cockpit/', 308));

    scoped.get('/cockpit/', WEB, async (req, reply) => send(reply, index, req.headers['if-none-match'], 'no-cache'));

    // Who is looking, so the page can leave out what this operator may not open (the API refuses it anyway).
    scoped.get('/cockpit/session.json', WEB, async (req, reply) => {
      const partner = req.partner!;
      void reply.headers(SECURITY_HEADERS).header('cache-control', 'no-store');
      return { operator: partner.name, permissions: [...partner.permissions] };
    });

    scoped.get<{ Params: { '*': string } }>('/cockpit/*', WEB, async (req, reply) => {
      const asset = assets.get(req.params['*']);
      if (!asset || req.params['*'] === 'index.html') {
        return reply.code(404).headers(SECURITY_HEADERS).send({ errors: [{ code: 'not-found', message: `no cockpit file ${req.params['*'].slice(0, 100)}` }] });
      }
      return send(reply, asset, req.headers['if-none-match'], 'no-cache');
    });
  });
}
