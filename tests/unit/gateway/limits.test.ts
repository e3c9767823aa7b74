import { describe, expect, it } from 'vitest';
import { SettingsError } from '../../../config/settings.ts';
import { DEFAULT_LIMITS, gatewayLimitsFromEnv, TLS_CIPHERS } from '../../../gateway/limits.ts';

describe('gateway limits from the environment', () => {
  it('has the documented defaults', () => {
    expect(gatewayLimitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toMatchObject({
      handshakeTimeoutMs: 10_000, headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 10_000, idleTimeoutMs: 300_000,
      maxConnections: 1_000, maxConnectionsPerAddress: 100, maxEventLoopStallMs: 1_000, maxEventLoopDelayMs: 1_000,
      maxEventLoopUtilization: 0, maxHeapUsedBytes: 0, hstsMaxAgeSeconds: 31_536_000,
    });
  });

  it('offers TLS 1.2 only ECDHE with AES-GCM or ChaCha20', () => {
    const tls12 = TLS_CIPHERS.split(':').filter((c) => !c.startsWith('TLS_'));
    expect(tls12.length).toBeGreaterThan(0);
    for (const c of tls12) expect(c).toMatch(/^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
  });

  it('reads every setting and refuses nonsense, naming the variable', () => {
    expect(gatewayLimitsFromEnv({ KP_MAX_CONNECTIONS_PER_ADDRESS: '7', KP_MAX_EVENT_LOOP_UTILIZATION: '0.9', KP_TLS_CIPHERS: 'ECDHE-RSA-AES128-GCM-SHA256' }))
      .toMatchObject({ maxConnectionsPerAddress: 7, maxEventLoopUtilization: 0.9, tlsCiphers: 'ECDHE-RSA-AES128-GCM-SHA256' });
    expect(() => gatewayLimitsFromEnv({ KP_MAX_CONNECTIONS: '0' })).toThrow(/KP_MAX_CONNECTIONS/);
    expect(() => gatewayLimitsFromEnv({ KP_MAX_EVENT_LOOP_UTILIZATION: '2' })).toThrow(SettingsError);
    expect(() => gatewayLimitsFromEnv({ KP_HEADERS_TIMEOUT_MS: '5000', KP_REQUEST_TIMEOUT_MS: '4000' })).toThrow(/KP_HEADERS_TIMEOUT_MS/);
  });
});
