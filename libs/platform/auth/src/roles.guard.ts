import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthenticatedUser, type Role } from './access-token-claims';
import { REQUIRED_ROLES } from './auth.decorators';
import { ForbiddenException } from './auth.exceptions';

/** `@Roles(...)`: the authenticated caller must hold one of them (runs after AccessTokenGuard). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!required || required.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user || !required.some((role) => user.roles.includes(role))) throw new ForbiddenException(`this needs the role ${required.join(' or ')}`);
    return true;
  }
}
