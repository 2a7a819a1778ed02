// The fake GitHub REST API for tests: a real HTTP server on localhost that the unmodified Octokit
// client talks to. See server.ts.
export { FakeGitHub, startFakeGitHub, DEFAULT_TOKEN, BOT_LOGIN, type FakeGitHubOptions, type FakeGitHubApp, type RecordedCall, type FaultSpec, type TokenIdentity } from './server';
export { buildTar, buildCommitTarball, filesFromDirectory, type TarEntrySpec } from './tarball';
export { githubOpenApi, validateSchema, responseSchema, type SchemaViolation } from './openapi';
export type { Role } from './state';
