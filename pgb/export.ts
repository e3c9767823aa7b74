// Exports of the worklist and of an import's summary, as CSV (';', what Dutch spreadsheets open) and XLSX,
// both written by exceljs (its CSV writer is fast-csv), so quoting and the XLSX package are a library's.
import ExcelJS from 'exceljs';
import { DIAGNOSES, DIAGNOSIS_CODES, REASON_CLASSES } from './diagnoses.ts';
import type { ImportSummary } from './import.ts';
import type { ItemView } from './worklist.ts';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const euro = (cents: number | null) => (cents === null ? null : cents / 100);

export const WORKLIST_COLUMNS = [
  'id', 'status', 'diagnose', 'omschrijving', 'klasse', 'actie', 'bron', 'regel', 'match', 'zwak', 'afzender', 'budgetidentificatie',
  'zorgfunctie', 'periode_begin', 'periode_einde', 'bedrag_euro', 'svb_reden', 'status_door', 'status_op', 'aangemaakt',
] as const;

async function write(wb: ExcelJS.Workbook, format: ExportFormat): Promise<Buffer> {
  if (format === 'xlsx') return Buffer.from(await wb.xlsx.writeBuffer());
  const csv = Buffer.from(await wb.csv.writeBuffer({ formatterOptions: { delimiter: ';', writeBOM: true } }));
  return csv;
}

export async function worklistExport(items: readonly ItemView[], format: ExportFormat, withBsn: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Werklijst');
  const columns = withBsn ? [...WORKLIST_COLUMNS.slice(0, 1), 'bsn', ...WORKLIST_COLUMNS.slice(1)] : [...WORKLIST_COLUMNS];
  ws.addRow(columns);
  for (const i of items) {
    const row: (string | number | boolean | null)[] = [
      i.id, i.status, i.diagnosis, i.diagnosisTitle, i.reasonClass, i.action, i.source, i.rowNumber, i.match, i.weak ? 'ja' : 'nee',
      i.budget?.afzender ?? null, i.budget?.budgetIdentificatie ?? i.rowBudgetIdentificatie, i.zorgfunctie, i.periode.begin, i.periode.einde,
      euro(i.bedrag), i.svbReden, i.statusBy, i.statusAt, i.createdAt,
    ];
    if (withBsn) row.splice(1, 0, i.bsn ?? null);
    ws.addRow(row);
  }
  return write(wb, format);
}

export async function summaryExport(imp: { id: string; at: string; layout: string; summary: ImportSummary }, format: ExportFormat): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Samenvatting');
  const s = imp.summary;
  ws.addRow(['onderdeel', 'code', 'omschrijving', 'regels', 'bedrag_euro']);
  ws.addRow(['import', imp.id, `${imp.at} · layout ${imp.layout}`, s.rows, euro(s.bedragTotaal)]);
  ws.addRow(['totaal', 'geldig', 'geldige regels', s.validRows, null]);
  ws.addRow(['totaal', 'gevonden', 'gekoppeld aan het grootboek', s.matched, null]);
  ws.addRow(['totaal', 'zwak', 'alleen op BSN gekoppeld', s.weak, null]);
  ws.addRow(['totaal', 'niet-gevonden', 'niet gekoppeld', s.unmatched, null]);
  ws.addRow(['totaal', 'afgewezen', 'regels met een fout (per rijnummer gemeld)', s.rejectedRows, null]);
  ws.addRow(['totaal', 'gesloten', 'eerdere items niet meer op de lijst', s.closed, null]);
  for (const c of REASON_CLASSES) ws.addRow(['klasse', c, c, s.perClass[c]?.rows ?? 0, euro(s.perClass[c]?.bedrag ?? 0)]);
  for (const d of DIAGNOSIS_CODES) ws.addRow(['diagnose', d, DIAGNOSES[d].titel, s.perDiagnosis[d]?.rows ?? 0, euro(s.perDiagnosis[d]?.bedrag ?? 0)]);
  return write(wb, format);
}
