import { CommonError } from '../common/errors/common.errors.js';
import { MESSAGE_MAX_LENGTH, parseChatMessage, parseTopicMessage, TOPIC_MAX_LENGTH } from './messages.js';

/** The `details` of the validation_failed error `parse` throws for `payload`. */
function refusal(parse: (payload: unknown) => unknown, payload: unknown): unknown {
  try {
    parse(payload);
  } catch (error) {
    expect(error).toBeInstanceOf(CommonError);
    expect((error as CommonError).code).toBe('validation_failed');
    return (error as CommonError).details;
  }
  throw new Error(`accepted ${JSON.stringify(payload)}`);
}

describe('socket messages', () => {
  it('accepts a topic message and a chat message at their limits, as sent', () => {
    const topic = 'room:' + 'x'.repeat(TOPIC_MAX_LENGTH - 'room:'.length);
    expect(parseTopicMessage({ topic })).toEqual({ topic });
    const body = ' x' + 'y'.repeat(MESSAGE_MAX_LENGTH - 2);
    expect(parseChatMessage({ topic: 'room:lobby', body })).toEqual({ topic: 'room:lobby', body });
  });

  it('refuses what is not a JSON object', () => {
    for (const payload of [undefined, null, 'room:lobby', 42, ['room:lobby']]) {
      expect(refusal(parseTopicMessage, payload)).toEqual([
        { field: 'body', message: 'must be a JSON object' },
      ]);
    }
  });

  it('lists every bad field: unknown ones, missing, null and wrong types', () => {
    expect(refusal(parseChatMessage, { topic: null, body: 42, extra: 1 })).toEqual([
      { field: 'extra', message: 'property extra should not exist' },
      { field: 'topic', message: 'topic must not be null' },
      { field: 'body', message: 'body must be a string' },
    ]);
    expect(refusal(parseTopicMessage, {})).toEqual([{ field: 'topic', message: 'topic must be a string' }]);
    expect(
      refusal(parseTopicMessage, JSON.parse('{"topic":"room:a","__proto__":{"polluted":true}}')),
    ).toEqual([{ field: '__proto__', message: 'property __proto__ should not exist' }]);
  });

  it('refuses over-long, blank and unstorable text', () => {
    expect(refusal(parseTopicMessage, { topic: 'r'.repeat(TOPIC_MAX_LENGTH + 1) })).toEqual([
      { field: 'topic', message: `topic must be shorter than or equal to ${TOPIC_MAX_LENGTH} characters` },
    ]);
    for (const body of ['', ' \n\t ']) {
      expect(refusal(parseChatMessage, { topic: 'room:a', body })).toEqual([
        { field: 'body', message: 'body must not be blank' },
      ]);
    }
    expect(refusal(parseChatMessage, { topic: 'room:a', body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) })).toEqual([
      { field: 'body', message: `body must be shorter than or equal to ${MESSAGE_MAX_LENGTH} characters` },
    ]);
    for (const body of ['NUL \u0000 inside', 'lone \ud800 surrogate']) {
      expect(refusal(parseChatMessage, { topic: 'room:a', body })).toEqual([
        { field: 'body', message: 'must not contain NUL characters or lone surrogates' },
      ]);
    }
  });
});
