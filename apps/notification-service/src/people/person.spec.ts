import { type NotificationKindsV1 } from '@taskhub/contracts';
import { channelsOf, DEFAULT_KINDS } from './person';

describe(channelsOf.name, () => {
  const off = { inApp: false, email: false, webhook: false };

  it("should give the person's own channels for a kind", () => {
    expect(channelsOf({ ...DEFAULT_KINDS, 'task.assigned': off }, 'task.assigned')).toEqual(off);
  });

  it('should give the defaults without preferences, or for a kind the copy lacks', () => {
    expect(channelsOf(undefined, 'task.status_changed')).toEqual({ inApp: true, email: false, webhook: false });
    expect(channelsOf({ 'task.assigned': off } as unknown as NotificationKindsV1, 'comment.added')).toEqual({ inApp: true, email: true, webhook: false });
  });
});
