import { DependencyUnavailableException } from '@taskhub/platform-errors';
import { ProjectCreateQueue } from './project-create-queue';

interface Gate {
  readonly opened: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe(ProjectCreateQueue.name, () => {
  it('should run the creates of one project one after another, in arrival order, and other projects meanwhile', async () => {
    const queue = new ProjectCreateQueue();
    const order: string[] = [];
    const first = gate();
    const a1 = queue.run('P', async () => {
      order.push('a1 start');
      await first.opened;
      order.push('a1 end');
    });
    const a2 = queue.run('p', () => Promise.resolve(order.push('a2')));
    await queue.run('other', () => Promise.resolve(order.push('b')));
    expect(order).toEqual(['a1 start', 'b']);

    first.open();
    await Promise.all([a1, a2]);

    expect(order).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('should start the next create as soon as the one before hands its turn on, before it settles', async () => {
    const queue = new ProjectCreateQueue();
    const afterCommit = gate();
    let second = false;
    const first = queue.run('p', async (done) => {
      done(); // committed: what follows the commit runs while the next create starts
      await afterCommit.opened;
    });

    await queue.run('p', () => Promise.resolve((second = true)));

    expect(second).toBe(true);
    afterCommit.open();
    await first;
  });

  it("should run the next create after one that failed, and give the failure to that create's caller", async () => {
    const queue = new ProjectCreateQueue();

    const failed = queue.run('p', () => Promise.reject(new Error('number taken')));
    const next = queue.run('p', () => Promise.resolve(42));

    await expect(failed).rejects.toThrow('number taken');
    await expect(next).resolves.toBe(42);
  });

  it('should answer 503 without running a create whose turn came after the longest wait', async () => {
    const queue = new ProjectCreateQueue();
    const first = gate();
    const running = queue.run('p', () => first.opened);
    let ran = false;
    const late = queue.run(
      'p',
      () => {
        ran = true;
        return Promise.resolve();
      },
      -1, // any wait is past it
    );

    first.open();
    await running;

    await expect(late).rejects.toBeInstanceOf(DependencyUnavailableException);
    expect(ran).toBe(false);
  });
});
