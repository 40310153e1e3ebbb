import { joinPersonalDataPart, TASK_PERSONAL_DATA_EXPORTED_V1, USER_DATA_EXPORT_REQUESTED_V1 } from '@taskhub/contracts';
import { EventTap, integrationEnv, TestEventPublisher } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { ExportFixtures } from './support/export-fixtures';
import { ProjectFixtures } from './support/project-fixtures';
import { TaskHarness } from './support/task-harness';

describe('task-service personal data export part', () => {
  let h: TaskHarness;
  let fixtures: ProjectFixtures;
  let events: TestEventPublisher;
  let tap: EventTap;

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'task_personal_data' });
    fixtures = new ProjectFixtures(h);
    events = await TestEventPublisher.connect(integrationEnv().rabbitmqUrl);
    tap = await EventTap.open(TASK_PERSONAL_DATA_EXPORTED_V1.routingKey, 'task');
  });

  afterAll(async () => {
    await tap?.close();
    await events?.close();
    await h?.close();
  });

  it("should answer an export request with the person's projects, tasks and comments, and other people by id only", async () => {
    const ada = await h.person('Ada Lovelace');
    const bob = await h.person('Bob Babbage');
    const shared = await fixtures.project(bob, { editor: [ada] }, 'Shared');
    const own = await fixtures.project(ada, {}, 'Own');
    await fixtures.project(bob, {}, 'Bob only');
    const assigned = await fixtures.task(shared.id, bob.id, { assignees: [ada.id, bob.id] });
    const created = await fixtures.task(own.id, ada.id);
    const bobs = await fixtures.task(shared.id, bob.id, { assignees: [bob.id] });
    await h.dataSource.query(`INSERT INTO comment (id, task_id, author_id, body, mentions) VALUES ($1, $2, $3, 'on it', $4), ($5, $2, $6, 'thanks Ada', '{}')`, [
      uuidv7(),
      assigned,
      ada.id,
      [bob.id],
      uuidv7(),
      bob.id,
    ]);
    const exportId = uuidv7();

    await events.publish(USER_DATA_EXPORT_REQUESTED_V1, { exportId, userId: ada.id, requestedAt: new Date().toISOString() });
    const pieces = await tap.waitFor(1, (e) => e.data.exportId === exportId, 'task part');
    const part = joinPersonalDataPart(pieces.map((p) => p.data.content as string)) as {
      projects: { id: string; name: string; createdBy: string; membership: { role: string; addedBy: string } }[];
      tasks: { id: string; createdBy: string; assigneeIds: string[]; createdByYou: boolean; assignedToYou: boolean }[];
      comments: { taskId: string; body: string; mentionedIds: string[] }[];
    };

    expect(pieces[0].data).toMatchObject({ userId: ada.id, chunk: 0, chunkCount: 1 });
    expect(part.projects.map((p) => [p.id, p.name, p.createdBy, p.membership.role, p.membership.addedBy])).toEqual([
      [shared.id, 'Shared', bob.id, 'editor', bob.id],
      [own.id, 'Own', ada.id, 'owner', ada.id],
    ]);
    expect(part.tasks.map((t) => [t.id, t.createdBy, t.assigneeIds, t.createdByYou, t.assignedToYou])).toEqual([
      [assigned, bob.id, [ada.id, bob.id].sort(), false, true],
      [created, ada.id, [], true, false],
    ]);
    expect(part.comments.map((c) => [c.taskId, c.body, c.mentionedIds])).toEqual([[assigned, 'on it', [bob.id]]]);
    const text = JSON.stringify(part);
    for (const absent of ['Bob Babbage', 'Bob only', 'thanks Ada', bobs]) expect(text).not.toContain(absent);
  });

  it('should send a large part in pieces of at most 512 KiB that join into the whole', async () => {
    const ada = await h.person();
    const project = await fixtures.project(ada);
    await new ExportFixtures(h).tasks(project.id, ada.id, 4000);
    const exportId = uuidv7();

    await events.publish(USER_DATA_EXPORT_REQUESTED_V1, { exportId, userId: ada.id, requestedAt: new Date().toISOString() });
    const first = await tap.waitFor(1, (e) => e.data.exportId === exportId, 'the first piece');
    const pieces = await tap.waitFor(first[0].data.chunkCount as number, (e) => e.data.exportId === exportId, 'every piece');
    const ordered = [...pieces].sort((a, b) => (a.data.chunk as number) - (b.data.chunk as number));
    const part = joinPersonalDataPart(ordered.map((p) => p.data.content as string)) as { tasks: unknown[] };

    const bytes = Buffer.byteLength(ordered.map((p) => p.data.content as string).join(''));
    expect(pieces.length).toBe(Math.ceil(bytes / (512 * 1024)));
    expect(pieces.length).toBeGreaterThan(1);
    expect(ordered.map((p) => p.data.chunk)).toEqual(ordered.map((_, i) => i));
    expect(pieces.every((p) => Buffer.byteLength(p.data.content as string) <= 512 * 1024)).toBe(true);
    expect(part.tasks.length).toBe(4000);
  });
});
