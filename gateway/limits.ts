import { parseEnvironment, SettingsError, TLS_CIPHERS, type Environment } from '../config/schema.ts';

// What a hostile or broken client may hold on the partner-facing server: a section of the validated
// configuration (config/schema.ts holds each variable's rule and default; README "Configuration" lists them).
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

// TLS 1.3 as OpenSSL ships it; TLS 1.2 restricted to forward secrecy (ECDHE) with an AEAD cipher (AES-GCM,
// ChaCha20-Poly1305), as the NCSC ICT-beveiligingsrichtlijnen voor TLS ("goed") and Digikoppeling ask: the
// default of KP_TLS_CIPHERS (config/schema.ts).
export { TLS_CIPHERS };

/** The limits from the validated environment (config/schema.ts holds each variable's rule and default). */
export function gatewayLimits(e: Environment): GatewayLimits {
  const limits: GatewayLimits = {
    handshakeTimeoutMs: e.KP_TLS_HANDSHAKE_TIMEOUT_MS,
    headersTimeoutMs: e.KP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.KP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.KP_KEEP_ALIVE_TIMEOUT_MS,
    idleTimeoutMs: e.KP_IDLE_TIMEOUT_MS,
    maxConnections: e.KP_MAX_CONNECTIONS,
    maxConnectionsPerAddress: e.KP_MAX_CONNECTIONS_PER_ADDRESS,
    maxEventLoopStallMs: e.KP_MAX_EVENT_LOOP_STALL_MS,
    maxEventLoopDelayMs: e.KP_MAX_EVENT_LOOP_DELAY_MS,
    maxEventLoopUtilization: e.KP_MAX_EVENT_LOOP_UTILIZATION,
    maxHeapUsedBytes: e.KP_MAX_HEAP_USED_BYTES,
    hstsMaxAgeSeconds: e.KP_HSTS_MAX_AGE,
    tlsCiphers: e.KP_TLS_CIPHERS!,
  };
  // Node refuses a headers timeout above the request timeout.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new SettingsError('KP_HEADERS_TIMEOUT_MS', `must not exceed KP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`);
  }
  return limits;
}

export const DEFAULT_LIMITS: GatewayLimits = gatewayLimits(parseEnvironment({}));

/** The limits of `env` alone (tests); the gateway takes them from its Settings. */
export function gatewayLimitsFromEnv(env: NodeJS.ProcessEnv): GatewayLimits {
  return gatewayLimits(parseEnvironment(env));
}
