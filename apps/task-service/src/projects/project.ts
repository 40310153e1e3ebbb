import { type ProjectRole } from '@taskhub/contracts';

/** Limits of a project (the "limits that protect the database"). */
export const PROJECT_LIMITS = {
  /** members per project */
  members: 1_000,
  nameLength: 100,
  descriptionLength: 10_000,
} as const;

/** A project's key: 2-10 upper-case letters and digits, starting with a letter (`WEB`, `OPS2`); never changes. */
export const PROJECT_KEY = /^[A-Z][A-Z0-9]{1,9}$/;

/** A project as the service passes it around (JSON-shaped: dates as ISO strings). */
export interface Project {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string | null;
  readonly archived: boolean;
  readonly archivedAt: string | null;
  readonly createdBy: string;
  /** +1 on every change of the project itself (its ETag); not on member or label changes */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A project seen by one of its members: with their role. */
export interface ProjectView extends Project {
  readonly role: ProjectRole;
}

/** The fields PATCH /projects/:id changes. */
export type EditableProjectFields = Partial<Pick<Project, 'name' | 'description'>>;

/** A member of a project, named from the people read model (null until it has seen them). */
export interface Member {
  readonly userId: string;
  readonly role: ProjectRole;
  readonly displayName: string | null;
  readonly addedBy: string;
  readonly addedAt: string;
}
