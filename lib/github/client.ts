// The GitHub REST client type everything takes: Octokit's core with the pagination plugin. We call
// routes by name (`octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', ...)`, typed by
// @octokit/types) instead of @octokit/rest's generated methods, which would add ~80 KB to each bundle.
import type { Octokit } from '@octokit/core';
import type { PaginateInterface } from '@octokit/plugin-paginate-rest';

export type GitHubClient = Octokit & { paginate: PaginateInterface };
