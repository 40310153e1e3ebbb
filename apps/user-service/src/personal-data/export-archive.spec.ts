import { unzipJson } from '../../test/support/unzip';
import { archiveLayout, buildArchive } from './export-archive';

const META = {
  exportId: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e',
  userId: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f',
  createdAt: new Date('2026-12-05T10:00:00.000Z'),
  completedAt: new Date('2026-12-05T10:00:02.000Z'),
};
const PARTS = {
  user: { profile: { displayName: 'Ada' }, preferences: { digest: { enabled: false, hour: 8 } } },
  auth: { account: { email: 'ada@example.com' }, sessions: [{ id: 's1' }, { id: 's2' }], 'api-keys': [] },
  task: { projects: [{ id: 'p1' }], tasks: [], comments: [] },
  notification: { notifications: [], webhooks: null },
};

describe('personal data archive', () => {
  it('should hold a manifest with the counts and one JSON file per section of every part', async () => {
    const files = await unzipJson(await buildArchive(META, PARTS));

    expect([...files.keys()]).toEqual([
      'manifest.json',
      'user/preferences.json',
      'user/profile.json',
      'auth/account.json',
      'auth/api-keys.json',
      'auth/sessions.json',
      'task/comments.json',
      'task/projects.json',
      'task/tasks.json',
      'notification/notifications.json',
      'notification/webhooks.json',
    ]);
    expect(files.get('manifest.json')).toEqual({
      exportId: META.exportId,
      userId: META.userId,
      createdAt: '2026-12-05T10:00:00.000Z',
      completedAt: '2026-12-05T10:00:02.000Z',
      parts: {
        user: { preferences: 1, profile: 1 },
        auth: { account: 1, 'api-keys': 0, sessions: 2 },
        task: { comments: 0, projects: 1, tasks: 0 },
        notification: { notifications: 0, webhooks: 0 },
      },
      files: [...files.keys()].slice(1),
    });
    expect(files.get('auth/sessions.json')).toEqual([{ id: 's1' }, { id: 's2' }]);
  });

  it('should refuse a section name that could make another path', () => {
    expect(() => archiveLayout(META, { ...PARTS, task: { '../evil': [] } })).toThrow('part task: section name "../evil" is not a lower-case word');
  });
});
