/** Who may act, and as whom. */
export const ROLES = ['intake', 'lawyer', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is acting: every command carries it, every event records it. */
export interface Actor {
  userId: string;
  orgId: string;
  role: Role;
}
