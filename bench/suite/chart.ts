import { type SuiteResult } from './runner';

const ROW = 26;
const LABEL_WIDTH = 320;
const BAR_WIDTH = 340;
const PANEL_GAP = 110;
const LATENCY_COLORS = { p50Ms: '#6baed6', p95Ms: '#2171b5', p99Ms: '#08306b' } as const;

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A hand-written SVG of the run: per scenario, its median throughput (left, one bar, requests or events per second)
 * and its median p50, p95 and p99 latency (right, three bars; rows without latency left empty). Each panel has a
 * linear scale from 0 to its largest value (requests and events apart).
 */
export function chartSvg(r: SuiteResult): string {
  const rows = r.scenarios;
  // requests and events each on their own linear scale: the broker's events/s would flatten every request bar
  const maxRate = (unit: string): number => Math.max(1, ...rows.filter((s) => s.unit === unit).map((s) => s.perSecond));
  const maxLatency = Math.max(1, ...rows.map((s) => s.p99Ms ?? 0));
  const top = 50;
  const height = top + rows.length * ROW + 40;
  const left = LABEL_WIDTH;
  const right = left + BAR_WIDTH + PANEL_GAP;
  const width = right + BAR_WIDTH + 160;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="18" font-size="13" font-weight="bold">TaskHub bench ${escape(r.date)}: medians of ${r.config.rounds} rounds x ${r.config.durationSeconds} s</text>`,
    `<text x="${left}" y="40" font-weight="bold">throughput per second (requests 0-${maxRate('requests')}, events 0-${maxRate('events')})</text>`,
    `<text x="${right}" y="40" font-weight="bold">latency ms (0 to ${maxLatency}):</text>`,
  ];
  let legendX = right + 170;
  for (const [key, color] of Object.entries(LATENCY_COLORS)) {
    parts.push(`<rect x="${legendX}" y="31" width="10" height="10" fill="${color}"/><text x="${legendX + 13}" y="40">${key.replace('Ms', '')}</text>`);
    legendX += 45;
  }
  rows.forEach((s, i) => {
    const y = top + i * ROW;
    parts.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escape(s.title.length > 48 ? `${s.title.slice(0, 47)}…` : s.title)}</text>`);
    const w = Math.max(1, (s.perSecond / maxRate(s.unit)) * BAR_WIDTH);
    parts.push(`<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="16" fill="${s.unit === 'events' ? '#fd8d3c' : '#74c476'}"/>`);
    parts.push(`<text x="${(left + w + 4).toFixed(1)}" y="${y + 16}">${s.perSecond} ${s.unit}/s${s.errors > 0 ? ` (${s.errors} errors)` : ''}</text>`);
    (Object.keys(LATENCY_COLORS) as (keyof typeof LATENCY_COLORS)[]).forEach((key, k) => {
      const value = s[key];
      if (value === undefined) return;
      const lw = Math.max(1, (value / maxLatency) * BAR_WIDTH);
      parts.push(`<rect x="${right}" y="${y + 3 + k * 6}" width="${lw.toFixed(1)}" height="5" fill="${LATENCY_COLORS[key]}"/>`);
    });
    if (s.p99Ms !== undefined) parts.push(`<text x="${(right + (s.p99Ms / maxLatency) * BAR_WIDTH + 4).toFixed(1)}" y="${y + 16}">${s.p50Ms} / ${s.p95Ms} / ${s.p99Ms}</text>`);
  });
  parts.push(
    `<text x="10" y="${height - 12}" fill="#555">node ${escape(r.node)}, ${r.cpus} CPUs, load average ${r.loadBefore.map((x) => x.toFixed(2)).join(' ')} before; green: requests, orange: events</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
