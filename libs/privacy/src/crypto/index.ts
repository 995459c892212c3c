export * as aesGcm from './aes-gcm';
export { DecryptionFailed, isSealed } from './aes-gcm';
export { EnvelopeProtector, type SealedField } from './envelope-protector';
export { SubjectErased, SubjectKeyMismatch, UnknownMasterKey } from './errors';
export { keyStoreFromConfig, type MasterKeyConfig } from './from-config';
export { SubjectKeyStore, type SubjectKeyStoreOptions } from './key-store';
export { InvalidMasterKey, MasterKey } from './master-key';
export { rotateMasterKey } from './rotate-master-key';
