/** Jest: TypeScript through esbuild without type-checking (tsc --noEmit in `npm run lint` does that), snapshots in __snapshots__/. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": "<rootDir>/test/esbuild-transform.js",
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  snapshotResolver: "<rootDir>/test/snapshot-resolver.js",
  testTimeout: 30000,
  // Two workers on the 2-core machine: the real-dockerd suites mostly wait on dockerd and sleeps, so two at once
  // roughly halve the wall time.
  maxWorkers: 2,
};
