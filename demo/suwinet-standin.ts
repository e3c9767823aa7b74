// A Suwinet (BKWI broker / Inlichtingenbureau DKD gateway) stand-in, for development and tests only: it is
// never on the product's runtime path. HTTPS with a required client certificate from the dev CA, TLS 1.2
// with exactly the cipher the BKWI WSDLs prescribe (ECDHE-RSA-AES128-GCM-SHA256). For every request it
//  - verifies the WS-Security signature against the dev CA and the gateway's OIN (a bad one is a SOAP fault),
//  - answers the corpus sample response for the dienst and BSN (../shared/corpus/suwi/samples/responses),
//    NietsGevonden for any other BSN, or what a test asks for (`behave`): an FWI Fout, a delay, a tampered,
//    unsigned, wrapped or wrongly signed answer,
//  - signs its answer with its own certificate (certs-dev suwinet.crt), confirming the request's signature.
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DIENSTEN, FWI_NAMESPACE, type Dienst } from '../adapters/suwiml/index.ts';
import { signEnvelope, type SigningIdentity } from '../dkd/wus/sign.ts';
import { NS, xmlEscape } from '../dkd/wus/namespaces.ts';
import { SignerTrust } from '../dkd/wus/trust.ts';
import { verifyEnvelope } from '../dkd/wus/verify.ts';
import { WusError } from '../dkd/wus/errors.ts';
import { readVariables } from '../config/schema.ts';

export const STANDIN_CIPHER = 'ECDHE-RSA-AES128-GCM-SHA256';

export type StandinBehaviour =
  | { kind: 'normal' }
  | { kind: 'fwi'; code: string; tekst?: string }
  | { kind: 'niet-gerechtigd' }
  | { kind: 'delay'; ms: number }
  | { kind: 'tamper' }
  | { kind: 'unsigned' }
  | { kind: 'wrap' }
  | { kind: 'signer'; identity: SigningIdentity }
  | { kind: 'http'; status: number };

export interface SuwinetStandinOptions {
  port?: number;
  host?: string;
  /** The stand-in's TLS server certificate, also its signing certificate. */
  identity: SigningIdentity;
  /** Client certificates must chain to this (the dev CA). */
  ca: Buffer;
  /** The OINs whose signed requests are accepted (the gateway's). */
  requesterOins: readonly string[];
  /** Default ../shared/corpus (or KP_CORPUS_DIR). */
  corpusDir?: string;
  /** The stand-in's own OIN (wsa:From ?oin=). */
  oin?: string;
}

const SERVICE_PATH = /\/(BRPDossierPersoonGSD|UWVDossierInkomstenGSD|SVBDossierPersoonGSD|Bijstandsregelingen)-v\d{4}$/;

export class SuwinetStandin {
  /** Requests that reached a dienst (signature verified or not), per dienst. */
  readonly requests = new Map<Dienst, number>();
  /** Requests refused for their signature, with the reason's code. */
  readonly refused: string[] = [];
  private readonly behaviours = new Map<Dienst, StandinBehaviour>();
  private readonly samples = new Map<string, string>();
  private readonly trust: SignerTrust;
  private server: Server | undefined;

  constructor(private readonly options: SuwinetStandinOptions) {
    this.trust = new SignerTrust(options.ca, new Set(options.requesterOins));
    const dir = path.join(path.resolve(options.corpusDir ?? readVariables(process.env, ['KP_CORPUS_DIR']).KP_CORPUS_DIR!), 'suwi', 'samples', 'responses');
    for (const file of readdirSync(dir)) {
      const m = /^([A-Za-z]+)_[A-Za-z]+_(\d{9})\.xml$/.exec(file);
      if (m) this.samples.set(`${m[1]}/${m[2]}`, readFileSync(path.join(dir, file), 'utf8').replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim());
    }
  }

  /** The corpus samples as [dienst, bsn] pairs (the BSNs are fictitious simulator values; never print them). */
  get sampleKeys(): Array<[Dienst, string]> {
    return [...this.samples.keys()].map((k) => k.split('/') as [Dienst, string]);
  }

  /** The corpus answer body for a dienst and BSN, as served. */
  sample(dienst: Dienst, bsn: string): string | undefined {
    return this.samples.get(`${dienst}/${bsn}`);
  }

  behave(dienst: Dienst, behaviour: StandinBehaviour): void {
    this.behaviours.set(dienst, behaviour);
  }

  reset(): void {
    this.behaviours.clear();
    this.requests.clear();
    this.refused.length = 0;
  }

