import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ProjectAccess } from '../access/project-access';
import { ActivityLog } from '../activity/activity-log';
import { type CreateLabelRequestDto } from './dto/create-label.request.dto';
import { type UpdateLabelRequestDto } from './dto/update-label.request.dto';
import { type EditableLabelFields, type Label, LABEL_LIMITS } from './label';
import { LabelRepository } from './label.repository';
import { LabelLimitException, LabelNameTakenException, LabelNotFoundException } from './labels.errors';

const EDITABLE: readonly (keyof EditableLabelFields)[] = ['name', 'color'];

/**
 * A project's labels: read by members, written by editors and owners (not while archived). Writes lock the project
 * row, so the name rule and the limit hold between concurrent writes (the unique index on lower(name) backs the rule).
 */
@Injectable()
export class LabelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly labels: LabelRepository,
    private readonly access: ProjectAccess,
    private readonly activity: ActivityLog,
  ) {}

  list(user: AuthenticatedUser, projectId: string): Promise<{ items: Label[]; nextCursor: null }> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await this.access.require(manager, projectId, user.id, 'viewer');
      return { items: await this.labels.list(manager, projectId), nextCursor: null };
    });
  }

  create(user: AuthenticatedUser, projectId: string, input: CreateLabelRequestDto): Promise<Label> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(manager, projectId, user.id, 'editor', { write: true, lock: true });
      if (await this.labels.nameTaken(manager, projectId, input.name)) throw new LabelNameTakenException(input.name);
      if ((await this.labels.count(manager, projectId)) >= LABEL_LIMITS.perProject) throw new LabelLimitException();
      const label = await this.labels.insert(manager, { id: uuidv7(), projectId, name: input.name, color: input.color.toLowerCase() });
      await this.activity.record(manager, {
        projectId,
        actorId: user.id,
        action: 'label.created',
        changes: [
          { field: 'label', old: null, new: label.id },
          { field: 'name', old: null, new: label.name },
          { field: 'color', old: null, new: label.color },
        ],
      });
      return label;
    });
  }

  /** A PATCH that changes nothing records nothing. */
  update(user: AuthenticatedUser, projectId: string, labelId: string, input: UpdateLabelRequestDto): Promise<Label> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(manager, projectId, user.id, 'editor', { write: true, lock: true });
      const current = await this.existing(manager, projectId, labelId);
      const requested: EditableLabelFields = { name: input.name, color: input.color?.toLowerCase() };
      const changed = EDITABLE.filter((field) => requested[field] !== undefined && requested[field] !== current[field]);
      if (changed.length === 0) return current;
      if (requested.name !== undefined && (await this.labels.nameTaken(manager, projectId, requested.name, labelId))) throw new LabelNameTakenException(requested.name);
      const updated = await this.labels.update(manager, labelId, requested);
      await this.activity.record(manager, {
        projectId,
        actorId: user.id,
        action: 'label.updated',
        changes: [{ field: 'label', old: labelId, new: labelId }, ...changed.map((field) => ({ field, old: current[field], new: updated[field] }))],
      });
      return updated;
    });
  }

  /** The label leaves every task it was on; those tasks' versions do not change (the label is the project's, not theirs). */
  async delete(user: AuthenticatedUser, projectId: string, labelId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.require(manager, projectId, user.id, 'editor', { write: true, lock: true });
      const current = await this.existing(manager, projectId, labelId);
      await this.labels.delete(manager, labelId);
      await this.activity.record(manager, {
        projectId,
        actorId: user.id,
        action: 'label.deleted',
        changes: [
          { field: 'label', old: labelId, new: null },
          { field: 'name', old: current.name, new: null },
          { field: 'color', old: current.color, new: null },
        ],
      });
    });
  }

  private async existing(manager: EntityManager, projectId: string, labelId: string): Promise<Label> {
    const label = await this.labels.byId(manager, projectId, labelId);
    if (!label) throw new LabelNotFoundException(labelId);
    return label;
  }
}
