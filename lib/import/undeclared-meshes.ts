import { isKind, KIND_INFO } from '../resources/kinds';
import { DocumentBuilder, type ImportedDocument } from './imported-document';

/**
 * Documents name meshes the input does not declare (a mesh kept in another template, a meshRef to a
 * Mesh not in the manifests, `--mesh`): the repository must declare them, so a Mesh document with
 * an empty spec is written for each, placed where the first document names it.
 */
export function addUndeclaredMeshes(documents: ImportedDocument[], notes: string[]): ImportedDocument[] {
  const declared = new Set(documents.filter((d) => isKind(d.value.kind) && KIND_INFO[d.value.kind].scope === 'mesh').map((d) => d.value.name));
  const named = new Map<string, ImportedDocument>();
  for (const d of documents) {
    const mesh = d.value.mesh;
    if (typeof mesh === 'string' && mesh && !declared.has(mesh) && !named.has(mesh)) named.set(mesh, d);
  }
  const added = [...named.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([mesh, first]) => {
      const at = first.positions.locate(['mesh']) ?? first.start;
      notes.push(`${first.file}:${at.line}: mesh ${mesh} is not declared in the input: a Mesh document with an empty spec is written for it`);
      const b = new DocumentBuilder(first.file, at, `mesh ${mesh}, named by ${first.origin}; not in the input`);
      b.set('kind', 'Mesh');
      b.set('name', mesh);
      return b.build();
    });
  return [...documents, ...added];
}
