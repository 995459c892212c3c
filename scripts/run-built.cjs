#!/usr/bin/env node
/**
 * Builds only when the build is older than the code, then (with an entry) runs the built entry
 * in this same process: `node scripts/run-built.cjs dist/apps/cli/src/main.js <args>`.
 *
 * The build is current when dist/.build-stamp is newer than every source file, folder (a file
 * added or deleted changes its folder) and build setting. The stamp's time is the build's START,
 * so a file saved while the build ran still makes the next run build again.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const SOURCES = ['apps', 'libs'];
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'nest-cli.json'];

function newestIn(dir) {
  let newest = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestIn(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function newestSource() {
  const times = SOURCES.map((dir) => newestIn(path.join(ROOT, dir)));
  for (const file of SETTINGS) {
    const full = path.join(ROOT, file);
    if (fs.existsSync(full)) times.push(fs.statSync(full).mtimeMs);
  }
  return Math.max(...times);
}

function buildIfStale() {
  const stamp = fs.existsSync(STAMP) ? fs.statSync(STAMP).mtimeMs : -1;
  if (stamp >= newestSource()) return;
  const startedAt = new Date();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, '');
  fs.utimesSync(STAMP, startedAt, startedAt);
}

buildIfStale();
const [entry] = process.argv.splice(2, 1);
if (entry) {
  // The entry sees the arguments as if it had been started itself: argv[1] is its own path.
  process.argv[1] = path.resolve(ROOT, entry);
  require(process.argv[1]);
}
