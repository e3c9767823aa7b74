import { SettingsError } from '../config/settings.ts';

// What a hostile or broken client may hold on the partner-facing server, from the environment
// (README "Configuration" lists each with its default). Read here rather than in config/settings.ts
// so the gateway's edge stays one place.
export interface GatewayLimits {
  /** A TLS handshake not finished within this is cut (tls.Server handshakeTimeout). */
  handshakeTimeoutMs: number;
  /** All request headers must have arrived within this; also closes a connection that never sends a request. */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived within this (25 MB at ≥ 210 KB/s by default). */
  requestTimeoutMs: number;
  /** A keep-alive connection idle between requests is closed after this. */
  keepAliveTimeoutMs: number;
  /**
   * Backstop: a connection with no traffic either way for this long is closed. It runs while a request is
   * processed too, so it must exceed the longest processing time; the other timeouts catch clients first.
   */
  idleTimeoutMs: number;
  /** Open connections in total; beyond it a new one is closed at once. */
  maxConnections: number;
  /** Open connections from one client address. */
  maxConnectionsPerAddress: number;
  /**
   * Load shedding: new requests (other than /healthz, /readyz, /metrics) get 503 for the next second after
   * the event loop stood still longer than this at a stretch (a large message validated on it; 0 = off) …
   */
  maxEventLoopStallMs: number;
  /** … or while its mean lag over a second exceeds this (sustained overload; 0 = off) … */
  maxEventLoopDelayMs: number;
  /** … or while it is busier than this fraction (0–1; 0 = off: a machine short of CPU reads as busy too). */
  maxEventLoopUtilization: number;
  /** … or the heap holds more than this (0 = off). */
  maxHeapUsedBytes: number;
  /** Strict-Transport-Security max-age in seconds on every answer of the mTLS port. */
  hstsMaxAgeSeconds: number;
  /** OpenSSL cipher list: TLS 1.3 suites and, for TLS 1.2, ECDHE with AES-GCM or ChaCha20 only. */
  tlsCiphers: string;
}

/**
 * TLS 1.3 as OpenSSL ships it; TLS 1.2 restricted to forward secrecy (ECDHE) with an AEAD cipher
 * (AES-GCM, ChaCha20-Poly1305), as the NCSC ICT-beveiligingsrichtlijnen voor TLS ("goed") and
 * Digikoppeling ask. No RSA key exchange, no CBC, no DHE.
 */
export const TLS_CIPHERS = [
  'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

export const DEFAULT_LIMITS: GatewayLimits = {
  handshakeTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
  maxConnections: 1_000,
  maxConnectionsPerAddress: 100,
  maxEventLoopStallMs: 1_000,
  maxEventLoopDelayMs: 1_000,
  maxEventLoopUtilization: 0,
  maxHeapUsedBytes: 0,
  hstsMaxAgeSeconds: 31_536_000,
  tlsCiphers: TLS_CIPHERS,
};

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new SettingsError(name, `must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new SettingsError(name, `must be a number from 0 to 1, got "${raw}"`);
  return n;
}

export function gatewayLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayLimits {
  const d = DEFAULT_LIMITS;
  const limits: GatewayLimits = {
    handshakeTimeoutMs: int(env, 'KP_TLS_HANDSHAKE_TIMEOUT_MS', d.handshakeTimeoutMs, 1),
    headersTimeoutMs: int(env, 'KP_HEADERS_TIMEOUT_MS', d.headersTimeoutMs, 1),
    requestTimeoutMs: int(env, 'KP_REQUEST_TIMEOUT_MS', d.requestTimeoutMs, 1),
    keepAliveTimeoutMs: int(env, 'KP_KEEP_ALIVE_TIMEOUT_MS', d.keepAliveTimeoutMs, 1),
    idleTimeoutMs: int(env, 'KP_IDLE_TIMEOUT_MS', d.idleTimeoutMs, 1),
    maxConnections: int(env, 'KP_MAX_CONNECTIONS', d.maxConnections, 1),
    maxConnectionsPerAddress: int(env, 'KP_MAX_CONNECTIONS_PER_ADDRESS', d.maxConnectionsPerAddress, 1),
    maxEventLoopStallMs: int(env, 'KP_MAX_EVENT_LOOP_STALL_MS', d.maxEventLoopStallMs),
    maxEventLoopDelayMs: int(env, 'KP_MAX_EVENT_LOOP_DELAY_MS', d.maxEventLoopDelayMs),
    maxEventLoopUtilization: fraction(env, 'KP_MAX_EVENT_LOOP_UTILIZATION', d.maxEventLoopUtilization),
    maxHeapUsedBytes: int(env, 'KP_MAX_HEAP_USED_BYTES', d.maxHeapUsedBytes),
    hstsMaxAgeSeconds: int(env, 'KP_HSTS_MAX_AGE', d.hstsMaxAgeSeconds),
    tlsCiphers: env.KP_TLS_CIPHERS?.trim() || d.tlsCiphers,
  };
  // Node refuses a headers timeout above the request timeout.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new SettingsError('KP_HEADERS_TIMEOUT_MS', `must not exceed KP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`);
  }
  return limits;
}
