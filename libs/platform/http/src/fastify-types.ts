import { type FastifyAdapter } from '@nestjs/platform-fastify';

// The Fastify types as Nest's adapter exposes them (fastify itself is not a direct dependency of the workspace).
/* eslint-disable @typescript-eslint/no-explicit-any */
export type FastifyInstance = FastifyAdapter extends FastifyAdapter<any, any, any, any, any, infer I> ? I : never;
/* eslint-enable @typescript-eslint/no-explicit-any */
