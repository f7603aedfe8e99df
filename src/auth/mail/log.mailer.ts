import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Mailer, type MailMessage } from './mailer.js';

/**
 * Stand-in when no SMTP server is configured. Nothing secret reaches the log: it says that an email was not
 * sent, and in development (`npm start` on a laptop) writes the whole message to a file in the mail outbox
 * (MAIL_OUTBOX_DIR), whose name it logs, so a developer can follow a reset or confirmation link.
 */
@Injectable()
export class LogMailer extends Mailer {
  private readonly logger = new Logger('Mail');
  private readonly outbox?: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.outbox = config.env === 'development' ? config.auth.mail.outboxDir : undefined;
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.outbox) {
      this.logger.warn(`email "${message.subject}" was not sent: SMTP is not configured`);
      return;
    }
    const file = path.join(
      this.outbox,
      `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.txt`,
    );
    await mkdir(this.outbox, { recursive: true });
    await writeFile(file, `To: ${message.to}\nSubject: ${message.subject}\n\n${message.text}\n`, {
      mode: 0o600,
    });
    this.logger.log(`email "${message.subject}" not sent (SMTP is not configured); written to ${file}`);
  }
}
