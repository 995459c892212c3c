export { IntegrityChecker, verifyIntegrityCommand } from './integrity-checker';
export type {
  IntegrityAnchor,
  StoreIntegrity,
  StreamIntegrity,
  VerifyAllOptions,
  VerifyStreamOptions,
} from './integrity-checker';
