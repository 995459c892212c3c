export { IntegrityChecker, verifyIntegrityCommand } from './integrity-checker';
