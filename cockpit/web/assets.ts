import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rulesCatalogueHtml } from '../../adapters/iwmo-ijw/rules/catalogue.ts';

/** The rule catalogue page, one row and anchor per rule (rules.html#tr380). */
export const RULES_PAGE = 'rules.html';

/** One file of the cockpit page, held in memory: the page needs no build step and no disk access per request. */
export interface Asset { body: Buffer; contentType: string; etag: string }

export const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Libraries the page uses, served from their npm packages under /cockpit/vendor/ (no CDN, no build step). */
const VENDOR: Record<string, string> = {
  'vendor/uPlot.esm.js': 'uplot/dist/uPlot.esm.js',
  'vendor/uPlot.min.css': 'uplot/dist/uPlot.min.css',
};

/**
 * Every file under `dir` by its path relative to it ('index.html', 'js/main.js'). Only the file types above
 * are taken, so nothing else in the folder is ever served.
 */
export function loadAssets(dir: string = STATIC_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const contentType = CONTENT_TYPES[path.extname(entry.name)];
    if (!contentType) continue;
    const file = path.join(entry.parentPath, entry.name);
    const body = readFileSync(file);
    assets.set(path.relative(dir, file).split(path.sep).join('/'), asset(body, contentType));
  }
  const require = createRequire(import.meta.url);
  for (const [name, module] of Object.entries(VENDOR)) {
    assets.set(name, asset(readFileSync(require.resolve(module)), CONTENT_TYPES[path.extname(name)]!));
  }
  // Generated from the rule definitions when the gateway starts (no build step): a refusal's rule id links here.
  assets.set(RULES_PAGE, asset(Buffer.from(rulesCatalogueHtml()), CONTENT_TYPES['.html']!));
  return assets;
}

function asset(body: Buffer, contentType: string): Asset {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}
