import { EventEmitter } from 'node:events';
import net from 'node:net';

// A minimal SMTP server (RFC 5321 without extensions) that keeps every message it receives, so the real
// nodemailer adapter can be tested end to end.

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  text: string;
}

export class FakeSmtpServer {
  readonly mails: ReceivedMail[] = [];
  private readonly events = new EventEmitter();
  private readonly server = net.createServer((socket) => this.session(socket));
  private readonly sockets = new Set<net.Socket>();
  private held: Promise<void> | null = null;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  env(): Record<string, string> {
    const { port } = this.server.address() as net.AddressInfo;
    return { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false' };
  }

  /**
   * A slow server: from now on, each message is kept (and `waitForMail` sees it) but its `250` reply to DATA is held
   * back until the returned function is called, so the client's send does not finish before then.
   */
  holdReplies(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = null;
      release();
    };
  }

  /** Resolves with the first mail (already received or arriving) that matches, or fails after `timeoutMs`. */
  waitForMail(matches: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const found = this.mails.find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onMail = (mail: ReceivedMail) => {
        if (!matches(mail)) return;
        clearTimeout(timer);
        this.events.off('mail', onMail);
        resolve(mail);
      };
      const timer = setTimeout(() => {
        this.events.off('mail', onMail);
        reject(new Error(`no matching mail within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on('mail', onMail);
    });
  }

  private session(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    let inData = false;
    let envelope = { from: '', to: [] as string[] };
    // Replies go out in order, after any reply held back by holdReplies.
    let replies = Promise.resolve();
    const reply = (line: string, after: Promise<void> | null = null) => {
      replies = replies.then(() => after).then(() => void socket.write(`${line}\r\n`));
    };
    reply('220 fake-smtp ready');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          const raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          this.receive(envelope, raw);
          envelope = { from: '', to: [] };
          reply('250 queued', this.held);
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline === -1) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        switch (verb) {
          case 'EHLO':
          case 'HELO':
            reply('250 fake-smtp');
            break;
          case 'MAIL':
            envelope.from = /<(.*)>/.exec(line)?.[1] ?? '';
            reply('250 ok');
            break;
          case 'RCPT':
            envelope.to.push(/<(.*)>/.exec(line)?.[1] ?? '');
            reply('250 ok');
            break;
          case 'DATA':
            inData = true;
            reply('354 end with <CRLF>.<CRLF>');
            break;
          case 'RSET':
          case 'NOOP':
            reply('250 ok');
            break;
          case 'QUIT':
            reply('221 bye');
            replies = replies.then(() => void socket.end());
            break;
          default:
            reply('502 not implemented');
        }
      }
    });
  }

  private receive(envelope: { from: string; to: string[] }, raw: string): void {
    const unstuffed = raw.replace(/^\.\./gm, '.');
    const split = unstuffed.indexOf('\r\n\r\n');
    const headerBlock = unstuffed.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
    const headers: Record<string, string> = {};
    for (const line of headerBlock.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    let text = unstuffed.slice(split + 4);
    const encoding = headers['content-transfer-encoding']?.toLowerCase();
    if (encoding === 'quoted-printable') {
      text = text
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    } else if (encoding === 'base64') {
      text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    const mail = { from: envelope.from, to: envelope.to, headers, text };
    this.mails.push(mail);
    this.events.emit('mail', mail);
  }
}
