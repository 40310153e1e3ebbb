/** Limits of labels (the tasks feature caps labels per task). */
export const LABEL_LIMITS = {
  /** labels per project: a label picker shows them all, unpaged */
  perProject: 500,
  nameLength: 50,
} as const;

/** `#rrggbb`; stored in lower case. */
export const LABEL_COLOR = /^#[0-9a-fA-F]{6}$/;

/** A label as the service passes it around (JSON-shaped). */
export interface Label {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly color: string;
  readonly createdAt: string;
}

/** The fields PATCH …/labels/:labelId changes. */
export type EditableLabelFields = Partial<Pick<Label, 'name' | 'color'>>;
