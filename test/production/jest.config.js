// `npm run test:production` only: the cluster suite needs the provisioned Temporal Server and
// PostgreSQL, so the default run (jest.config.js) leaves this folder out.
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/production'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
};
