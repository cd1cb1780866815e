// Authorization in one place: what each role may do. Pages, actions and endpoints call
// `requirePermission` inside their handler; nothing authorizes by looking at the URL.
import type { Role } from '../db/schema.ts';
import type { SessionUser } from './session.ts';

export const roles: readonly Role[] = ['member', 'writer', 'moderator', 'admin'];

export type Permission = 'account' | 'analytics' | 'writing' | 'moderation' | 'admin';

const grants: Record<Permission, readonly Role[]> = {
  account: roles,
  analytics: ['writer', 'admin'],
  /** The writers' area: content status and the writers' guide. */
  writing: ['writer', 'admin'],
  moderation: ['moderator', 'admin'],
  admin: ['admin'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function can(user: SessionUser | null | undefined, permission: Permission): user is SessionUser {
  return Boolean(user && grants[permission].includes(user.role));
}

export class AuthorizationError extends Error {
  /** 401: nobody is signed in; 403: signed in, but not allowed. */
  readonly status: 401 | 403;
  constructor(status: 401 | 403) {
    super(status === 401 ? 'Sign-in required' : 'Forbidden');
    this.status = status;
  }
}

export function requirePermission(user: SessionUser | null | undefined, permission: Permission): SessionUser {
  if (!user) throw new AuthorizationError(401);
  if (!can(user, permission)) throw new AuthorizationError(403);
  return user;
}

/** Staff act on members' accounts (trust level, sanctions), never on their own or another staff member's. */
export function mayModerate(moderator: SessionUser, target: { id: number; role: Role }): boolean {
  return target.id !== moderator.id && !grants.moderation.includes(target.role);
}
