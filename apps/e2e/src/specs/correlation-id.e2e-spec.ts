import { randomUUID } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { logLines, viaGateway, UNKNOWN_TASK_PATH } from '../support/e2e-client';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(60_000);

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId: string;
}

/** The task service's log lines about `path` that carry `correlationId`. */
function taskLogLinesFor(correlationId: string, path: string): Record<string, unknown>[] {
  return logLines(stackInfo().services.task.logFile).filter((l) => l.correlationId === correlationId && JSON.stringify(l).includes(path));
}

describe('correlation id through the gateway', () => {
  const path = UNKNOWN_TASK_PATH;

  it('should answer an unknown task with a 404 in the common error shape whose correlationId is the X-Request-ID', async () => {
    const response = await viaGateway(path);

    expect(response.status).toBe(404);
    const body = response.json<ErrorBody>();
    expect(body.statusCode).toBe(404);
    expect([typeof body.code, typeof body.message, typeof body.correlationId]).toEqual(['string', 'string', 'string']);
    expect(body.code).toBe('TASK.NOT_FOUND');
    expect(body.correlationId).not.toBe('');
    expect(response.headers.get('x-request-id')).toBe(body.correlationId);
    await waitFor(() => taskLogLinesFor(body.correlationId, path).length > 0, {
      description: `a task-service log line for ${body.correlationId}`,
      timeoutMs: 5_000,
    });
  });

  it('should keep a client-supplied X-Request-ID end to end', async () => {
    const requestId = `e2e-${randomUUID()}`;

    const response = await viaGateway(path, { headers: { 'x-request-id': requestId } });

    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(response.json<ErrorBody>().correlationId).toBe(requestId);
    await waitFor(() => taskLogLinesFor(requestId, path).length > 0, {
      description: `a task-service log line for ${requestId}`,
      timeoutMs: 5_000,
    });
  });
});
