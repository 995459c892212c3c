export { IntegrityChecker, verifyIntegrityCommand } from './integrity-checker';
export {
  AnchorRefused,
  openAnchor,
  publicKeyFingerprint,
  publicKeyFrom,
  publicKeyPem,
  takeAnchor,
} from './anchor';
export { pruneAnchors, writeAnchorFile, writeAnchorInto } from './anchor-files';
