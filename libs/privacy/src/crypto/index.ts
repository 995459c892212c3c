export * as aesGcm from './aes-gcm';
export { DecryptionFailed } from './aes-gcm';
export { EnvelopeProtector, type SealedField } from './envelope-protector';
export { SubjectErased, SubjectKeyMismatch, UnknownMasterKey } from './errors';
export { checkedKeyStoreFromConfig, keyStoreFromConfig } from './from-config';
export { SubjectKeyStore } from './key-store';
export { InvalidMasterKey, MasterKey } from './master-key';
export { rotateMasterKey } from './rotate-master-key';
export { KeyErasureListener } from './key-erasure-listener';
