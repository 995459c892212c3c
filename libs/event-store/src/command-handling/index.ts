export { CommandHandler, WriteUnit } from './command-handler';
export type { Decided, DecideOptions, ExecuteOptions, Idempotency, Loaded } from './command-handler';
export type { StreamType } from './stream-type';
export { streamIdOf } from './stream-type';
export type { Sealer, SealingSubject } from './sealing';
export { openFields, sealedFieldsOf, sealFields } from './sealing';
export { requestFingerprint } from './request-fingerprint';
