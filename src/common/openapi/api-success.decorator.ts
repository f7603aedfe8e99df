import { applyDecorators, type Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { LINKS_EXTENSION, mergeOperationExtension } from './operation-extensions.js';

/**
 * An OpenAPI link from a created resource to another operation: `{ operation: 'PostsV1Controller_get',
 * parameters: { id: '$response.body#/id' } }`. The operation id is `<Controller>_<method>`.
 */
export interface ResourceLink {
  operation: string;
  parameters: Record<string, string>;
}

export const ApiOk = (type: Type<unknown>, description = 'OK') =>
  ApiResponse({ status: 200, type, description });

export const ApiAccepted = (type: Type<unknown>, description = 'Accepted') =>
  ApiResponse({ status: 202, type, description });

export const ApiNoContent = (description = 'Done; no body') => ApiResponse({ status: 204, description });

/**
 * 201 with the created resource, and links from it to what a client does next (get, update, delete it), so that a
 * stateful client or fuzzer can chain the calls.
 */
export function ApiCreated(
  type: Type<unknown>,
  links: Record<string, ResourceLink> = {},
  status: 200 | 201 | 202 = 201,
): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status, type, description: 'Created' }),
    mergeOperationExtension(LINKS_EXTENSION, () => ({ status, links })),
  );
}

/** A 302 to another site or page (browser navigations such as OAuth); no body. */
export const ApiRedirect = (description: string) =>
  ApiResponse({
    status: 302,
    description,
    headers: { Location: { description: 'Where the browser goes next.', schema: { type: 'string' } } },
  });
