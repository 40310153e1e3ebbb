import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ServiceDescriptor } from '@taskhub/platform-config';

const run = promisify(execFile);

/** One service's document as its code describes it. */
export interface GeneratedDocument {
  readonly service: ServiceDescriptor['name'];
  /** the committed copy: docs/openapi/<service>.json */
  readonly file: string;
  /** the document as the service prints it: sorted keys, 2-space JSON, trailing newline */
  readonly json: string;
}

/** The command that rewrites docs/openapi/ from the code. */
export const REGENERATE_COMMAND = 'npm run docs:openapi';

/** Where a service's document is committed. */
export function committedDocumentFile(root: string, service: ServiceDescriptor['name']): string {
  return path.join(root, 'docs', 'openapi', `${service}.json`);
}

/**
 * Each service's document, printed by its own built entry point (`node dist/apps/<app>/src/main.js openapi`: Nest's
 * preview mode, nothing connects, so no Postgres, Redis or RabbitMQ is needed). A process per service, as the dev stack
 * runs them: tools never import an app. Needs `npm run build` first.
 */
export async function generateOpenApiDocuments(root: string, services: readonly ServiceDescriptor[]): Promise<GeneratedDocument[]> {
  return Promise.all(
    services.map(async (service) => {
      const main = path.join(root, 'dist', 'apps', service.app, 'src', 'main.js');
      if (!existsSync(main)) throw new Error(`not built: ${path.relative(root, main)} missing: run npm run build`);
      // a clean environment: the document must not depend on the caller's variables (nor start tracing)
      const { stdout } = await run(process.execPath, [main, 'openapi'], { cwd: root, env: { PATH: process.env.PATH }, maxBuffer: 64 * 1024 * 1024 });
      return { service: service.name, file: committedDocumentFile(root, service.name), json: stdout };
    }),
  );
}
