/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, __dirname */
/**
 * Runs the TypeScript sources in a child process the way ts-jest runs them in tests: each file
 * transpiled on its own (no type check), `@huquq/<lib>` mapped to libs/<lib>/src. A test that
 * needs the worker as a process of its own starts it from the sources, so it neither waits for
 * nor overwrites `npm run build`'s dist/.
 */
require('reflect-metadata');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const compilerOptions = {
  ...ts.convertCompilerOptionsFromJson(config.compilerOptions, root).options,
  module: ts.ModuleKind.CommonJS,
  sourceMap: false,
  inlineSourceMap: true,
  incremental: false,
  declaration: false,
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@huquq\/([a-z-]+)(\/.*)?$/.exec(request);
  const mapped = alias ? path.join(root, 'libs', alias[1], 'src', alias[2] ?? '') : request;
  return resolve.call(this, mapped, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
