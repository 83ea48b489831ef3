/** Jest: ts-jest without type-checking (tsc --noEmit in `npm run lint` does that), snapshots in __snapshots__/. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": "ts-jest",
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  snapshotResolver: "<rootDir>/test/snapshot-resolver.js",
  testTimeout: 30000,
};
