export interface WeightedPeer {
  readonly weight: number;
  /** false when health checks took the peer out */
  readonly healthy: boolean;
}

/**
 * Smooth weighted round-robin (the nginx algorithm): over any window of sum(weights) picks, each healthy peer is
 * chosen in proportion to its weight, and equal weights alternate strictly. Weight 0 peers are never picked, like
 * Kong's disabled targets. Returns the index of the peer, -1 when no healthy peer with a weight is left.
 */
export class RoundRobin<P extends WeightedPeer> {
  private readonly current: number[];

  constructor(readonly peers: readonly P[]) {
    this.current = peers.map(() => 0);
  }

  next(): number {
    const peers = this.peers;
    const current = this.current;
    let total = 0;
    let best = -1;
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i];
      if (!peer.healthy || peer.weight <= 0) continue;
      current[i] += peer.weight;
      total += peer.weight;
      if (best === -1 || current[i] > current[best]) best = i;
    }
    if (best !== -1) current[best] -= total;
    return best;
  }
}
