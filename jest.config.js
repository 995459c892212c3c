/** Unit specs sit beside the code; integration and e2e tests live in test/. */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(libs|apps|test)/.*\\.(spec|e2e-spec|int-spec)\\.ts$',
  transform: {
    // The @nestjs/swagger plugin runs as in `nest build` (it reads only the files nest-cli.json
    // names), so an app in a test serves the built OpenAPI document (decision 0052). It needs the
    // type checker, so files are not compiled one by one (isolatedModules) any more: a cold cache
    // costs ~40 s more once, a warm one nothing (decision 0120). ts-jest keeps one setup per Jest
    // project, so the plugin's files cannot have a transform of their own.
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: 'tsconfig.json',
        // tsc checks types (npm run typecheck); here the program is only the plugin's to read.
        diagnostics: false,
        astTransformers: { before: ['<rootDir>/test/support/swagger-plugin-transformer.cjs'] },
      },
    ],
    // otplib's CommonJS build requires @scure/base and @noble/hashes, which ship ES modules only:
    // Node (20.19+) loads them natively, Jest's module system needs them compiled to CommonJS.
    '^.+/node_modules/@(scure|noble)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!.*@(scure|noble)/)'],
  moduleNameMapper: { '^@huquq/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
  testEnvironment: 'node',
  testTimeout: 60000,
  // Some library keeps a handle open after the last test (not yet found; see the closing note of
  // 2026-12-02): without this, CI would wait for ever after printing the totals.
  forceExit: true,
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/secrets-dir.ts'],
};
