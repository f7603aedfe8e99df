import { type LoggerService } from '@nestjs/common';
import { type DestinationStream, pino, type Logger as PinoInstance } from 'pino';
import { activeTraceFields } from '../tracing/spans.js';
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

/** JSON lines on stdout, or on `destination` (tests read what was logged). */
export function createRootLogger(level: string, destination?: DestinationStream): PinoInstance {
  const options = {
    level,
    base: { service: 'hearth' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // With tracing on, every record written inside a span (the access log line included) names its trace.
    ...(tracingStarted() && { mixin: activeTraceFields }),
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Routes Nest's own logging (and `new Logger(ctx)` in our code) into the same structured pino stream. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: PinoInstance) {}

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    params: unknown[],
  ): void {
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
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
