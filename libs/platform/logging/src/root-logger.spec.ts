import { createRootLogger } from './root-logger';
import { requestContextLogFields, runWithRequestContext } from './request-context';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function capture(): { lines: Record<string, unknown>[]; destination: { write: (line: string) => void } } {
  const lines: Record<string, unknown>[] = [];
  return { lines, destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } };
}

describe(createRootLogger.name, () => {
  it('should write the request context on every line written inside it, and nothing of it outside', () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ service: 'task-service', level: 'info', destination });

    runWithRequestContext({ correlationId: 'req-1', traceparent: TRACEPARENT }, () => logger.info('inside'));
    logger.info('outside');

    expect(lines[0]).toMatchObject({ msg: 'inside', correlationId: 'req-1', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' });
    expect(lines[1]).not.toHaveProperty('correlationId');
    expect(lines[1]).not.toHaveProperty('traceId');
  });

  it('should log the event id and causation id of an event being applied', () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ service: 'user-service', level: 'info', destination });
    const event = { correlationId: 'req-2', eventId: '0190a8e4-7a6c-7b3e-8f00-000000000001', causationId: 'req-2', traceparent: TRACEPARENT };

    runWithRequestContext(event, () => logger.warn({ extra: 1 }, 'applying'));

    expect(lines[0]).toMatchObject({ correlationId: 'req-2', eventId: event.eventId, causationId: 'req-2', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', extra: 1 });
  });

  it('should let a line override a context field, writing it once', () => {
    const lines: string[] = [];
    const logger = createRootLogger({ service: 'auth-service', level: 'info', destination: { write: (line: string) => lines.push(line) } });

    runWithRequestContext({ correlationId: 'from-context' }, () => logger.info({ correlationId: 'explicit' }, 'x'));

    expect(lines[0].match(/"correlationId"/g)).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ correlationId: 'explicit' });
  });
});

describe(requestContextLogFields.name, () => {
  it('should leave out what the context does not know', () => {
    expect(requestContextLogFields({ correlationId: 'c' })).toEqual({ correlationId: 'c' });
    expect(requestContextLogFields(undefined)).toEqual({});
  });

  it('should return a fresh object each time (pino merges the line into it)', () => {
    const context = { correlationId: 'c', traceparent: TRACEPARENT };
    const first = requestContextLogFields(context);
    first.correlationId = 'changed';
    expect(requestContextLogFields(context).correlationId).toBe('c');
  });
});
