import type { SchemaObject } from '@nestjs/swagger';

export const ERROR_RESPONSE_SCHEMA = 'ErrorResponse';

/** `{"error":{"code","message","details"}}`: the one shape of every error answer (common/errors). */
export const errorResponseSchema: SchemaObject = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', example: 'validation_failed' },
        message: { type: 'string', minLength: 1, example: 'The request has invalid fields.' },
        details: {
          description:
            'More about the error: for validation_failed, `[{"field","message"}]`; otherwise an object or absent.',
        },
      },
    },
  },
};

/** The error schema narrowed to the codes one response can carry. */
export function errorSchemaWithCodes(codes: string[]): SchemaObject {
  return {
    allOf: [
      { $ref: `#/components/schemas/${ERROR_RESPONSE_SCHEMA}` },
      {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { type: 'string', enum: codes } } } },
      },
    ],
  };
}
