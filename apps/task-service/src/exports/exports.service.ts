import { type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { TASK_EXPORT_REQUESTED_V1 } from '@taskhub/contracts';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ProjectNotFoundException } from '../access/access.errors';
import { ProjectAccess } from '../access/project-access';
import { type CreateExportRequestDto } from './create-export.request.dto';
import { EXPORT_CONTENT_TYPES, type ExportJob } from './export';
import { chunkReader } from './export-chunks';
import { ExportChunkRepository } from './export-chunk.repository';
import { type ExportFilters, type ExportFiltersDto } from './export-filters.dto';
import { type ExportResponseDto } from './export.response.dto';
import { ExportRepository } from './export.repository';
import { ExportExpiredException, ExportNotFoundException, ExportNotReadyException } from './exports.errors';

export interface ExportDownload {
  readonly stream: Readable;
  readonly contentType: string;
  readonly filename: string;
  readonly length: number;
}

/**
 * Exports of a project's tasks: requested by any member (an export is a read), written in the background by the
 * task.exports consumer, seen and downloaded by their requester only while still a member (404 to anyone else).
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly exports: ExportRepository,
    private readonly chunks: ExportChunkRepository,
  ) {}

  /** The job row and its task.export.requested.v1 in one transaction: the request is queued if and only if it commits. */
  request(user: AuthenticatedUser, projectId: string, input: CreateExportRequestDto): Promise<{ id: string; status: 'queued' }> {
    const filters = storedFilters(input.filters ?? {}, user.id);
    return this.dataSource.transaction(async (manager) => {
      const project = await this.access.require(manager, projectId, user.id, 'viewer');
      const id = uuidv7();
      await this.exports.insert(manager, { id, projectId: project.projectId, requestedBy: user.id, format: input.format, filters });
      await writeToOutbox(manager, TASK_EXPORT_REQUESTED_V1, { exportId: id, projectId: project.projectId, requestedBy: user.id, format: input.format });
      return { id, status: 'queued' as const };
    });
  }

  async status(user: AuthenticatedUser, exportId: string): Promise<ExportResponseDto> {
    return view(await this.visible(user, exportId));
  }

  /**
   * The file of a ready export, read from the database piece by piece as the client takes it (any instance serves
   * any export): 409 EXPORT.NOT_READY before (or when it failed), 409 EXPORT.EXPIRED after its TTL.
   */
  async download(user: AuthenticatedUser, exportId: string): Promise<ExportDownload> {
    const job = await this.visible(user, exportId);
    if (job.status === 'expired') throw new ExportExpiredException(job.id);
    if (job.status !== 'ready' || job.bytes === null) throw new ExportNotReadyException(job.id, job.status);
    const stream = chunkReader(job.bytes, (seq) => this.chunks.piece(this.dataSource.manager, job.id, seq));
    return { stream, contentType: EXPORT_CONTENT_TYPES[job.format], filename: `tasks-${job.id}.${job.format}`, length: job.bytes };
  }

  private async visible(user: AuthenticatedUser, exportId: string): Promise<ExportJob> {
    const job = await this.exports.byId(this.dataSource.manager, exportId.toLowerCase());
    if (!job || job.requestedBy !== user.id) throw new ExportNotFoundException(exportId);
    try {
      await this.access.require(this.dataSource.manager, job.projectId, user.id, 'viewer');
    } catch (error) {
      // a requester who has left the project no longer sees its exports
      if (error instanceof ProjectNotFoundException) throw new ExportNotFoundException(exportId);
      throw error;
    }
    return job;
  }
}

/** The request's filters as stored: `me` resolved to the requester (the list's parsing applies them: buildExportQuery). */
function storedFilters(input: ExportFiltersDto, userId: string): ExportFilters {
  const filters: ExportFilters = { ...input, assigneeId: input.assigneeId?.map((id) => (id.toLowerCase() === 'me' ? userId : id)) };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

function view(job: ExportJob): ExportResponseDto {
  const percent = job.status === 'ready' ? 100 : job.totalRows ? Math.min(99, Math.floor((job.rowsWritten * 100) / job.totalRows)) : 0;
  return {
    id: job.id,
    projectId: job.projectId,
    format: job.format,
    status: job.status,
    progress: { rowsWritten: job.rowsWritten, totalRows: job.totalRows, percent },
    error: job.error,
    createdAt: job.createdAt,
    expiresAt: job.expiresAt,
  };
}
