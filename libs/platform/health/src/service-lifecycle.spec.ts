import { ServiceLifecycle } from './service-lifecycle';

describe(ServiceLifecycle.name, () => {
  it('should list held work until it settles, fulfilled or not', async () => {
    const lifecycle = new ServiceLifecycle();
    let finish: () => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    const warming = new Promise<void>((resolve) => (finish = resolve));
    const other = new Promise<void>((_, reject) => (fail = reject));
    lifecycle.holdReadinessUntil('cache-warming', warming);
    lifecycle.holdReadinessUntil('other', other);
    lifecycle.markRunning();

    expect([lifecycle.phase, lifecycle.pendingWork]).toEqual(['running', ['cache-warming', 'other']]);
    finish();
    await warming;
    expect(lifecycle.pendingWork).toEqual(['other']);
    fail(new Error('gave up'));
    await other.catch(() => undefined);
    await Promise.resolve();
    expect(lifecycle.pendingWork).toEqual([]);
  });
});