  get totalRequests(): number {
    return [...this.requests.values()].reduce((a, b) => a + b, 0);
  }

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('suwinet stand-in not listening');
    return address.port;
  }

  /** The endpoint URL of a dienst, as config/dkd*.yaml names it. */
  urlOf(dienst: Dienst): string {
    const version = DIENSTEN[dienst].action.match(/-(v\d{4})\//)?.[1] ?? 'v0200';
    return `https://localhost:${this.port}/suwibroker/soap/${dienst}-${version}`;
  }

  async start(): Promise<this> {
    this.server = createServer({
      key: this.options.identity.key, cert: this.options.identity.cert, ca: this.options.ca,
      requestCert: true, rejectUnauthorized: true,
      minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: STANDIN_CIPHER,
    }, (req, res) => void this.handle(req, res).catch(() => { if (!res.headersSent) res.writeHead(500).end(); }));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const dienst = SERVICE_PATH.exec(req.url ?? '')?.[1] as Dienst | undefined;
    if (req.method !== 'POST' || dienst === undefined) { res.writeHead(404).end(); return; }
    this.requests.set(dienst, (this.requests.get(dienst) ?? 0) + 1);
    const text = Buffer.concat(chunks).toString('utf8');
    let request;
    try {
      request = verifyEnvelope(text, { trust: this.trust, requireHeaders: ['To', 'MessageID', 'Action'], actions: new Set([DIENSTEN[dienst].action]) });
    } catch (err) {
      const code = err instanceof WusError ? err.code : 'malformed';
      this.refused.push(code);
      res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' }).end(soapFault(`the request is refused: ${code}`));
      return;
    }
    const bsn = /<Burgerservicenr>(\d{9})<\/Burgerservicenr>/.exec(request.bodyChildXml)?.[1] ?? '';
    const behaviour = this.behaviours.get(dienst) ?? { kind: 'normal' };
    if (behaviour.kind === 'delay') await new Promise((r) => setTimeout(r, behaviour.ms));
    if (behaviour.kind === 'http') { res.writeHead(behaviour.status).end(); return; }
    if (res.destroyed) return;

    const d = DIENSTEN[dienst];
    const body = behaviour.kind === 'fwi'
      ? `<smls:${d.responseElement} xmlns:smls="${d.namespace}" xmlns:fwi="${FWI_NAMESPACE}"><fwi:FWI><Fout><Code>${xmlEscape(behaviour.code)}</Code><Tekst>${xmlEscape(behaviour.tekst ?? 'Fout op verzoek van de test')}</Tekst><Bron><DN>${dienst}</DN></Bron></Fout></fwi:FWI></smls:${d.responseElement}>`
      : behaviour.kind === 'niet-gerechtigd'
        ? `<smls:${d.responseElement} xmlns:smls="${d.namespace}" xmlns:fwi="${FWI_NAMESPACE}"><fwi:NietGerechtigd/></smls:${d.responseElement}>`
        : this.samples.get(`${dienst}/${bsn}`)
          ?? `<smls:${d.responseElement} xmlns:smls="${d.namespace}" xmlns:fwi="${FWI_NAMESPACE}"><fwi:NietsGevonden/></smls:${d.responseElement}>`;
    const identity = behaviour.kind === 'signer' ? behaviour.identity : this.options.identity;
    const ownUrl = `https://localhost:${this.port}${req.url ?? ''}`;
    const addressing = {
      to: request.addressing.from ?? 'http://www.w3.org/2005/08/addressing/anonymous',
      from: this.options.oin ? `${ownUrl}?oin=${this.options.oin}` : ownUrl,
      messageId: `urn:uuid:${randomUUID()}`,
      action: d.responseAction,
      ...(request.addressing.messageId ? { relatesTo: request.addressing.messageId } : {}),
    };
    let xml: string;
    if (behaviour.kind === 'unsigned') {
      xml = `<soapenv:Envelope xmlns:soapenv="${NS.soapenv}"><soapenv:Header/><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
    } else {
      xml = signEnvelope(identity, { addressing, bodyChildXml: body, signatureConfirmation: request.signatureValue }).xml;
      if (behaviour.kind === 'tamper') xml = xml.replace(/(<\/[\w]+:\w+Response>)(\s*<\/soapenv:Body>)/, '<Toegevoegd>1</Toegevoegd>$1$2');
      if (behaviour.kind === 'wrap') xml = wrapped(xml, dienst);
    }
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(xml);
  }
}

/** Signature wrapping: the signed Body hidden in a header, an unsigned Body with other content in its place. */
function wrapped(xml: string, dienst: Dienst): string {
  const signedBody = /<soapenv:Body [\s\S]*<\/soapenv:Body>/.exec(xml)![0];
  const d = DIENSTEN[dienst];
  const evil = `<soapenv:Body><smls:${d.responseElement} xmlns:smls="${d.namespace}" xmlns:fwi="${FWI_NAMESPACE}"><fwi:NietsGevonden/></smls:${d.responseElement}></soapenv:Body>`;
  return xml.replace(signedBody, evil).replace('</soapenv:Header>', `<w:Wrapper xmlns:w="urn:wrapper">${signedBody}</w:Wrapper></soapenv:Header>`);
}

function soapFault(reason: string): string {
  return `<soapenv:Envelope xmlns:soapenv="${NS.soapenv}"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${xmlEscape(reason)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}
