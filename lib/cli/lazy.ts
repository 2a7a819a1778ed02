/* eslint-disable @typescript-eslint/no-require-imports -- deliberate: these modules load on first use */
// What the commands that talk to AWS need, loaded when they run rather than when the CLI starts: the
// SDK clients and the emulator are most of the start-up time, and `meshops --help`, `validate` and
// `schema` never use them. (The bundler keeps a module that is only required here unevaluated until
// the require runs; a static import would evaluate it at start-up.)

export const loadEngine = () => require('../app/engine') as typeof import('../app/engine');
export const loadEmulator = () => require('../emulator') as typeof import('../emulator');
export const loadPlanDesired = () => require('../app/plan-desired') as typeof import('../app/plan-desired');
export const loadApplyDesired = () => require('../app/apply-desired') as typeof import('../app/apply-desired');
export const loadDetectDrift = () => require('../app/detect-drift') as typeof import('../app/detect-drift');
export const loadImportMesh = () => require('../app/import-mesh') as typeof import('../app/import-mesh');
export const loadImportDefinitions = () => require('../app/import-definitions') as typeof import('../app/import-definitions');
export const loadLocalDeployment = () => require('../app/local-deployment') as typeof import('../app/local-deployment');
