import { growthRatio } from './growth-ratio';

describe(growthRatio.name, () => {
  const sumOfCodes = (text: string): number => {
    let sum = 0;
    for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
    return sum;
  };
  const pairs = (text: string): number => {
    let count = 0;
    for (let i = 0; i < text.length; i++) for (let j = i + 1; j < text.length; j++) if (text.charCodeAt(i) === text.charCodeAt(j)) count++;
    return count;
  };

  it('should measure about the factor for linear work and about its square for quadratic work', () => {
    const linear = growthRatio((n) => 'x'.repeat(n), sumOfCodes, { size: 20_000, factor: 4 });
    const quadratic = growthRatio((n) => 'x'.repeat(n), pairs, { size: 1000, factor: 4, samples: 3 });

    expect(linear).toBeLessThan(8);
    expect(quadratic).toBeGreaterThan(8);
  });
});
