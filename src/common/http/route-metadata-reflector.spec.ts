import { jest } from '@jest/globals';
import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RouteMetadataReflector } from './route-metadata-reflector.js';

const ACCESS = 'test:access';

class BaseController {
  @SetMetadata(ACCESS, 'from the handler')
  tagged(): void {}

  untagged(): void {}
}

@SetMetadata(ACCESS, 'from class A')
class ControllerA extends BaseController {}

@SetMetadata(ACCESS, 'from class B')
class ControllerB extends BaseController {}

class ControllerC extends BaseController {}

describe('RouteMetadataReflector', () => {
  afterEach(() => jest.restoreAllMocks());

  it("answers as Reflector does: the handler's value first, then its own class's, for a handler two classes share", () => {
    const cached = new RouteMetadataReflector();
    const { tagged, untagged } = BaseController.prototype;
    const routes = [
      [tagged, ControllerA],
      [untagged, ControllerA],
      [untagged, ControllerB],
      [untagged, ControllerC],
      [untagged, ControllerA],
    ] as const;

    const answers = routes.map((route) => cached.getAllAndOverride<string | undefined>(ACCESS, [...route]));

    expect(answers).toEqual(['from the handler', 'from class A', 'from class B', undefined, 'from class A']);
    expect(answers).toEqual(routes.map((route) => new Reflector().getAllAndOverride(ACCESS, [...route])));
  });

  it('reads each key of each route from the decorators once', () => {
    const reads = jest.spyOn(Reflector.prototype, 'getAllAndOverride');
    const cached = new RouteMetadataReflector();
    const route = [BaseController.prototype.untagged, ControllerC];

    for (let request = 0; request < 3; request++) {
      cached.getAllAndOverride(ACCESS, route);
      cached.getAllAndOverride('test:other', route);
    }

    expect(reads).toHaveBeenCalledTimes(2);
    expect(cached.getAllAndOverride(ACCESS, [BaseController.prototype.untagged, ControllerA])).toBe(
      'from class A',
    );
    expect(reads).toHaveBeenCalledTimes(3);
  });
});
