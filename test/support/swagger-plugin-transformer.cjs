/**
 * The @nestjs/swagger compiler plugin as a ts-jest AST transformer, with the options `nest build`
 * uses (nest-cli.json), so an app started in a test builds the same OpenAPI document as the built
 * one. The plugin reads only the files nest-cli.json names (request, response, controller), and
 * needs the type checker (so ts-jest compiles with a program, not file by file).
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const plugin = require('@nestjs/swagger/plugin');

const nestCli = JSON.parse(readFileSync(join(__dirname, '../../nest-cli.json'), 'utf8'));
const options = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

module.exports.name = 'nestjs-swagger-plugin';
// ts-jest keys its cache on this: raise it when the options' meaning changes.
module.exports.version = `1-${JSON.stringify(options)}`;
module.exports.factory = (compiler) => plugin.before(options, compiler.program);
