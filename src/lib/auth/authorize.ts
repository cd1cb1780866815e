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

/** Whether the role carries the permission, before two-factor sign-in is considered. */
export function roleGrants(role: Role, permission: Permission): boolean {
  return grants[permission].includes(role);
}

/**
 * Staff who must still set up two-factor sign-in (the admin setting, see session.ts) keep only
 * what every member has until they do, in every page, action and endpoint alike.
 */
export function can(user: SessionUser | null | undefined, permission: Permission): user is SessionUser {
  if (!user || !roleGrants(user.role, permission)) return false;
  return permission === 'account' || !user.twoFactorSetupRequired;
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
