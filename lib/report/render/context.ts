/**
 * What the renderers are told besides the value they render: where the repository lives (for
 * links) and what to say at the top. Links are built here only, with every segment encoded.
 */
import type { Diagnostic } from '../../model/diagnostics';
import type { PolicyChange } from '../../model/policy-changes';

export type { Diagnostic };

export interface MarkdownContext {
  /** `owner/name`. */
  repo: string;
  /** The commit the plan (apply, drift check) is for. */
  sha?: string;
  /** Default `https://github.com`. */
  serverUrl?: string;
  /** Heading; default per renderer (`meshops plan`, `meshops apply`, `meshops drift`). */
  title?: string;
  /** Shown at the top, loud: e.g. "what ran differs from the last plan posted on this PR". Plain text. */
  note?: string;
}

export interface PlanMarkdownContext extends MarkdownContext {
  sha: string;
  /** Validation diagnostics of the repo at `sha`. With an error among them there is no plan. */
  diagnostics?: readonly Diagnostic[];
  /** Settings the pull request changes so that a merge can do more (shown above the plan). */
  policyChanges?: readonly PolicyChange[];
}

export interface TextOptions {
  color: boolean;
}

export interface PlanTextOptions extends TextOptions {
  diagnostics?: readonly Diagnostic[];
}

export interface Links {
  commit(sha: string): string;
  /** A file at the context's commit, at a line. */
  blob(file: string, line?: number): string | undefined;
}

const segments = (path: string) => path.split('/').filter((s) => s !== '' && s !== '.' && s !== '..').map(encodeURIComponent).join('/');

export function linksFor(context: MarkdownContext): Links {
  const server = (context.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
  const repo = segments(context.repo);
  return {
    commit: (sha) => `${server}/${repo}/commit/${encodeURIComponent(sha)}`,
    blob: (file, line) => (context.sha ? `${server}/${repo}/blob/${encodeURIComponent(context.sha)}/${segments(file)}${line ? `#L${line}` : ''}` : undefined),
  };
}

/** A link whose URL cannot break out of the Markdown link syntax (parentheses and spaces encoded). */
export function markdownLink(text: string, url: string): string {
  return `[${text}](${url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}
