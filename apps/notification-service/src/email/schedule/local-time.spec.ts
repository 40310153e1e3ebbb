import { nextLocalHour, quietHoursEnd } from './local-time';
import { planNotificationEmail } from './delivery-plan';

describe('quietHoursEnd', () => {
  it.each([
    // [now UTC, zone, start, end, expected end or null]
    ['2026-12-05T21:30:00Z', 'Europe/Berlin', '22:00', '07:00', '2026-12-06T06:00:00.000Z'], // 22:30 local, crosses midnight
    ['2026-12-06T04:00:00Z', 'Europe/Berlin', '22:00', '07:00', '2026-12-06T06:00:00.000Z'], // 05:00 local, after midnight
    ['2026-12-06T06:00:00Z', 'Europe/Berlin', '22:00', '07:00', null], // 07:00 local: the end is exclusive
    ['2026-12-05T12:00:00Z', 'Europe/Berlin', '22:00', '07:00', null],
    ['2026-12-05T12:30:00Z', 'Asia/Tokyo', '21:00', '23:00', '2026-12-05T14:00:00.000Z'], // 21:30 local, same-day window
    ['2026-12-05T12:30:00Z', 'UTC', '09:00', '09:00', null], // empty window
    ['2026-03-29T00:30:00Z', 'Europe/Berlin', '01:00', '04:00', '2026-03-29T02:00:00.000Z'], // 01:30 CET; 04:00 is CEST after the spring change
  ])('at %s in %s with %s-%s should end at %s', (now, zone, start, end, expected) => {
    expect(quietHoursEnd(new Date(now), zone, start, end)?.toISOString() ?? null).toBe(expected);
  });

  it('should read an unknown time zone as UTC', () => {
    expect(quietHoursEnd(new Date('2026-12-05T23:00:00Z'), 'Mars/Olympus', '22:00', '07:00')?.toISOString()).toBe('2026-12-06T07:00:00.000Z');
  });
});

describe('nextLocalHour', () => {
  it('should be later today when the hour has not come yet, else tomorrow', () => {
    expect(nextLocalHour(new Date('2026-12-05T05:00:00Z'), 'Europe/Berlin', 8).toISOString()).toBe('2026-12-05T07:00:00.000Z');
    expect(nextLocalHour(new Date('2026-12-05T07:00:00Z'), 'Europe/Berlin', 8).toISOString()).toBe('2026-12-06T07:00:00.000Z');
  });
});

describe('planNotificationEmail', () => {
  const now = new Date('2026-12-05T21:30:00Z'); // 22:30 in Berlin
  const timing = { timezone: 'Europe/Berlin', digest: { enabled: false, hour: 8 }, quietHours: { start: '22:00', end: '07:00' } };

  it('should hold an e-mail in quiet hours until they end', () => {
    expect(planNotificationEmail(now, timing)).toEqual({ status: 'held', holdReason: 'quiet_hours', notBefore: new Date('2026-12-06T06:00:00Z') });
  });

  it('should send at once outside quiet hours', () => {
    expect(planNotificationEmail(now, { ...timing, quietHours: { start: '23:00', end: '07:00' } })).toEqual({ status: 'queued' });
  });

  it('should hold every e-mail for the digest hour when the digest is on', () => {
    expect(planNotificationEmail(now, { ...timing, digest: { enabled: true, hour: 8 } })).toEqual({ status: 'held', holdReason: 'digest', notBefore: new Date('2026-12-06T07:00:00Z') });
  });
});
