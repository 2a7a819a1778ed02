export interface GitHubRepoRef {
  owner: string;
  repo: string;
}

export function repoRef(fullName: string): GitHubRepoRef {
  const [owner, repo, ...rest] = fullName.split('/');
  if (!owner || !repo || rest.length) throw new Error(`a repository is named owner/name, got "${fullName}"`);
  return { owner, repo };
}

export function fullName(ref: GitHubRepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}
