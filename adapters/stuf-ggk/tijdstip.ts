const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit',
  hourCycle: 'h23',
});

/** StUF Tijdstip `yyyyMMddHHmmss` in Dutch local time, the form of the GGk's own examples. */
export function stufTijdstip(now: Date): string {
  const parts: Record<string, string> = {};
  for (const p of AMSTERDAM.formatToParts(now)) parts[p.type] = p.value;
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
}
