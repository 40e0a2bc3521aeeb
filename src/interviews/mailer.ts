import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';

/** An e-mail with a calendar invite. */
export interface InviteMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The iCalendar text, sent as `text/calendar; method=<method>`. */
  ics: string;
  method: 'REQUEST' | 'CANCEL';
}

/** Milliseconds allowed to connect, greet and each socket wait: well within the dispatcher's lease. */
export const SMTP_TIMEOUT_MS = 20_000;

/** Why a send failed, without addresses or bodies: `last_error` and the SMTP reply code. */
export interface SendFailure {
  message: string;
  smtpCode: number | null;
}

/** Reads nodemailer's error: the SMTP reply (`550 5.1.1 ...`) when there is one, else the error message. */
export function describeSendError(error: unknown): SendFailure {
  const record = (error ?? {}) as { response?: unknown; responseCode?: unknown; message?: unknown; code?: unknown };
  const smtpCode = typeof record.responseCode === 'number' ? record.responseCode : null;
  const text =
    typeof record.response === 'string'
      ? record.response
      : typeof record.message === 'string'
        ? record.message
        : String(error);
  const code = typeof record.code === 'string' ? `${record.code}: ` : '';
  return { message: `${code}${text}`.slice(0, 1000), smtpCode };
}

/** Sends e-mail over SMTP_URL with nodemailer, from MAIL_FROM. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  /** @returns the Message-ID; throws nodemailer's error when the server refuses or cannot be reached */
  async send(message: InviteMessage): Promise<string | null> {
    const info = (await this.transporter().sendMail({
      from: this.config.mailFrom,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      icalEvent: { method: message.method, filename: 'invite.ics', content: message.ics },
    })) as { messageId?: string };
    return info.messageId ?? null;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private transporter(): Transporter {
    // Bounded waits, so a send always ends before its claim's lease does.
    this.transport ??= createTransport({
      url: this.config.SMTP_URL,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    return this.transport;
  }
}
