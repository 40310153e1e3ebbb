/** A fixed-bucket histogram: observe() is a short scan and two increments, nothing allocated. */
export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly buckets: readonly number[]) {
    this.counts = new Array<number>(buckets.length + 1).fill(0);
  }

  observe(value: number): void {
    const buckets = this.buckets;
    let i = 0;
    while (i < buckets.length && value > buckets[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }

  /** Prometheus text lines for this series; `labels` is the rendered label list without braces. */
  render(name: string, labels: string, out: string[]): void {
    let cumulative = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      cumulative += this.counts[i];
      out.push(`${name}_bucket{${labels},le="${formatLe(this.buckets[i])}"} ${cumulative}`);
    }
    out.push(`${name}_bucket{${labels},le="+Inf"} ${this.count}`);
    out.push(`${name}_count{${labels}} ${this.count}`);
    out.push(`${name}_sum{${labels}} ${this.sum}`);
  }
}

/** Kong's Prometheus library zero-pads bucket bounds ("00025.0") so they sort as text. */
export function formatLe(bound: number): string {
  return bound.toFixed(1).padStart(7, '0');
}
