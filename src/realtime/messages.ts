import { invalidFields } from '../common/errors/common.errors.js';
import type { FieldError } from '../common/errors/domain-error.js';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../common/validation/storable-text.js';

// What clients send over the socket, checked by hand rather than by the HTTP ValidationPipe: class-transformer and
// class-validator cost about 65 µs for a `{"topic"}` (8 % of the CPU of connecting and joining, bench/socket-heap.ts),
// and every socket sends at least one. The rules and the error are the HTTP API's: unknown fields, nulls, wrong
// types and text that cannot be stored are refused with `validation_failed`, every bad field listed.

export const TOPIC_MAX_LENGTH = 80;
export const MESSAGE_MAX_LENGTH = 4_000;

/** `join`, `leave` and `typing`. */
export interface TopicMessage {
  topic: string;
}

/** `new_message`. */
export interface ChatMessage extends TopicMessage {
  body: string;
}

type FieldRule = (value: string, field: string) => string | undefined;

const maxLength =
  (limit: number): FieldRule =>
  (value, field) =>
    value.length > limit ? `${field} must be shorter than or equal to ${limit} characters` : undefined;

const notBlank: FieldRule = (value, field) => (/\S/.test(value) ? undefined : `${field} must not be blank`);

const TOPIC_FIELDS: Readonly<Record<string, readonly FieldRule[]>> = { topic: [maxLength(TOPIC_MAX_LENGTH)] };
const CHAT_FIELDS: Readonly<Record<string, readonly FieldRule[]>> = {
  ...TOPIC_FIELDS,
  body: [notBlank, maxLength(MESSAGE_MAX_LENGTH)],
};

function fieldErrors(field: string, value: unknown, rules: readonly FieldRule[]): FieldError[] {
  if (value === null) return [{ field, message: `${field} must not be null` }];
  if (typeof value !== 'string') return [{ field, message: `${field} must be a string` }];
  if (!isStorableText(value)) return [{ field, message: UNSTORABLE_TEXT_MESSAGE }];
  return rules.flatMap((rule) => {
    const message = rule(value, field);
    return message ? [{ field, message }] : [];
  });
}

/** `payload` as a message of string fields, or a `validation_failed` error listing every bad field. */
function parseMessage<T>(payload: unknown, fields: Readonly<Record<string, readonly FieldRule[]>>): T {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw invalidFields([{ field: 'body', message: 'must be a JSON object' }]);
  }
  const message = payload as Record<string, unknown>;
  const errors = [
    ...Object.keys(message)
      .filter((key) => !Object.hasOwn(fields, key))
      .map((key) => ({ field: key, message: `property ${key} should not exist` })),
    ...Object.entries(fields).flatMap(([field, rules]) => fieldErrors(field, message[field], rules)),
  ];
  if (errors.length > 0) throw invalidFields(errors);
  return message as T;
}

export function parseTopicMessage(payload: unknown): TopicMessage {
  return parseMessage<TopicMessage>(payload, TOPIC_FIELDS);
}

export function parseChatMessage(payload: unknown): ChatMessage {
  return parseMessage<ChatMessage>(payload, CHAT_FIELDS);
}
