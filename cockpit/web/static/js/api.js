// The operator API on the same origin; the browser presents the operator's client certificate.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, { query, body, raw } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    url.searchParams.set(k, String(v));
  }
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(raw ? { 'content-type': raw.type } : body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(raw ? { body: raw.data } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await res.text();
  let data;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  if (!res.ok) {
    // The operator API answers { errors: [...] }; /v1/pgb answers application/problem+json { code, title }.
    const first = data?.errors?.[0] ?? (data?.code ? { code: data.code, message: data.title } : undefined);
    throw new ApiError(res.status, first?.code ?? `http-${res.status}`, first?.message ?? `${method} ${url.pathname} answered ${res.status}`);
  }
  return data ?? text;
}

export const get = (path, query) => call('GET', path, { query });
export const post = (path, body, query) => call('POST', path, { body: body ?? {}, query });
/** A file as it is (an uitvallijst): `type` is its content type. */
export const upload = (path, data, type, query) => call('POST', path, { raw: { data, type }, query });
