import { performance } from 'node:perf_hooks';

export interface GrowthRatioOptions {
  /** the smaller input's size */
  readonly size: number;
  /** how many times larger the second input is (default 4) */
  readonly factor?: number;
  /** ratios measured; their median is returned (default 7) */
  readonly samples?: number;
  /** each timing repeats the call until it lasts at least this long, so microsecond calls are measurable (default 20) */
  readonly minSampleMs?: number;
}

/**
 * How much longer `run` takes on an input `factor` times larger: the median over `samples` of the ratio of the
 * per-call times. Work linear in the input gives about `factor`, quadratic work about `factor²`, so a bound halfway
 * between (in ratio, e.g. 8 for a factor of 4) tells them apart on a noisy machine without any absolute time limit.
 */
export function growthRatio<I>(make: (size: number) => I, run: (input: I) => unknown, options: GrowthRatioOptions): number {
  const factor = options.factor ?? 4;
  const small = make(options.size);
  const large = make(options.size * factor);
  const minSampleMs = options.minSampleMs ?? 20;
  // warm-up: let the JIT settle on both inputs before measuring
  perCallMs(run, small, minSampleMs);
  perCallMs(run, large, minSampleMs);
  const ratios: number[] = [];
  for (let i = 0; i < (options.samples ?? 7); i++) ratios.push(perCallMs(run, large, minSampleMs) / perCallMs(run, small, minSampleMs));
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

function perCallMs<I>(run: (input: I) => unknown, input: I, minSampleMs: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    run(input);
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minSampleMs);
  return elapsed / calls;
}
