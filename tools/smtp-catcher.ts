import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An e-mail the catcher received. */
export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string | null;
  /** The `method` of the `text/calendar` part (`REQUEST`, `CANCEL`), or null without one. */
  calendarMethod: string | null;
  /** The iCalendar text of the invite, or null. */
  ics: string | null;
  raw: string;
}

/**
 * A local SMTP server (the `smtp-server` package) that keeps what it receives: the demo's mailbox
 * and the tests' real SMTP peer. It can be stopped and started again on the same port (an outage),
 * and told to refuse recipients with a permanent 550.
 */
export class SmtpCatcher {
  readonly mails: CaughtMail[] = [];
  /** When set, every recipient is refused with this 5xx reply. */
  refuseWith: { code: number; message: string } | null = null;
  private server: SMTPServer | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (!this.refuseWith) return callback();
        const error = Object.assign(new Error(this.refuseWith.message), { responseCode: this.refuseWith.code });
        callback(error);
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              const method = /text\/calendar;[^\r\n]*method=([A-Z]+)/i.exec(raw)?.[1] ?? null;
              const calendar = parsed.attachments.find((part) => part.contentType === 'text/calendar');
              const to = [parsed.to ?? []]
                .flat()
                .flatMap((entry) => entry.value.map((address) => address.address ?? ''));
              this.mails.push({
                to,
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                messageId: parsed.messageId ?? null,
                calendarMethod: method ? method.toUpperCase() : null,
                ics: calendar ? calendar.content.toString('utf8') : null,
                raw,
              });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening; senders get connection refused until {@link start} again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The mails sent to `address`. */
  to(address: string): CaughtMail[] {
    return this.mails.filter((mail) => mail.to.includes(address));
  }
}
