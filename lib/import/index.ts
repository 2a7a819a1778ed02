// lib/import: App Mesh definitions from where they live today — CloudFormation templates and the
// App Mesh controller's Kubernetes manifests — → resource documents, each field placed at the
// source line it came from, so validation speaks of the user's files. Pure: file contents in,
// documents out; no I/O, no SDK. Imports only lib/model, lib/api-model and lib/resources.
export * from './errors';
export * from './imported-document';
export * from './source-import';
export { importCloudFormationTemplate } from './cloudformation/import-template';
export { type TemplateInputs } from './cloudformation/evaluate';
export { importKubernetesManifests, defaultAwsName, type KubernetesInputs } from './kubernetes/import-manifests';
export { selectorMatches, type LabelSelector } from './kubernetes/label-selector';
export { validateImported } from './validate-imported';
export { addUndeclaredMeshes } from './undeclared-meshes';
export { dropIgnoredFields } from './drop-ignored-fields';
