import { Injectable, Logger } from '@nestjs/common';
import { joinPersonalDataPart, type PersonalDataPartV1, USER_DATA_EXPORT_REQUESTED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { UserServiceConfig } from '../config/user.config';
import { type DataExportResponseDto } from './dto/data-export.response.dto';
import { DataExportRepository } from './data-export.repository';
import { DataExportExpiredException, DataExportNotFoundException, DataExportNotReadyException, DataExportRunningException } from './data-exports.errors';
import { buildArchive } from './export-archive';
import { OwnDataReader } from './own-data.reader';
import { type ContributedPart, type DataExport, effectiveStatus } from './personal-data-export';

const HOUR_MS = 3_600_000;

export interface DataExportArchive {
  readonly filename: string;
  readonly bytes: Buffer;
}

/**
 * Personal data exports: asked for here (user.data_export.requested.v1), filled by the other services' pieces
 * (applyPiece, once each), assembled into one zip when the last part is whole, readable by their requester only.
 */
@Injectable()
export class DataExportsService {
  private readonly logger = new Logger(DataExportsService.name);

  constructor(
    private readonly config: UserServiceConfig,
    private readonly dataSource: DataSource,
    private readonly exports: DataExportRepository,
    private readonly ownData: OwnDataReader,
  ) {}

  /** A new export, or 409 while the person has one running. */
  async request(user: AuthenticatedUser): Promise<DataExportResponseDto> {
    const now = new Date();
    const created = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.exports.insertRunning(manager, { id: uuidv7(), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + this.ttlMs()) });
      if (!inserted) {
        const running = await this.exports.runningOf(manager, user.id);
        throw new DataExportRunningException(running?.id ?? 'unknown');
      }
      await writeToOutbox(manager, USER_DATA_EXPORT_REQUESTED_V1, { exportId: inserted.id, userId: user.id, requestedAt: inserted.createdAt.toISOString() });
      return inserted;
    });
    return toView(created, new Date());
  }

  async status(user: AuthenticatedUser, id: string): Promise<DataExportResponseDto> {
    return toView(await this.load(user, id), new Date());
  }

  /** The zip of a complete export: 409 while running, 410 once expired. */
  async archive(user: AuthenticatedUser, id: string): Promise<DataExportArchive> {
    const found = await this.load(user, id);
    const status = effectiveStatus(found, new Date());
    if (status === 'expired') throw new DataExportExpiredException(id);
    if (status === 'running') throw new DataExportNotReadyException(id);
    const bytes = await this.exports.archive(this.dataSource.manager, id);
    if (!bytes) throw new DataExportNotFoundException(id); // deleted by the sweep between the two reads
    return { filename: `taskhub-personal-data-${id}.zip`, bytes };
  }

  /**
   * One piece of a part, in the consumer's transaction. A copy is absorbed (the piece's key), a piece of an export
   * that is complete, expired or unknown is dropped, and the piece that makes the last part whole assembles the
   * archive. The export's row lock makes pieces of one export apply one after another.
   */
  async applyPiece(manager: EntityManager, part: ContributedPart, piece: PersonalDataPartV1): Promise<void> {
    const running = await this.exports.lockRunning(manager, piece.exportId);
    if (!running || running.userId !== piece.userId) {
      this.logger.log(`piece ${piece.chunk} of the ${part} part of export ${piece.exportId} dropped: no such running export of that person`);
      return;
    }
    if (piece.chunk >= piece.chunkCount) throw new Error(`piece ${piece.chunk} of ${piece.chunkCount}: out of range`);
    if (!(await this.exports.addPiece(manager, { exportId: piece.exportId, part, chunk: piece.chunk, chunkCount: piece.chunkCount, content: piece.content }))) {
      throw new Error(`export ${piece.exportId}, part ${part}: pieces disagree on their count (${piece.chunkCount})`);
    }
    if (!(await this.exports.receiveIfWhole(manager, piece.exportId, part))) return;
    const pending = running.parts.filter((p) => p.status === 'pending' && p.name !== part);
    if (pending.length === 0) await this.assemble(manager, running);
  }

  private async assemble(manager: EntityManager, running: DataExport): Promise<void> {
    const pieces = await this.exports.pieces(manager, running.id);
    const part = (name: ContributedPart): Record<string, unknown> => joinPersonalDataPart(pieces.get(name) ?? []);
    const completedAt = new Date();
    const archive = await buildArchive(
      { exportId: running.id, userId: running.userId, createdAt: running.createdAt, completedAt },
      { user: await this.ownData.read(manager, running.userId), auth: part('auth'), task: part('task'), notification: part('notification') },
    );
    await this.exports.complete(manager, running.id, archive, completedAt, new Date(completedAt.getTime() + this.ttlMs()));
    this.logger.log(`export ${running.id} complete: ${archive.length} bytes`);
  }

  private async load(user: AuthenticatedUser, id: string): Promise<DataExport> {
    const found = await this.exports.ofUser(this.dataSource.manager, id, user.id);
    if (!found) throw new DataExportNotFoundException(id);
    return found;
  }

  private ttlMs(): number {
    return this.config.dataExportTtlHours * HOUR_MS;
  }
}

function toView(exported: DataExport, now: Date): DataExportResponseDto {
  const status = effectiveStatus(exported, now);
  return {
    id: exported.id,
    status,
    parts: exported.parts.map((p) => ({ ...p })),
    createdAt: exported.createdAt.toISOString(),
    completedAt: exported.completedAt?.toISOString() ?? null,
    expiresAt: exported.expiresAt.toISOString(),
    download: status === 'complete' ? `/api/v1/users/me/export/${exported.id}/archive` : null,
    bytes: exported.archiveBytes,
  };
}
