import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Mailer, type MailMessage } from './mailer.js';

/**
 * Development stand-in when no SMTP server is configured: logs who would get which email and, outside
 * production only, the link it carries (so a developer can follow a reset link). Nothing else is logged.
 */
@Injectable()
export class LogMailer extends Mailer {
  private readonly logger = new Logger('Mail');
  private readonly showLinks: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.showLinks = !config.isProduction;
  }

  async send(message: MailMessage): Promise<void> {
    if (this.showLinks) {
      this.logger.log(
        `email "${message.subject}" to ${message.to} (not sent: SMTP is not configured): ${message.link ?? ''}`,
      );
    } else {
      this.logger.warn(`email "${message.subject}" was not sent: SMTP is not configured`);
    }
  }
}
