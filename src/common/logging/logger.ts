import { type LoggerService } from '@nestjs/common';
import { type DestinationStream, pino, type Logger as PinoInstance } from 'pino';
import pretty from 'pino-pretty';
import { activeTraceFields } from '../tracing/spans.js';
import { stdoutLineDestination } from './stdout-lines.js';
import { tracingStarted } from '../tracing/tracing-switch.js';

// Secrets never reach the logs: these paths are censored wherever they appear in a log record.
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.refresh_token',
  '*.access_token',
  '*.key',
];

export type LogFormat = 'json' | 'pretty';

let stampedAt = 0;
let stamp = '';

/** pino's `isoTime`, formatted once per millisecond: under load, many lines share one (about 5 % of /health CPU). */
function isoTimeOncePerMillisecond(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}

/**
 * Human-readable lines for a person at a terminal in development; JSON lines everywhere else (production, pipes,
 * files, log collectors, tests reading the output). An explicit LOG_FORMAT wins outside production.
 */
export function chooseLogFormat(
  { isProduction, logFormat }: { isProduction: boolean; logFormat?: LogFormat },
  stdoutIsTerminal = Boolean(process.stdout.isTTY),
): LogFormat {
  if (isProduction) return 'json';
  return logFormat ?? (stdoutIsTerminal ? 'pretty' : 'json');
}

/**
 * One line per record: `context: message`, and a request as `GET /api/posts 200 3 ms`. Synchronous, so that the
 * last lines before process.exit are not lost; fields that do not fit the line still follow it.
 */
function prettyStream(): DestinationStream {
  return pretty({
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '{if context}{context}: {end}{msg}{if method} {method} {url} {status} {ms} ms{end}',
    ignore: 'pid,hostname,service,context,method,url,route,status,ms,req_id',
  });
}

/** JSON lines (or pretty ones) on stdout, or on `destination` (tests read what was logged). */
export function createRootLogger(
  level: string,
  destination?: DestinationStream,
  format: LogFormat = 'json',
): PinoInstance {
  const options = {
    level,
    base: { service: 'hearth' },
    timestamp: isoTimeOncePerMillisecond,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // With tracing on, every record written inside a span (the access log line included) names its trace.
    ...(tracingStarted() && { mixin: activeTraceFields }),
  };
  if (destination) return pino(options, destination);
  return pino(options, format === 'pretty' ? prettyStream() : stdoutLineDestination());
}

// Nest's start-up chatter (one line per module and per route, ~60 lines) is for whoever debugs the wiring.
const NEST_BOOTSTRAP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestApplication',
]);

/** Routes Nest's own logging (and `new Logger(ctx)` in our code) into the same structured pino stream. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: PinoInstance) {}

  private write(
    requested: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    params: unknown[],
  ): void {
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
    const level =
      requested === 'info' && context && NEST_BOOTSTRAP_CONTEXTS.has(context) ? 'debug' : requested;
    const child = context ? this.root.child({ context }) : this.root;
    if (typeof message === 'object' && message !== null) {
      const text = typeof params[0] === 'string' ? (params[0] as string) : undefined;
      child[level](message as object, text);
    } else {
      const stack = level === 'error' && typeof params[0] === 'string' ? { stack: params[0] } : undefined;
      if (stack) child[level](stack, String(message));
      else child[level](String(message));
    }
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
}
