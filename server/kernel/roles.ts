/** The roles of DOMAIN.md ("Who uses it"); every grant of a role is scoped to an org unit. */
export const ROLES = ['cadre', 'staff', 'approver', 'discipline', 'department', 'groupAdmin', 'tutor', 'villager'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call an action:
 * - `public`: anyone, even a WeChat user not yet bound to a person (ping, binding);
 * - `bound`: any bound person, whatever their role;
 * - `timer`: only the platform's timer trigger (no OPENID);
 * - a list of roles: a bound person holding at least one of them.
 */
export type Access = 'public' | 'bound' | 'timer' | readonly Role[];
