// WS-Security both ways with real keys and xml-crypto: what a receiver accepts and what it refuses
// (tampering, no signature, an untrusted signer, signature wrapping, WB014 confirmation, the Timestamp).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_OIN, SUWINET_OIN, type DevCertFiles } from '../../../certs-dev/generate.ts';
import { signEnvelope, type SigningIdentity } from '../../../dkd/wus/sign.ts';
import { SignerTrust } from '../../../dkd/wus/trust.ts';
import { verifyEnvelope } from '../../../dkd/wus/verify.ts';
import { WusError } from '../../../dkd/wus/errors.ts';
import { testCerts } from '../../support/certs.ts';

const BODY = '<smls:Antwoord xmlns:smls="urn:test"><Waarde>42</Waarde></smls:Antwoord>';
const ACTION = 'http://bkwi.nl/SuwiML/Diensten/Test-v0200/TestResponse';

let certs: DevCertFiles;
let suwinet: SigningIdentity;
let trust: SignerTrust;

function answer(overrides: { body?: string; confirms?: string | null; identity?: SigningIdentity; now?: Date } = {}) {
  return signEnvelope(overrides.identity ?? suwinet, {
    addressing: { to: `https://gateway.example?oin=${GATEWAY_OIN}`, from: `https://broker.example/Test?oin=${SUWINET_OIN}`, messageId: 'urn:uuid:00000000-0000-4000-8000-000000000001', action: ACTION, relatesTo: 'urn:uuid:request' },
    bodyChildXml: overrides.body ?? BODY,
    ...(overrides.confirms === null ? {} : { signatureConfirmation: overrides.confirms ?? 'REQSIG' }),
    ...(overrides.now ? { now: overrides.now } : {}),
  });
}

function refusal(xml: string, opts: Partial<Parameters<typeof verifyEnvelope>[1]> = {}): string {
  try {
    verifyEnvelope(xml, { trust, confirms: 'REQSIG', relatesTo: 'urn:uuid:request', ...opts });
  } catch (err) {
    if (err instanceof WusError) return err.code;
    throw err;
  }
  return 'accepted';
}

beforeAll(async () => {
  certs = await testCerts();
  suwinet = { key: readFileSync(certs.suwinetKey), cert: readFileSync(certs.suwinetCert) };
  trust = new SignerTrust(readFileSync(certs.caCert), new Set([SUWINET_OIN]));
});

