import { Body, Controller, Delete, Get, HttpCode, Injectable, NotFoundException, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import { IsNotEmpty, IsString } from 'class-validator';
import { type AuthenticatedUser, CurrentUser } from '@taskhub/platform-auth';
import { DataSource } from 'typeorm';
import { Idempotent } from '../../src/idempotency/idempotent.decorator';
import { ETagFromVersion } from '../../src/preconditions/etag-from-version.decorator';
import { IfMatchVersion } from '../../src/preconditions/if-match-version.decorator';
import { StaleVersionException } from '../../src/preconditions/precondition.exceptions';

export class NoteRequestDto {
  @IsString()
  @IsNotEmpty()
  title!: string;
}

export interface NoteView {
  readonly id: string;
  readonly title: string;
  readonly version: number;
}

/** Lets a test hold the next create in flight (before it writes) and release it when it chooses, or fail it once. */
@Injectable()
export class NoteGate {
  private held: { entered: () => void; release: Promise<void> } | undefined;
  private failing = false;

  /** The next create waits here; `entered` resolves once it does, `release()` lets it go on. */
  holdNext(): { entered: Promise<void>; release: () => void } {
    let release!: () => void;
    let entered!: () => void;
    const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
    this.held = { entered, release: new Promise<void>((resolve) => (release = resolve)) };
    return { entered: enteredPromise, release };
  }

  /** The next create throws an unexpected error (500) before it writes. */
  failNext(): void {
    this.failing = true;
  }

  async pass(): Promise<void> {
    if (this.failing) {
      this.failing = false;
      throw new Error('the probe fails this create on purpose');
    }
    const held = this.held;
    this.held = undefined;
    if (!held) return;
    held.entered();
    await held.release;
  }
}

interface ReplyLike {
  header(name: string, value: string): unknown;
}

interface NoteRow {
  id: string;
  title: string;
  version: number;
}

/** Test-only routes over probe_note; authenticated, so that the caller scopes idempotency keys. */
@Idempotent()
@Controller('test-notes')
export class NoteProbeController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly gate: NoteGate,
  ) {}

  @Post()
  @HttpCode(201)
  @ETagFromVersion()
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: NoteRequestDto, @Res({ passthrough: true }) reply: ReplyLike): Promise<NoteView> {
    await this.gate.pass();
    const [row] = await this.dataSource.query<NoteRow[]>('INSERT INTO probe_note (owner_id, title) VALUES ($1, $2) RETURNING id, title, version', [
      user.id,
      body.title,
    ]);
    reply.header('location', `/api/v1/test-notes/${row.id}`);
    return row;
  }

  @Get(':id')
  @ETagFromVersion()
  async read(@Param('id', ParseUUIDPipe) id: string): Promise<NoteView> {
    const [row] = await this.dataSource.query<NoteRow[]>('SELECT id, title, version FROM probe_note WHERE id = $1', [id]);
    if (!row) throw new NotFoundException('no such note');
    return row;
  }

  @Patch(':id')
  @ETagFromVersion()
  async change(@Param('id', ParseUUIDPipe) id: string, @IfMatchVersion() version: number, @Body() body: NoteRequestDto): Promise<NoteView> {
    const [rows] = await this.dataSource.query<[NoteRow[], number]>(
      'UPDATE probe_note SET title = $3, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id, title, version',
      [id, version, body.title],
    );
    if (rows.length === 0) throw await this.whyNot(id);
    return rows[0];
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseUUIDPipe) id: string, @IfMatchVersion() version: number): Promise<void> {
    const [rows] = await this.dataSource.query<[NoteRow[], number]>('DELETE FROM probe_note WHERE id = $1 AND version = $2 RETURNING id', [id, version]);
    if (rows.length === 0) throw await this.whyNot(id);
  }

  /** The note is gone (404) or at another version (412 with the current one). */
  private async whyNot(id: string): Promise<Error> {
    const [row] = await this.dataSource.query<Array<{ version: number }>>('SELECT version FROM probe_note WHERE id = $1', [id]);
    return row ? new StaleVersionException(row.version) : new NotFoundException('no such note');
  }
}
