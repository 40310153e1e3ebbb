/** The services that contribute a part through events; the user service's own part is read when it assembles. */
export const CONTRIBUTED_PARTS = ['auth', 'task', 'notification'] as const;
export type ContributedPart = (typeof CONTRIBUTED_PARTS)[number];

export type DataExportStatus = 'running' | 'complete' | 'expired';
export type PartStatus = 'pending' | 'received';

export interface DataExportPart {
  readonly name: ContributedPart;
  readonly status: PartStatus;
  /** when its last piece arrived */
  readonly receivedAt: string | null;
}

/** An export as stored (without its archive). */
export interface DataExport {
  readonly id: string;
  readonly userId: string;
  /** as stored: `running` or `complete` (`expired` is read from expiresAt) */
  readonly status: 'running' | 'complete';
  readonly createdAt: Date;
  readonly completedAt: Date | null;
  /** complete: completedAt + TTL; running: createdAt + TTL (a part that never came) */
  readonly expiresAt: Date;
  readonly archiveBytes: number | null;
  readonly parts: readonly DataExportPart[];
}

/** `expired` from its expiry on, until the sweep deletes it (then it is not found). */
export function effectiveStatus(exported: Pick<DataExport, 'status' | 'expiresAt'>, now: Date): DataExportStatus {
  return exported.expiresAt.getTime() <= now.getTime() ? 'expired' : exported.status;
}
