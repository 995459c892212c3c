import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every test process (and every service a test spawns) reads development secrets from one
// directory of the test run's machine, never a developer's own (~/.local/share/huquq/…) and
// never one directory per throwaway database. A test that means another sets its own.
process.env.HUQUQ_SECRETS_DIR ??= join(tmpdir(), 'huquq-test-secrets');
