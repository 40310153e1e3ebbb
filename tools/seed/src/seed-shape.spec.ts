import { MAX_LABELS, POWER_SLOTS, projectSizes, seedShape } from './seed-shape';

describe('seedShape', () => {
  it('should split the tasks over the projects exactly, largest first', () => {
    const sizes = projectSizes(100_000, 200);

    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('should skew the sizes: the largest project holds more than the smallest half together', () => {
    const sizes = projectSizes(1_000_000, 2_000);
    const smallHalf = sizes.slice(1_000).reduce((a, b) => a + b, 0);

    expect(sizes[0]).toBe(144_836);
    expect(sizes[0]).toBeGreaterThan(smallHalf);
    expect(sizes[1_999]).toBe(49);
  });

  it('should give every project its owner and two power users, and at least three labels', () => {
    const shape = seedShape(100_000);

    expect(shape.people).toBe(500);
    expect(shape.powerUsers).toBe(5);
    expect(shape.projects).toHaveLength(200);
    for (const project of shape.projects) {
      expect(project.members).toBeGreaterThanOrEqual(POWER_SLOTS);
      expect(project.members).toBeLessThanOrEqual(POWER_SLOTS + shape.people - shape.powerUsers);
      expect(project.labels).toBeGreaterThanOrEqual(3);
      expect(project.labels).toBeLessThanOrEqual(MAX_LABELS);
    }
  });

  it('should refuse a task count that is not a positive integer', () => {
    expect(() => seedShape(0)).toThrow('tasks must be a positive integer, got 0');
    expect(() => seedShape(1.5)).toThrow('tasks must be a positive integer, got 1.5');
  });
});
