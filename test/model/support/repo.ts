import { loadDesiredState, parseYamlFile, validateDocument, type Diagnostic, type LoadResult, type RepoSnapshot } from '../../../lib/model';

const encoder = new TextEncoder();

/** A snapshot from `{ path: content }`; `meshops.yaml` defaults to a minimal valid one. */
export function snapshot(files: Record<string, string | Uint8Array>, options: { settings?: string | null } = {}): RepoSnapshot {
  const all: Record<string, string | Uint8Array> = {};
  if (options.settings !== null) all['meshops.yaml'] = options.settings ?? 'version: 1\nregion: us-east-1\nowner: acme/mesh-config\n';
  Object.assign(all, files);
  return { repo: 'test', files: Object.entries(all).map(([path, content]) => ({ path, content: typeof content === 'string' ? encoder.encode(content) : content })) };
}

export function load(files: Record<string, string | Uint8Array>, options: { settings?: string | null } = {}): LoadResult {
  return loadDesiredState(snapshot(files, options));
}

/** Diagnostics of one file's documents, validated one by one (no cross-references). */
export function validateFile(text: string, file = 'mesh/doc.yaml'): Diagnostic[] {
  const parsed = parseYamlFile(file, text);
  return [...parsed.diagnostics, ...parsed.documents.filter((d) => !d.hasErrors).flatMap((d) => validateDocument(d).diagnostics)];
}

/** `code@line:column path` for compact assertions. */
export function brief(d: Diagnostic): string {
  return `${d.code}@${d.line ?? '-'}:${d.column ?? '-'}${d.path ? ` ${d.path}` : ''}`;
}

export function errors(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** A small valid mesh in which documents under test can reference things. */
export const BASE_MESH = `kind: Mesh
name: watches
spec: {}
---
kind: VirtualNode
name: search-v1
mesh: watches
spec:
  listeners:
    - portMapping: { port: 8080, protocol: http }
  serviceDiscovery:
    dns: { hostname: search-v1.watches.local }
---
kind: VirtualNode
name: search-v2
mesh: watches
spec:
  listeners:
    - portMapping: { port: 8080, protocol: http }
  serviceDiscovery:
    dns: { hostname: search-v2.watches.local }
---
kind: VirtualRouter
name: search-router
mesh: watches
spec:
  listeners:
    - portMapping: { port: 8080, protocol: http }
---
kind: VirtualService
name: search.watches
mesh: watches
spec:
  provider:
    virtualRouter: { virtualRouterName: search-router }
---
kind: VirtualGateway
name: ingress
mesh: watches
spec:
  listeners:
    - portMapping: { port: 8080, protocol: http }
`;
