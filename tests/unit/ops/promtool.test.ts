import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { metricNamesIn, registeredMetricNames } from './registered-metrics.ts';

// promtool comes with Debian's `prometheus` package; .ci/run installs it.
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

function promtool(...args: string[]): string {
  try {
    return execFileSync(PROMTOOL, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { code?: string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${PROMTOOL} not found: install Debian's prometheus package (apt-get install prometheus)`);
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

interface Panel { title: string; type: string; targets?: { expr: string }[] }

const dashboard = JSON.parse(readFileSync('ops/grafana/ketenpoort.json', 'utf8')) as { uid: string; panels: Panel[] };
const dashboardExprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

describe('Prometheus alert rules under promtool', () => {
  it('promtool check rules accepts the rules file', () => {
    expect(promtool('check', 'rules', 'ops/prometheus/ketenpoort-alerts.yml')).toMatch(/SUCCESS: 8 rules found/);
  });

  it('promtool test rules: every alert fires where it must and stays quiet where it should', () => {
    expect(promtool('test', 'rules', 'ops/prometheus/ketenpoort-alerts.test.yml')).toMatch(/SUCCESS/);
  });

  it('the rule tests name every alert of the rules file', () => {
    const alerts = [...readFileSync('ops/prometheus/ketenpoort-alerts.yml', 'utf8').matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    const tested = readFileSync('ops/prometheus/ketenpoort-alerts.test.yml', 'utf8');
    for (const alert of alerts) expect(tested, alert).toMatch(new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:`));
  });
});

describe('Grafana dashboard (ops/grafana/ketenpoort.json)', () => {
  it('shows flow per family and partner, ingest latency, delivery outcomes, dead letters by reason, queue depths and certificate expiry', () => {
    const all = dashboardExprs.map((e) => e.expr).join('\n');
    expect(all).toMatch(/sum by \(family\) \(rate\(kp_messages_accepted_total/);
    expect(all).toMatch(/sum by \(partner\) \(rate\(kp_messages_accepted_total/);
    expect(all).toMatch(/kp_ingest_duration_seconds_bucket/);
    expect(all).toMatch(/sum by \(outcome\) \(rate\(kp_delivery_attempts_total/);
    expect(all).toMatch(/by \(partner, reason\) \(increase\(kp_dead_letters_total/);
    expect(all).toMatch(/kp_dead_letter_queue_depth/);
    expect(all).toMatch(/kp_certificate_expiry_timestamp_seconds/);
  });

  it('every expression names only metrics the gateway exports', async () => {
    const known = await registeredMetricNames();
    for (const { panel, expr } of dashboardExprs) {
      const names = metricNamesIn(expr);
      expect(names.length, `${panel}: no kp_ metric`).toBeGreaterThan(0);
      for (const name of names) expect(known.has(name), `${panel}: ${name} is not exported`).toBe(true);
    }
  });

  it('every expression is valid PromQL (promtool checks them as recording rules)', () => {
    // Grafana's $__rate_interval is not PromQL; any range stands in for it.
    const rules = dashboardExprs.map(({ expr }, i) => ({ record: `dashboard:expr_${i}`, expr: expr.replaceAll('$__rate_interval', '5m') }));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kp-dash-')), 'dashboard-rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
    expect(promtool('check', 'rules', file)).toMatch(new RegExp(`SUCCESS: ${rules.length} rules found`));
  });
});
