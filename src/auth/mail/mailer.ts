/** One outgoing email. `text` and `link` carry secrets (reset links): adapters never log them. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The one link in the message (also inside `text`). */
  link?: string;
}

/** Port for sending email; chosen from config in AuthModule (SMTP when SMTP_HOST is set, else LogMailer). */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}
