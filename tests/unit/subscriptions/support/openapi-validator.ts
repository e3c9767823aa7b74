// Checks a response against the Haal Centraal BRP Update API's OpenAPI 3.0 file from the corpus: the operation,
// the status and the content type are looked up here; the body is validated by ajv (with ajv-formats, and
// OpenAPI's `nullable`) against the schema the spec gives, its $refs resolved within the document and to
// Haal-Centraal-common. A response that deviates from the published contract fails the test.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { CORPUS } from '../../../support/corpus.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

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
  // strict off: OpenAPI 3.0 schemas carry keywords JSON Schema does not know (example, discriminator, …).
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly compiled = new Map<unknown, ValidateFunction>();

  constructor(private readonly file: string = UPDATE_API_OPENAPI) {
    this.docs.set('main', parse(readFileSync(file, 'utf8')));
    this.docs.set('common', parse(COMMON_YAML));
    this.ajv.addSchema(rebase(this.docs.get('main'), DOC_IDS.main) as object, DOC_IDS.main);
    this.ajv.addSchema(rebase(this.docs.get('common'), DOC_IDS.common) as object, DOC_IDS.common);
  }

  /** Problems found (empty when the response is as the spec says). */
  checkResponse(r: ResponseCheck): string[] {
    const main = this.docs.get('main');
    const operation = main.paths?.[r.path]?.[r.method];
    if (!operation) return [`${r.method.toUpperCase()} ${r.path} is not in ${path.basename(this.file)}`];
    const declared = operation.responses?.[String(r.status)] ?? operation.responses?.default;
    if (!declared) return [`status ${r.status} is not a response of ${r.method.toUpperCase()} ${r.path}`];
    const response = this.deref({ doc: 'main', node: declared });
    const content = response.node.content as Record<string, { schema?: object }> | undefined;
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
    let validator = this.compiled.get(at.node);
    if (validator === undefined) {
      validator = this.ajv.compile(rebase(at.node, DOC_IDS[at.doc as 'main' | 'common']) as object);
      this.compiled.set(at.node, validator);
    }
    if (validator(value)) return;
    for (const e of validator.errors ?? []) errors.push(`${where}${e.instancePath.replace(/\//g, '.')}: ${e.message ?? e.keyword}`);
  }
}

const DOC_IDS = { main: 'https://ketenpoort.test/brp-update-api.yaml', common: 'https://ketenpoort.test/haal-centraal-common.yaml' } as const;

/** A copy of a schema node whose $refs point into the document it came from (or into Haal-Centraal-common). */
function rebase(node: unknown, docId: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rebase(n, docId));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const [target, pointer = ''] = v.split('#');
      out[k] = `${target === '' || target === undefined ? docId : target.startsWith(COMMON_URL_PREFIX) ? DOC_IDS.common : target}#${pointer}`;
    } else out[k] = rebase(v, docId);
  }
  return out;
}
