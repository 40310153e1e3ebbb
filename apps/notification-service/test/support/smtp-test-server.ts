import { type AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process (the `smtp-server` package), keeping every message it receives parsed
 * (`mailparser`). `stop()` and `start()` again on the same port play an SMTP outage and its end.
 */
export class SmtpTestServer {
  readonly messages: ParsedMail[] = [];
  private server: SMTPServer | null = null;
  private port = 0;

  static async start(): Promise<SmtpTestServer> {
    const smtp = new SmtpTestServer();
    await smtp.start();
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The messages received for `address`, oldest first. */
  to(address: string): ParsedMail[] {
    return this.messages.filter((message) => [message.to].flat().some((to) => to?.value.some((a) => a.address === address)));
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (message) => {
            this.messages.push(message);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
