/* eslint-disable @typescript-eslint/no-unsafe-assignment -- jest's asymmetric matchers (expect.any, objectContaining) are typed any */
import { type ArgumentsHost } from '@nestjs/common';
import { setRequestCorrelationId, type PinoLogger } from '@taskhub/platform-logging';
import { DomainException } from './domain.exception';
import { GlobalExceptionFilter } from './global-exception.filter';

function fakeHttp(correlationId?: string) {
  const request = { method: 'GET', url: '/api/v1/tasks/1', headers: {} as Record<string, string>, is404: false };
  if (correlationId) setRequestCorrelationId(request, correlationId);
  const reply = {
    sent: false,
    statusCode: 0,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    header(name: string, value: string) {
      this.headers[name] = value;
      return this;
    },
    send(body: unknown) {
      this.body = body;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  return { host, reply };
}

function fakeLogger() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; msg: string }> = [];
  const write = (level: string) => (fields: Record<string, unknown>, msg: string) => lines.push({ level, fields, msg });
  return { lines, logger: { error: write('error'), warn: write('warn') } as unknown as PinoLogger };
}

describe(GlobalExceptionFilter.name, () => {
  it('should answer a domain exception in the common shape with the request correlation id', () => {
    const { logger, lines } = fakeLogger();
    const { host, reply } = fakeHttp('corr-1');

    new GlobalExceptionFilter({ logger }).catch(new DomainException('TASK.NOT_FOUND', 'task 1 not found', 404), host);

    expect(reply.statusCode).toBe(404);
    expect(reply.body).toEqual({ statusCode: 404, code: 'TASK.NOT_FOUND', message: 'task 1 not found', correlationId: 'corr-1' });
    expect(reply.headers['x-request-id']).toBe('corr-1');
    expect(lines).toHaveLength(0);
  });

  it('should answer an unexpected error with 500, an errorId and no stack, and log the stack with that errorId', () => {
    const { logger, lines } = fakeLogger();
    const { host, reply } = fakeHttp('corr-2');
    const bug = new Error('connection string postgres://u:p@db leaked');

    new GlobalExceptionFilter({ logger }).catch(bug, host);

    const body = reply.body as Record<string, unknown>;
    expect(reply.statusCode).toBe(500);
    expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL', message: 'internal server error', correlationId: 'corr-2' });
    expect(body.errorId).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toMatch(/leaked|stack|at /);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ errorId: body.errorId, correlationId: 'corr-2', err: bug }) }),
    ]);
  });

  it('should answer 503 with Retry-After when the database is unavailable, logging a warning without the stack', () => {
    const { logger, lines } = fakeLogger();
    const { host, reply } = fakeHttp('corr-3');

    new GlobalExceptionFilter({ logger, isDependencyUnavailable: () => true }).catch(new Error('Connection terminated'), host);

    expect(reply.statusCode).toBe(503);
    expect(reply.headers['retry-after']).toBe('5');
    expect(reply.body).toMatchObject({ code: 'DEPENDENCY.UNAVAILABLE', errorId: expect.any(String) });
    expect(lines[0]).toMatchObject({ level: 'warn', fields: { err: { message: 'Connection terminated' } } });
  });
});
