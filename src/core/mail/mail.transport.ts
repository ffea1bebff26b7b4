/**
 * Where e-mail goes: SMTP (nodemailer) when SMTP_URL is set, otherwise a log transport that
 * appends each message to <data dir>/mail.log (mode 0600) so a demo or a developer can read it.
 * Both keep the last messages in memory for tests.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Stable key of the template, for tests and metrics (never the content). */
  template: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'log';
  send(message: MailMessage): Promise<void>;
  /** Messages sent by this process, newest last (bounded). */
  readonly sent: MailMessage[];
}

const KEEP = 200;

export async function createMailTransport(options: { smtpUrl?: string | undefined; from: string; dataDir: string; log: Logger }): Promise<MailTransport> {
  const sent: MailMessage[] = [];
  const remember = (m: MailMessage) => {
    sent.push(m);
    if (sent.length > KEEP) sent.shift();
  };
  if (options.smtpUrl) {
    const { createTransport } = await import('nodemailer');
    const transporter = createTransport(options.smtpUrl);
    return {
      kind: 'smtp',
      sent,
      async send(message) {
        await transporter.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
        remember(message);
      },
    };
  }
  const file = path.join(options.dataDir, 'mail.log');
  return {
    kind: 'log',
    sent,
    async send(message) {
      appendFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...message }) + '\n', { mode: 0o600 });
      // The log line names the template only: the content (personal data) stays in the 0600 file.
      options.log.info({ template: message.template, file }, 'mail written to the log transport');
      remember(message);
    },
  };
}
