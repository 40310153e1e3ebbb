import { RoundRobin } from './round-robin';

const picks = (rr: RoundRobin<{ weight: number; healthy: boolean; name: string }>, n: number): string[] =>
  Array.from({ length: n }, () => {
    const i = rr.next();
    return i === -1 ? 'none' : rr.peers[i].name;
  });

describe(RoundRobin.name, () => {
  it('should alternate strictly between equal weights', () => {
    const rr = new RoundRobin([{ name: 'a', weight: 100, healthy: true }, { name: 'b', weight: 100, healthy: true }]);
    expect(picks(rr, 4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('should spread picks in proportion to the weights, smoothly', () => {
    const rr = new RoundRobin([{ name: 'a', weight: 300, healthy: true }, { name: 'b', weight: 100, healthy: true }]);
    const window = picks(rr, 8);
    expect(window.filter((p) => p === 'a')).toHaveLength(6);
    expect(window.slice(0, 4).filter((p) => p === 'b')).toHaveLength(1);
  });

  it('should skip unhealthy and zero-weight targets, and report none when nothing is left', () => {
    const peers = [{ name: 'a', weight: 100, healthy: false }, { name: 'b', weight: 0, healthy: true }, { name: 'c', weight: 10, healthy: true }];
    const rr = new RoundRobin(peers);
    expect(picks(rr, 3)).toEqual(['c', 'c', 'c']);
    peers[2].healthy = false;
    expect(picks(rr, 1)).toEqual(['none']);
  });
});
