// A small validator for the part of OpenAPI 3.0 / JSON Schema that the Haal Centraal BRP Update API uses:
// $ref (within a document and to Haal-Centraal-common), type, properties, required, additionalProperties,
// items, allOf / oneOf / anyOf, enum, pattern, min/maxLength, min/maxItems, minimum/maximum, nullable and
// the formats date, date-time and uri. It reads the OpenAPI file itself, so a response that deviates from
// the published contract fails the test. (No ajv in this project's dependencies.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CORPUS } from '../../../support/corpus.ts';

export const UPDATE_API_OPENAPI = path.join(CORPUS, 'brp', 'specs', 'haal-centraal-brp-update-api', 'openapi.yaml');

const COMMON_URL_PREFIX = 'https://raw.githubusercontent.com/VNG-Realisatie/Haal-Centraal-common/';

// The corpus holds the Update API but not Haal-Centraal-common, which it $refs for HalLink and the error
// bodies. These are the schemas and responses it uses, transcribed from VNG-Realisatie/Haal-Centraal-common
// api-specificatie/common.yaml (EUPL-1.2); only what the Update API reaches is here.
const COMMON_YAML = `
components:
  responses:
    '400': { description: Bad Request, content: { application/problem+json: { schema: { $ref: '#/components/schemas/BadRequestFoutbericht' } } } }
    '401': { description: Unauthorized, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Foutbericht' } } } }
    '403': { description: Forbidden, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Foutbericht' } } } }
    '404': { description: Not Found, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Foutbericht' } } } }
    '406': { description: Not Acceptable, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Foutbericht' } } } }
    '415': { description: Unsupported Media Type, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Foutbericht' } } } }
    '500': { description: Internal Server Error, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Foutbericht' } } } }
    '503': { description: Service Unavailable, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Foutbericht' } } } }
    'default': { description: Er is een onverwachte fout opgetreden, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Foutbericht' } } } }
  schemas:
    Href: { type: string }
    HalLink:
      type: object
      required: [href]
      properties:
        href: { $ref: '#/components/schemas/Href' }
        templated: { type: boolean }
        title: { type: string }
    Foutbericht:
      type: object
      properties:
        type: { type: string, format: uri }
        title: { type: string }
        status: { type: integer }
        detail: { type: string }
        instance: { type: string, format: uri }
        code: { type: string, minLength: 1 }
    InvalidParams:
      type: object
      properties:
        type: { type: string, format: uri }
        name: { type: string }
        code: { type: string, minLength: 1 }
        reason: { type: string }
    BadRequestFoutbericht:
      allOf:
        - $ref: '#/components/schemas/Foutbericht'
        - type: object
          properties:
            invalidParams:
              type: array
              items: { $ref: '#/components/schemas/InvalidParams' }
`;

type Schema = Record<string, any>;
interface Located { doc: string; node: any }

export interface ResponseCheck {
  /** The path as the API spec writes it, e.g. /volgindicaties/{burgerservicenummer}. */
  path: string;
  method: 'get' | 'put' | 'post' | 'delete';
  status: number;
  contentType: string | undefined;
  body: unknown;
}

export class OpenApiDocument {
  private readonly docs = new Map<string, any>();

  constructor(private readonly file: string = UPDATE_API_OPENAPI) {
    this.docs.set('main', parse(readFileSync(file, 'utf8')));
    this.docs.set('common', parse(COMMON_YAML));
  }

