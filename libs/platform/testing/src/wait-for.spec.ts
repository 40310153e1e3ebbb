import { waitFor } from './wait-for';

describe(waitFor.name, () => {
  it('should return the first truthy value', async () => {
    let calls = 0;

    const value = await waitFor(() => (++calls >= 3 ? `ready after ${calls}` : undefined), {
      description: 'the third call',
      intervalMs: 1,
    });

    expect(value).toBe('ready after 3');
  });

  it('should treat a throwing probe as not ready yet', async () => {
    let calls = 0;

    const value = await waitFor(
      () => {
        if (++calls < 2) throw new Error('connection refused');
        return true;
      },
      { description: 'a probe that recovers', intervalMs: 1 },
    );

    expect(value).toBe(true);
  });

  it('should fail at the deadline naming what it waited for and the last error', async () => {
    const probe = (): never => {
      throw new Error('ECONNREFUSED');
    };

    await expect(waitFor(probe, { description: 'redis to answer', timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      /timed out after 30 ms waiting for redis to answer \(last error: ECONNREFUSED\)/,
    );
  });
});
