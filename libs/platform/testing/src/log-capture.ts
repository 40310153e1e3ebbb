/** One JSON log line as a service writes it. */
export type LogLine = Record<string, unknown> & { msg?: string; correlationId?: string; level?: string };

/** A pino destination that keeps every JSON line in memory (pass it as `logDestination` to createServiceApp). */
export class LogCapture {
  readonly lines: LogLine[] = [];

  write(line: string): void {
    this.lines.push(JSON.parse(line) as LogLine);
  }

  withCorrelationId(correlationId: string): LogLine[] {
    return this.lines.filter((l) => l.correlationId === correlationId);
  }

  /** Everything written so far, as text: for asserting that something never appears in any log line. */
  text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}
