import type { StreamType } from '@huquq/event-store';
import type { UserCommand, UserEvent } from '../domain/user-account';
import { userDecider, userNotFound } from '../domain/user.decider';

/** `user-<id>`: an account's administrative history. Nothing personal in it: nothing sealed. */
export const userStream: StreamType<UserCommand, UserEvent, null> = {
  name: 'user',
  decider: userDecider,
  notFound: userNotFound,
};
