/** One outgoing email. `text` may contain secrets (reset links): adapters must never log it in production. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The one link in the message that a developer needs when mail is only logged. */
  link?: string;
}

/** Port for sending email; chosen from config in AuthModule (SMTP when SMTP_HOST is set, else the log). */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}
