module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // The Playwright suite runs in Node, not in the browser: it starts
      // production bundles and reads files (productionStartup.test.ts).
      files: ['e2e-tests/**'],
      rules: { 'no-restricted-imports': 'off' },
    },
  ],
});
