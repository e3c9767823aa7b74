import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { metricNamesIn, registeredMetricNames as registeredNames } from './registered-metrics.ts';

const RULES_FILE = 'ops/prometheus/ketenpoort-alerts.yml';


interface Rule { alert?: string; record?: string; expr?: unknown; for?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> }
interface RulesDoc { groups?: Array<{ name?: unknown; rules?: Rule[] }> }

function loadRules(): { group: string; rule: Rule }[] {
  const doc = parse(readFileSync(RULES_FILE, 'utf8')) as RulesDoc;
  return (doc.groups ?? []).flatMap((g) => (g.rules ?? []).map((rule) => ({ group: String(g.name), rule })));
}

describe('Prometheus alert rules (ops/prometheus/ketenpoort-alerts.yml)', () => {
  it('loads as YAML with named groups of complete alerting rules', () => {
    const rules = loadRules();
    expect(rules.length).toBeGreaterThanOrEqual(6);
    const alerts = rules.map(({ rule }) => rule.alert);
    expect(new Set(alerts).size).toBe(alerts.length);
    for (const { group, rule } of rules) {
      const where = `${group}/${rule.alert ?? '?'}`;
      expect(rule.alert, where).toMatch(/^Ketenpoort[A-Za-z]+$/);
      expect(typeof rule.expr, where).toBe('string');
      expect(['warning', 'critical'], where).toContain(rule.labels?.severity);
      expect(typeof rule.annotations?.summary, where).toBe('string');
      expect(typeof rule.annotations?.description, where).toBe('string');
      if (rule.for !== undefined) expect(String(rule.for), where).toMatch(/^\d+[smhd]$/);
      const expr = rule.expr as string;
      let depth = 0;
      for (const c of expr) {
        depth += c === '(' ? 1 : c === ')' ? -1 : 0;
        expect(depth, `${where}: unbalanced parentheses`).toBeGreaterThanOrEqual(0);
      }
      expect(depth, `${where}: unbalanced parentheses`).toBe(0);
    }
  });

  it('names only metrics the gateway registers', async () => {
    const known = await registeredNames();
    expect(known.has('kp_dead_letters_total')).toBe(true);
    for (const { rule } of loadRules()) {
      const names = metricNamesIn(rule.expr as string);
      expect(names.length, `${rule.alert} names no kp_ metric`).toBeGreaterThan(0);
      for (const name of names) expect(known.has(name), `${rule.alert}: unknown metric ${name}`).toBe(true);
    }
  });

  it('covers dead letters growing, failure rate per partner, certificates within 30 days and the broker down', () => {
    const rules = loadRules().map(({ rule }) => rule);
    const using = (metric: string) => rules.filter((r) => metricNamesIn(r.expr as string).includes(metric));
    expect(using('kp_dead_letters_total').length).toBeGreaterThan(0);
    const failureRate = using('kp_delivery_attempts_total');
    expect(failureRate.some((r) => /by \(partner\)/.test(r.expr as string) && /outcome!="delivered"/.test(r.expr as string))).toBe(true);
    expect(using('kp_certificate_expiry_timestamp_seconds').some((r) => /30 \* 86400/.test(r.expr as string))).toBe(true);
    expect(using('kp_broker_up').some((r) => /kp_broker_up == 0/.test(r.expr as string))).toBe(true);
  });
});