  /** Problems found (empty when the response is as the spec says). */
  checkResponse(r: ResponseCheck): string[] {
    const main = this.docs.get('main');
    const operation = main.paths?.[r.path]?.[r.method];
    if (!operation) return [`${r.method.toUpperCase()} ${r.path} is not in ${path.basename(this.file)}`];
    const declared = operation.responses?.[String(r.status)] ?? operation.responses?.default;
    if (!declared) return [`status ${r.status} is not a response of ${r.method.toUpperCase()} ${r.path}`];
    const response = this.deref({ doc: 'main', node: declared });
    const content = response.node.content as Record<string, { schema?: Schema }> | undefined;
    if (content === undefined) return r.body === undefined || r.body === '' ? [] : [`status ${r.status} has no body in the spec`];
    const mediaType = (r.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const media = content[mediaType];
    if (!media) return [`content type ${mediaType || '(none)'} is not one of ${Object.keys(content).join(', ')} for status ${r.status}`];
    if (!media.schema) return [];
    const errors: string[] = [];
    this.validate({ doc: response.doc, node: media.schema }, r.body, '$', errors);
    return errors;
  }

  /** Validates a value against a named schema of the main document (#/components/schemas/<name>). */
  checkSchema(name: string, value: unknown): string[] {
    const errors: string[] = [];
    this.validate({ doc: 'main', node: { $ref: `#/components/schemas/${name}` } }, value, '$', errors);
    return errors;
  }

  private deref(at: Located): Located {
    let current = at;
    for (let hops = 0; current.node && typeof current.node.$ref === 'string'; hops++) {
      if (hops > 32) throw new Error(`$ref loop at ${current.node.$ref}`);
      const ref: string = current.node.$ref;
      const [target, pointer = ''] = ref.split('#');
      const doc = target === '' || target === undefined ? current.doc : target.startsWith(COMMON_URL_PREFIX) ? 'common' : undefined;
      if (doc === undefined) throw new Error(`cannot resolve $ref ${ref}`);
      let node = this.docs.get(doc);
      for (const part of pointer.split('/').filter(Boolean)) {
        node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      }
      if (node === undefined) throw new Error(`$ref ${ref} points at nothing`);
      current = { doc, node };
    }
    return current;
  }

  private validate(at: Located, value: unknown, where: string, errors: string[]): void {
    const { doc, node: s } = this.deref(at);
    if (s === true || s === undefined) return;
    if (value === null) {
      if (s.nullable !== true && s.type !== undefined) errors.push(`${where}: null is not allowed`);
      return;
    }
    for (const part of (s.allOf ?? []) as Schema[]) this.validate({ doc, node: part }, value, where, errors);
    if (s.oneOf || s.anyOf) {
      const options = (s.oneOf ?? s.anyOf) as Schema[];
      const passing = options.filter((o) => { const e: string[] = []; this.validate({ doc, node: o }, value, where, e); return e.length === 0; }).length;
      if (s.oneOf ? passing !== 1 : passing === 0) errors.push(`${where}: matches ${passing} of the ${s.oneOf ? 'oneOf' : 'anyOf'} schemas`);
    }
    if (s.enum && !(s.enum as unknown[]).includes(value)) errors.push(`${where}: not one of ${JSON.stringify(s.enum)}`);
    const type = s.type ?? (s.properties ? 'object' : undefined);
    if (type !== undefined && !hasType(value, type)) {
      errors.push(`${where}: expected ${type}, found ${Array.isArray(value) ? 'array' : typeof value}`);
      return;
    }
    if (typeof value === 'string') {
      if (s.minLength !== undefined && value.length < s.minLength) errors.push(`${where}: shorter than ${s.minLength}`);
      if (s.maxLength !== undefined && value.length > s.maxLength) errors.push(`${where}: longer than ${s.maxLength}`);
      if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) errors.push(`${where}: does not match ${s.pattern}`);
      if (s.format !== undefined && !hasFormat(value, s.format)) errors.push(`${where}: not a valid ${s.format}`);
    }
    if (typeof value === 'number') {
      if (s.minimum !== undefined && value < s.minimum) errors.push(`${where}: below ${s.minimum}`);
      if (s.maximum !== undefined && value > s.maximum) errors.push(`${where}: above ${s.maximum}`);
    }
    if (Array.isArray(value)) {
      if (s.minItems !== undefined && value.length < s.minItems) errors.push(`${where}: fewer than ${s.minItems} items`);
      if (s.maxItems !== undefined && value.length > s.maxItems) errors.push(`${where}: more than ${s.maxItems} items`);
      if (s.items) value.forEach((item, i) => this.validate({ doc, node: s.items }, item, `${where}[${i}]`, errors));
    }
    if (typeof value === 'object' && !Array.isArray(value)) {
      const obj = value as Record<string, unknown>;
      for (const key of (s.required ?? []) as string[]) if (!(key in obj)) errors.push(`${where}: missing required ${key}`);
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const [key, v] of Object.entries(obj)) {
        if (props[key]) this.validate({ doc, node: props[key] }, v, `${where}.${key}`, errors);
        else if (s.additionalProperties === false) errors.push(`${where}: unexpected property ${key}`);
        else if (typeof s.additionalProperties === 'object') this.validate({ doc, node: s.additionalProperties }, v, `${where}.${key}`, errors);
      }
    }
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    default: throw new Error(`schema type ${type} is not supported by this validator`);
  }
}

function hasFormat(value: string, format: string): boolean {
  switch (format) {
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return false;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
    }
    case 'date-time': return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
    case 'uri': try { return new URL(value).protocol.length > 1; } catch { return false; }
    default: return true; // formats this API does not use are not checked
  }
}
