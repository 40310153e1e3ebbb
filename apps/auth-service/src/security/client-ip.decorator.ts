import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * The caller's address, which the per-IP limits count: `request.clientIp` (platform-http), the X-Real-IP of the gateway
 * hop when the peer is in TRUSTED_PROXIES, else the peer. Never an address the client wrote.
 */
export const ClientIp = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<{ clientIp: string }>().clientIp);
