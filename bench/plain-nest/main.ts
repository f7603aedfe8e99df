import 'reflect-metadata';
import { Controller, Get, Module, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import { PostsV1Controller, PostsV2Controller } from './posts.controller.js';
import { PrismaService } from './prisma.service.js';

// The plain NestJS 12 + Fastify + Prisma app the posts-read scenario measures Hearth against: what a team would
// write itself from the Nest docs, serving the same JSON and nothing else (no guards, interceptors, helmet,
// compression, ETags, request ids or access logs). Built with swc like Hearth and started by bench/support/targets.ts
// with DATABASE_URL, DATABASE_POOL_SIZE, HOST and PORT. With PLAIN_NEST_HELMET_AND_LOGS=true it adds the two things
// the Nest docs add next, and nothing else: @fastify/helmet, and Fastify's own request logs (`logger: true`).

@Controller('health')
class HealthController {
  @Get()
  live() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [HealthController, PostsV1Controller, PostsV2Controller], providers: [PrismaService] })
class AppModule {}

async function bootstrap(): Promise<void> {
  const helmetAndLogs = process.env.PLAIN_NEST_HELMET_AND_LOGS === 'true';
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ logger: helmetAndLogs }),
  );
  if (helmetAndLogs) await app.register(helmet);
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.enableVersioning({ type: VersioningType.URI });
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
}

void bootstrap();