describe('a signed WUS envelope', () => {
  it('is accepted as signed, and the Body is read from the signed reference', () => {
    const { xml, signatureValue } = answer();
    const out = verifyEnvelope(xml, { trust, confirms: 'REQSIG', relatesTo: 'urn:uuid:request', actions: new Set([ACTION]) });
    expect(out.bodyChild).toEqual({ namespace: 'urn:test', localName: 'Antwoord' });
    expect(out.bodyChildXml).toContain('<Waarde>42</Waarde>');
    expect(out.signerOin).toBe(SUWINET_OIN);
    expect(out.signatureValue).toBe(signatureValue);
    expect(out.addressing.action).toBe(ACTION);
    // RSA-SHA256, exclusive c14n, SHA-256 digests over Body, Timestamp, five addressing headers and the confirmation.
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(xml.match(/<ds:Reference /g)).toHaveLength(8);
    expect(xml.match(/DigestMethod Algorithm="http:\/\/www.w3.org\/2001\/04\/xmlenc#sha256"/g)).toHaveLength(8);
  });

  it('refuses a changed Body', () => {
    expect(refusal(answer().xml.replace('<Waarde>42</Waarde>', '<Waarde>43</Waarde>'))).toBe('signature-invalid');
  });

  it('refuses a changed addressing header and a changed Timestamp', () => {
    expect(refusal(answer().xml.replace('urn:uuid:00000000-0000-4000-8000-000000000001', 'urn:uuid:00000000-0000-4000-8000-000000000002'))).toBe('signature-invalid');
    const xml = answer().xml;
    const created = /<wsu:Created>([^<]+)</.exec(xml)![1]!;
    expect(refusal(xml.replace(created, new Date(Date.parse(created) - 1000).toISOString()))).toBe('signature-invalid');
  });

  it('refuses an unsigned envelope', () => {
    const unsigned = answer().xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
    expect(refusal(unsigned)).toBe('unsigned');
    expect(refusal(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${BODY}</soapenv:Body></soapenv:Envelope>`)).toBe('unsigned');
  });

  it('refuses a signature by a certificate from another CA, and one by a trusted CA but another OIN', () => {
    expect(refusal(answer({ identity: { key: readFileSync(certs.rogueClientKey), cert: readFileSync(certs.rogueClientCert) } }).xml)).toBe('untrusted-signer');
    expect(refusal(answer({ identity: { key: readFileSync(certs.strangerKey), cert: readFileSync(certs.strangerCert) } }).xml)).toBe('untrusted-signer');
  });

  it('refuses a token swapped for another certificate than the one that signed', () => {
    const stranger = answer({ identity: { key: readFileSync(certs.strangerKey), cert: readFileSync(certs.strangerCert) } }).xml;
    const suwinetToken = /<wsse:BinarySecurityToken[^>]*>([^<]+)</.exec(answer().xml)![1]!;
    const swapped = stranger.replace(/(<wsse:BinarySecurityToken[^>]*>)[^<]+</, `$1${suwinetToken}<`);
    expect(refusal(swapped)).toBe('signature-invalid');
  });

  it('refuses signature wrapping: the signed Body moved into the Header and another Body put in its place', () => {
    const xml = answer().xml;
    const signedBody = /<soapenv:Body [\s\S]*<\/soapenv:Body>/.exec(xml)![0];
    // The signed Body stays intact (its digest still verifies), hidden in a header the receiver does not read.
    const wrapper = `<w:Wrapper xmlns:w="urn:wrapper">${signedBody}</w:Wrapper>`;
    const evil = '<soapenv:Body><smls:Antwoord xmlns:smls="urn:test"><Waarde>666</Waarde></smls:Antwoord></soapenv:Body>';
    const wrapped = xml.replace(signedBody, evil).replace('</soapenv:Header>', `${wrapper}</soapenv:Header>`);
    expect(refusal(wrapped)).toBe('signature-coverage');
    // And with the wrapper inside the Security header.
    const inSecurity = xml.replace(signedBody, evil).replace('</wsse:Security>', `${wrapper}</wsse:Security>`);
    expect(refusal(inSecurity)).toBe('signature-coverage');
  });

  it('refuses signature wrapping with a second element carrying the signed Body\'s Id', () => {
    const xml = answer().xml;
    const bodyId = /<soapenv:Body wsu:Id="([^"]+)"/.exec(xml)![1]!;
    const decoy = `<wsa:ReplyTo xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="${bodyId}"><wsa:Address>x</wsa:Address></wsa:ReplyTo>`;
    expect(refusal(xml.replace('</soapenv:Header>', `${decoy}</soapenv:Header>`))).toBe('signature-coverage');
  });

  it('refuses a second Body', () => {
    const xml = answer().xml.replace('</soapenv:Envelope>', `<soapenv:Body>${BODY}</soapenv:Body></soapenv:Envelope>`);
    expect(['signature-coverage', 'malformed']).toContain(refusal(xml));
  });

  it('checks the SignatureConfirmation (WB014): present, signed and naming our request\'s signature', () => {
    expect(refusal(answer({ confirms: null }).xml)).toBe('signature-confirmation');
    expect(refusal(answer({ confirms: 'OTHER' }).xml)).toBe('signature-confirmation');
  });

  it('checks the Timestamp and RelatesTo', () => {
    expect(refusal(answer({ now: new Date(Date.now() - 3_600_000) }).xml)).toBe('timestamp');
    expect(refusal(answer().xml, { relatesTo: 'urn:uuid:another' })).toBe('addressing');
  });

  it('refuses a DOCTYPE', () => {
    expect(refusal(`<!DOCTYPE x [<!ENTITY e "x">]>${answer().xml}`)).toBe('malformed');
  });
});
