// `ketenpoort pgb import FILE` and `ketenpoort pgb worklist`: the PGB uitval worklist (/v1/pgb) from the
// command line. Needs an operator certificate with the pgb permission (KP_OPERATOR_CERT / --cert).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, UsageError } from '../args.ts';
import { CONNECTION_OPTIONS, clientOf, positiveInt, printJson, type Io } from '../context.ts';
import { table } from '../format.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Summary { rows: number; validRows: number; matched: number; weak: number; unmatched: number; rejectedRows: number; closed: number; reopened: number; perDiagnosis: Record<string, { rows: number; bedrag: number }> }
interface ImportAnswer { id: string; at: string; layout: { name: string; version: string }; summary: Summary; rejected: { row: number; column?: string; code: string; message: string }[] }
interface Item { id: string; status: string; diagnosis: string; diagnosisTitle: string; source: string; rowNumber: number | null; weak: boolean; budget: { budgetIdentificatie: string } | null; rowBudgetIdentificatie: string | null; bedrag: number | null; action: string }

export async function pgbCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return importList(rest, env, io);
  if (sub === 'worklist') return worklist(rest, env, io);
  throw new UsageError('ketenpoort pgb import FILE | pgb worklist …');
}

export function contentTypeOf(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return XLSX;
  if (ext === '.csv' || ext === '.txt') return 'text/csv';
  throw new UsageError(`${path.basename(file)}: give a .csv or .xlsx file`);
}

async function importList(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS, 'layout'], switches: ['json'] });
  const [file, ...extra] = args.positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('ketenpoort pgb import FILE [--layout NAME] [--json]');
  const type = contentTypeOf(file);
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const q = new URLSearchParams({ filename: path.basename(file), ...(args.options.get('layout') ? { layout: args.options.get('layout')! } : {}) });
  const client = clientOf(args, env);
  try {
    const res = await client.upload<ImportAnswer>(`/v1/pgb/uitvallijsten?${q}`, body, type);
    if (args.switches.has('json')) { printJson(io, res); return 0; }
    const s = res.summary;
    io.out(`import ${res.id} (layout ${res.layout.name} ${res.layout.version}): ${s.rows} rows, ${s.matched} matched (${s.weak} weakly, by BSN only), ${s.unmatched} not found, ${s.rejectedRows} refused`);
    if (s.closed > 0) io.out(`${s.closed} earlier item${s.closed === 1 ? '' : 's'} closed: no longer on the list`);
    if (s.reopened > 0) io.out(`${s.reopened} solved item${s.reopened === 1 ? '' : 's'} opened again: back on the list`);
    io.out(table(['DIAGNOSIS', 'ROWS', 'EURO'], Object.entries(s.perDiagnosis).filter(([, v]) => v.rows > 0).map(([d, v]) => [d, v.rows, (v.bedrag / 100).toFixed(2)])));
    for (const r of res.rejected) io.out(`row ${r.row}${r.column ? ` column ${r.column}` : ''}: ${r.code} — ${r.message}`);
    return res.rejected.length > 0 ? 1 : 0;
  } finally {
    await client.close();
  }
}

async function worklist(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const args = parseArgs(argv, { options: [...CONNECTION_OPTIONS, 'status', 'diagnosis', 'klasse', 'source', 'import', 'budget', 'limit'], switches: ['json', 'bsn'] });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const query: Record<string, string | number | boolean> = { limit: positiveInt(args, 'limit') ?? 200 };
  for (const k of ['status', 'diagnosis', 'klasse', 'source', 'import', 'budget']) {
    const v = args.options.get(k);
    if (v !== undefined) query[k] = v;
  }
  if (args.switches.has('bsn')) query.bsn = true;
  const client = clientOf(args, env);
  try {
    const res = await client.get<{ items: Item[]; next: string | null }>('/v1/pgb/worklist', query);
    if (args.switches.has('json')) { printJson(io, res); return 0; }
    io.out(table(['ID', 'STATUS', 'DIAGNOSIS', 'SOURCE', 'ROW', 'BUDGET', 'EURO'], res.items.map((i) => [
      i.id, i.status, `${i.diagnosis}${i.weak ? ' (weak)' : ''}`, i.source, i.rowNumber, i.budget?.budgetIdentificatie ?? i.rowBudgetIdentificatie, i.bedrag === null ? null : (i.bedrag / 100).toFixed(2),
    ])));
    io.out(`${res.items.length} item${res.items.length === 1 ? '' : 's'}${res.next ? ' (more: --limit)' : ''}`);
    return 0;
  } finally {
    await client.close();
  }
}
