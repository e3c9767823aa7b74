import { describe, expect, it } from 'vitest';
import { OpenApiDocument } from './support/openapi-validator.ts';

// The check itself (ajv over the corpus OpenAPI): it must pass what the Update API allows and fail what it
// does not, or the integration test that uses it proves nothing.
describe('OpenAPI validator on the Haal Centraal BRP Update API', () => {
  const api = new OpenApiDocument();

  it('accepts a VolgindicatieRaadplegen and a collection', () => {
    const one = { burgerservicenummer: '999993653', begindatum: '2025-11-22', einddatum: '2026-01-01', referentie: 'WL-1', status: 'geplaatst' };
    expect(api.checkResponse({ path: '/volgindicaties/{burgerservicenummer}', method: 'get', status: 200, contentType: 'application/json', body: one })).toEqual([]);
    expect(api.checkResponse({ path: '/volgindicaties', method: 'get', status: 200, contentType: 'application/json', body: { volgindicaties: [one] } })).toEqual([]);
    expect(api.checkResponse({ path: '/volgindicaties/{burgerservicenummer}', method: 'put', status: 201, contentType: 'application/hal+json', body: one })).toEqual([]);
  });

  it('fails a response that deviates', () => {
    expect(api.checkResponse({ path: '/volgindicaties/{burgerservicenummer}', method: 'get', status: 200, contentType: 'application/json', body: { begindatum: '22-11-2025' } }))
      .toEqual(['$.begindatum: must match format "date"']);
    expect(api.checkResponse({ path: '/volgindicaties/{burgerservicenummer}', method: 'get', status: 200, contentType: 'application/json', body: { burgerservicenummer: 999993653 } }))
      .toEqual(['$.burgerservicenummer: must be string']);
    expect(api.checkResponse({ path: '/volgindicaties', method: 'get', status: 200, contentType: 'application/json', body: { volgindicaties: {} } }))
      .toEqual(['$.volgindicaties: must be array']);
    expect(api.checkResponse({ path: '/wijzigingen', method: 'get', status: 200, contentType: 'application/hal+json', body: { _links: { self: {} }, burgerservicenummers: ['1', 2] } }))
      .toEqual(["$._links.self: must have required property 'href'", '$.burgerservicenummers.1: must be string']);
  });

  it('checks the content type and the status against the spec', () => {
    expect(api.checkResponse({ path: '/wijzigingen', method: 'get', status: 200, contentType: 'application/json', body: {} }))
      .toEqual(['content type application/json is not one of application/hal+json for status 200']);
    expect(api.checkResponse({ path: '/volgindicaties/{burgerservicenummer}', method: 'put', status: 201, contentType: 'application/json', body: {} }))
      .toEqual(['content type application/json is not one of application/hal+json for status 201']);
  });

  it('validates problem responses against Foutbericht / BadRequestFoutbericht', () => {
    const ok = { type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1', title: 't', status: 400, code: 'paramsValidation', invalidParams: [{ name: 'burgerservicenummer', code: 'elfproef', reason: 'r' }] };
    expect(api.checkResponse({ path: '/volgindicaties/{burgerservicenummer}', method: 'put', status: 400, contentType: 'application/problem+json', body: ok })).toEqual([]);
    expect(api.checkResponse({ path: '/volgindicaties/{burgerservicenummer}', method: 'put', status: 400, contentType: 'application/problem+json', body: { ...ok, type: 'not a uri', code: '' } }))
      .toEqual(['$.type: must match format "uri"', '$.code: must NOT have fewer than 1 characters']);
    expect(api.checkResponse({ path: '/volgindicaties/{burgerservicenummer}', method: 'get', status: 404, contentType: 'application/json', body: {} }))
      .toEqual(['content type application/json is not one of application/problem+json for status 404']);
  });
});
