/**
 * ts-jest for the files the @nestjs/swagger plugin reads (request, response and controller
 * classes): compiled with a program, so the plugin (swagger-plugin-transformer.cjs) has its type
 * checker. Every other file stays compiled on its own (tsconfig.jest.json), as before.
 *
 * ts-jest keeps one compiler per Jest project in a static cache, whatever each transform entry
 * asks for: this one keeps its own, so the two setups live side by side. The document test
 * (test/deploy/openapi-document.e2e-spec.ts) fails if the plugin stops running here.
 */
const { TsJestTransformer } = require('ts-jest');

class TsJestWithSwaggerPlugin extends TsJestTransformer {
  _configsFor(transformOptions) {
    const shared = TsJestTransformer._cachedConfigSets;
    TsJestTransformer._cachedConfigSets = this.ownConfigSets ??= [];
    try {
      return super._configsFor(transformOptions);
    } finally {
      TsJestTransformer._cachedConfigSets = shared;
    }
  }
}

module.exports = { createTransformer: (options) => new TsJestWithSwaggerPlugin(options) };
