import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The caller's IP: Fastify's request.ip, which believes X-Forwarded-For only from TRUSTED_PROXIES (the gateway). */
export const ClientIp = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<{ ip: string }>().ip);
