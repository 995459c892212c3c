import { EventStore1732240000000 } from './1732240000000-event-store';
import { Identity1732240001000 } from './1732240001000-identity';
import { CaseViews1732240002000 } from './1732240002000-case-views';
import { SubjectKeys1732240004000 } from './1732240004000-subject-keys';
import { EventHashChain1732240005000 } from './1732240005000-event-hash-chain';
import { FollowUps1732240006000 } from './1732240006000-follow-ups';
import { RowLevelSecurity1732240009000 } from './1732240009000-row-level-security';
import { Reports1732240010000 } from './1732240010000-reports';
import { CommandAnswers1732240011000 } from './1732240011000-command-answers';
import { LogClock1732240012000 } from './1732240012000-log-clock';
import { AppRolePerInstallation1732240013000 } from './1732240013000-app-role-per-installation';
import { KeyringBinding1732240014000 } from './1732240014000-keyring-binding';
import { AnswerSubjects1732240015000 } from './1732240015000-answer-subjects';
import { Accounts1732240030000 } from './1732240030000-accounts';
import { LegalCalendar1732240040000 } from './1732240040000-legal-calendar';
import { ClientPairs1732240080000 } from './1732240080000-client-pairs';
import { Notifications1732240090000 } from './1732240090000-notifications';
import { ReadAudit1732240095000 } from './1732240095000-read-audit';
import { DocumentsById1732240110000 } from './1732240110000-documents-by-id';
import { BacklogDelayHistogram1732240150000 } from './1732240150000-backlog-delay-histogram';
import { DeferredIndexes1732240151000 } from './1732240151000-deferred-indexes';

/** Every migration, in order. Listed by hand: builds must not depend on file globs. */
export const migrations = [
  EventStore1732240000000,
  Identity1732240001000,
  CaseViews1732240002000,
  SubjectKeys1732240004000,
  EventHashChain1732240005000,
  FollowUps1732240006000,
  RowLevelSecurity1732240009000,
  Reports1732240010000,
  CommandAnswers1732240011000,
  LogClock1732240012000,
  AppRolePerInstallation1732240013000,
  KeyringBinding1732240014000,
  AnswerSubjects1732240015000,
  Accounts1732240030000,
  LegalCalendar1732240040000,
  ClientPairs1732240080000,
  Notifications1732240090000,
  ReadAudit1732240095000,
  DocumentsById1732240110000,
  BacklogDelayHistogram1732240150000,
  DeferredIndexes1732240151000,
];
