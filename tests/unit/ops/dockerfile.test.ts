import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// No Docker engine runs here, so the image is checked as text: its final stage is what runs in production.
interface Stage { from: string; name?: string; lines: string[] }

function stages(text: string): Stage[] {
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const out: Stage[] = [];
  for (const line of logical) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ from: from[1]!, ...(from[2] ? { name: from[2] } : {}), lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

const all = stages(readFileSync('Dockerfile', 'utf8'));
const runtime = all.at(-1)!;
const instructions = (stage: Stage, keyword: string) => stage.lines.filter((l) => l.toUpperCase().startsWith(`${keyword} `));

describe('Dockerfile', () => {
  it('builds in one stage and runs in a second', () => {
    expect(all.length).toBe(2);
    expect(instructions(all[0]!, 'RUN').join('\n')).toMatch(/npm run build/);
    expect(instructions(runtime, 'COPY').join('\n')).toMatch(/--from=build\b.*\/app\/dist/);
  });

  it('runs the compiled JavaScript, not tsx', () => {
    const cmd = instructions(runtime, 'CMD').at(-1);
    expect(cmd).toBe('CMD ["node", "dist/main.js"]');
  });

  it('has no compiler or build tool in the runtime stage', () => {
    expect(runtime.from).toMatch(/-slim$/);
    const runs = instructions(runtime, 'RUN').join('\n');
    expect(runs).not.toMatch(/\b(apt-get|apt|apk)\s+(-\S+\s+)*install\b/);
    expect(runs).not.toMatch(/\b(gcc|g\+\+|make|python3|build-essential|node-gyp|typescript|tsc)\b/);
  });

  it('runs as a non-root user', () => {
    const user = instructions(runtime, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user!.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
  });

  it('has a HEALTHCHECK on /readyz', () => {
    expect(instructions(runtime, 'HEALTHCHECK').at(-1)).toMatch(/\/readyz/);
  });
});
