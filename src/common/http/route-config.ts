import { RouteConfig } from '@nestjs/platform-fastify';

// @RouteConfig's metadata key (not exported by @nestjs/platform-fastify's entry point).
const ROUTE_CONFIG_METADATA = '__fastify_route_config__';

/**
 * `@RouteConfig(entries)` merged with what other decorators already put in the route's Fastify config
 * (`request.routeOptions.config`), where `@RouteConfig` alone would replace it.
 */
export function MergeRouteConfig(entries: Record<string, unknown>): MethodDecorator {
  return (target, key, descriptor) => {
    const existing = Reflect.getMetadata(ROUTE_CONFIG_METADATA, descriptor.value as object) as
      Record<string, unknown> | undefined;
    return RouteConfig({ ...existing, ...entries })(target, key, descriptor);
  };
}
