// Errors of the watchlist API as the Haal Centraal BRP Update API prescribes: application/problem+json,
// Foutbericht / BadRequestFoutbericht (Haal-Centraal-common), one invalidParams entry per finding. No value
// from the request is ever echoed (it may be a BSN).
// The problem itself comes from the gateway's one error base (gateway/api/problem.ts).
import type { InvalidParam, Problem } from '../../gateway/api/problem.ts';

export { PROBLEM_CONTENT_TYPE, sendProblem, type InvalidParam, type Problem } from '../../gateway/api/problem.ts';

const TYPE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1',
  403: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.4',
  404: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.5',
  413: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.14',
  415: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.16',
  500: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.1',
};

export function problem(status: number, code: string, title: string, extra: { detail?: string; invalidParams?: InvalidParam[] } = {}): Problem {
  return {
    type: TYPE_OF_STATUS[status] ?? TYPE_OF_STATUS[500]!,
    title,
    status,
    ...(extra.detail !== undefined ? { detail: extra.detail } : {}),
    code,
    ...(extra.invalidParams !== undefined ? { invalidParams: extra.invalidParams } : {}),
  };
}

export function badRequest(invalidParams: InvalidParam[]): Problem {
  return problem(400, 'paramsValidation', 'Een of meerdere parameters zijn niet correct.', { invalidParams });
}
