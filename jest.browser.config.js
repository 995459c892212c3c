/** The dashboard in headless Chromium (npm run test:e2e-browser); kept out of `npm test`. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testRegex: 'test/browser/.*\\.browser-spec\\.ts$',
  testTimeout: 120000,
};
