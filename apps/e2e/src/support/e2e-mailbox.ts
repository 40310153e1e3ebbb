import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { stackInfo } from './stack-info';

/** One e-mail the run's SMTP server received, as the specs read it. */
export interface E2eMail {
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly receivedAt: string;
}

/**
 * The run's SMTP server (`smtp-server`, in the global-setup process): every message it receives is parsed
 * (`mailparser`) and written to `<dir>/<receivedAt>-<uuid>.json`, where the specs (jest workers) read it.
 */
export class E2eMailbox {
  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static async start(dir: string): Promise<E2eMailbox> {
    mkdirSync(dir, { recursive: true });
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (parsed) => {
            const mail: E2eMail = {
              to: [parsed.to].flat().flatMap((to) => to?.value.map((a) => a.address ?? '') ?? []),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              receivedAt: new Date().toISOString(),
            };
            writeFileSync(path.join(dir, `${mail.receivedAt}-${randomUUID()}.json`), JSON.stringify(mail));
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new E2eMailbox(server, `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The e-mails the run's SMTP server received for `address`, oldest first. */
export function mailTo(address: string): E2eMail[] {
  const dir = stackInfo().mailDir;
  return readdirSync(dir)
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as E2eMail)
    .filter((mail) => mail.to.includes(address));
}
