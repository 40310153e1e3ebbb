import { type FieldChangeV1 } from '@taskhub/contracts';
import { type ActivityAction } from './activity-log';

/** One entry of the history as the API shows it: who, when, what. */
export interface ActivityView {
  readonly id: string;
  readonly projectId: string;
  readonly taskId: string | null;
  /** who, with their display name as it was then */
  readonly actor: { readonly id: string; readonly displayName: string | null };
  readonly action: ActivityAction;
  /** what: each changed field with its old and new value */
  readonly changes: FieldChangeV1[];
  readonly createdAt: string;
}
