export { CommandHandler, WriteUnit } from './command-handler';
export type { ExecuteOptions } from './command-handler';
export { destroyRequestFingerprints } from './command-answers';
export type { StreamType } from './stream-type';
export type { Sealer } from './sealing';
export { isSealedValue, openFields, SEALED_PREFIX, sealPlainFields, withholdFields } from './sealing';
export type { AnyStreamType } from './stream-type';
