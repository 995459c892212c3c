import { Actor, DomainEvent, Role } from '@huquq/shared-kernel';

interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
}

/** An account as its table holds it, read under lock by the command (docs/decisions/0032). */
export interface Account {
  userId: string;
  role: Role;
  status: 'active' | 'disabled';
  displayName: string | null;
}

export interface AccountChange {
  displayName?: string | null;
  role?: Role;
  status?: 'active' | 'disabled';
}

export type UserCommand =
  | Command<'CreateUser', { actor: Actor | null; account: Account }>
  | Command<'UpdateUser', { actor: Actor | null; account: Account; change: AccountChange }>
  | Command<'IssuePasswordReset', { actor: Actor | null; account: Account }>
  | Command<'ChangePassword', { actor: Actor | null; account: Account; how: 'own' | 'reset' | 'admin' }>
  | Command<'RemoveSecondFactor', { actor: Actor | null; account: Account; enrolled: boolean }>;

/**
 * What happened to an account; who did it is the event's metadata. No name or email: the log
 * is kept forever, and staff are people too (the name is in the table, where it can change).
 */
export type UserEvent =
  | DomainEvent<'user-created', { role: Role }>
  | DomainEvent<'user-renamed', Record<string, never>>
  | DomainEvent<'user-role-changed', { from: Role; to: Role }>
  | DomainEvent<'user-disabled', Record<string, never>>
  | DomainEvent<'user-enabled', Record<string, never>>
  | DomainEvent<'user-password-reset-issued', Record<string, never>>
  | DomainEvent<'user-password-changed', { how: 'own' | 'reset' | 'admin' }>
  | DomainEvent<'user-second-factor-removed', Record<string, never>>;

/** The events that end the account's sessions at once. */
export const ENDS_SESSIONS: ReadonlySet<string> = new Set([
  'user-role-changed',
  'user-disabled',
  'user-password-changed',
  'user-second-factor-removed',
]);
