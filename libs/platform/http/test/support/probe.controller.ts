import { Body, Controller, Get, Injectable, Logger, Param, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Min } from 'class-validator';
import { Public } from '@taskhub/platform-auth';
import { DataSource } from 'typeorm';

export class EchoRequestDto {
  @IsString()
  @IsNotEmpty()
  title!: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  priority!: number;
}

/** Lets a test hold a request in flight and release it when it chooses (no sleeps). */
@Injectable()
export class RequestGate {
  private release: (() => void) | undefined;
  private signalEntered: (() => void) | undefined;
  /** resolves when a request is waiting at the gate */
  entered: Promise<void> = new Promise((resolve) => (this.signalEntered = resolve));

  wait(): Promise<void> {
    this.signalEntered?.();
    return new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
  }
}

/**
 * Test-only routes standing in for a service's business endpoints. Public: these tests are about the runtime (errors,
 * outages, shutdown), not authentication, which the auth service's suites cover.
 */
@Public()
@Controller('test-probe')
export class ProbeController {
  private readonly logger = new Logger(ProbeController.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly gate: RequestGate,
  ) {}

  @Get('items/:id')
  item(@Param('id') id: string): { id: string } {
    this.logger.log(`looking up item ${id}`);
    return { id };
  }

  @Post('echo')
  echo(@Body() body: EchoRequestDto): EchoRequestDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail: password=hunter2');
  }

  @Get('db')
  async database(): Promise<{ one: number }> {
    const rows = await this.dataSource.query<Array<{ one: number }>>('SELECT 1 AS one');
    return rows[0];
  }

  @Get('slow')
  async slow(): Promise<{ done: true }> {
    await this.gate.wait();
    return { done: true };
  }
}
