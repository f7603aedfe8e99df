// PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate is not Unicode at all (jsonb refuses it and
// validator.js throws on it): neither can be stored, so neither is accepted.
// eslint-disable-next-line no-control-regex -- NUL is one of the characters refused here
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or lone surrogates';

/** Whether `text` can be stored as PostgreSQL text (no NUL, no lone surrogate). */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}
