import {
  AppMeshClient,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  DeleteMeshCommand,
  DeleteRouteCommand,
  DeleteVirtualNodeCommand,
  DeleteVirtualRouterCommand,
  DescribeMeshCommand,
  DescribeRouteCommand,
  DescribeVirtualNodeCommand,
  DescribeVirtualRouterCommand,
  ListMeshesCommand,
  ListRoutesCommand,
  ListVirtualNodesCommand,
  ListVirtualRoutersCommand,
  UpdateMeshCommand,
  UpdateRouteCommand,
  UpdateVirtualNodeCommand,
  UpdateVirtualRouterCommand,
} from '@aws-sdk/client-app-mesh';
import { describeDifferential, type Step } from './moto-harness';

/**
 * Differential suite (moto-harness.ts): the same scripted App Mesh sessions (meshes, virtual
 * nodes, virtual routers, routes: what moto covers) against the emulator's HTTP server and against
 * moto's, both through the real SDK client. Each step's outcome is "ok" or the error's name. The
 * emulator's outcomes are asserted (they are what AWS answers, docs/aws-behaviour.md §5, §7);
 * moto's must equal them except where listed below, with the reason.
 *
 * Intentional differences, for every step:
 * - moto serializes timestamps as "25/11/2026, 10:48:58" strings, which SDK v3 cannot read: every
 *   successful moto call ends in a deserialization error on a 2xx response. We count a 2xx as ok.
 * - moto answers its own error codes, all with HTTP 400, where AWS answers NotFoundException 404
 *   and ConflictException 409 (docs/aws-behaviour.md §11 warns not to copy this mapping): see MOTO_ERROR_NAMES.
 */
const MOTO_ERROR_NAMES: Record<string, string> = {
  MeshNotFound: 'NotFoundException',
  VirtualNodeNotFound: 'NotFoundException',
  VirtualRouterNotFound: 'NotFoundException',
  RouteNotFound: 'NotFoundException',
  ResourceNotFound: 'NotFoundException',
  VirtualNodeNameAlreadyTaken: 'ConflictException',
  VirtualRouterNameAlreadyTaken: 'ConflictException',
  RouteNameAlreadyTaken: 'ConflictException',
};

/** Steps where moto's outcome (after MOTO_ERROR_NAMES) differs from AWS's, and why. */
const MOTO_DIFFERENCES: Record<string, { moto: string; reason: string }> = {
  'meshes/create-duplicate': { moto: 'ok', reason: 'moto replaces a mesh created twice; AWS refuses the name with 409 ConflictException (docs/aws-behaviour.md §7, §14)' },
  'meshes/list-limit-too-large': { moto: 'ok', reason: 'moto does not validate `limit` (1–100 in the model)' },
  'meshes/delete-non-empty': { moto: 'ok', reason: 'moto deletes a mesh that still holds virtual nodes; AWS answers ResourceInUseException (docs/aws-behaviour.md §5.2)' },
  'meshes/describe-after-refused-delete': { moto: 'NotFoundException', reason: 'follows from the previous step: moto deleted the mesh' },
  'nodes/create-port-out-of-range': { moto: 'ok', reason: 'moto does not validate specs against the model (port 1–65535)' },
  'nodes/delete-route-target': { moto: 'ok', reason: 'moto lets a route target be deleted; AWS answers ResourceInUseException (docs/aws-behaviour.md §5.2)' },
  'nodes/describe-after-refused-delete': { moto: 'NotFoundException', reason: 'follows from the previous step: moto deleted the node' },
  'routes/create-missing-target': { moto: 'ok', reason: 'moto does not check that weighted target nodes exist; AWS answers NotFoundException ("VirtualNode with name … is missing", docs/aws-behaviour.md §5.1)' },
  'routes/create-without-route-type': { moto: 'ok', reason: 'moto does not enforce exactly one of httpRoute/http2Route/grpcRoute/tcpRoute (docs/aws-behaviour.md §4.5)' },
  'routes/create-protocol-mismatch': { moto: 'ok', reason: 'moto does not match routes to router listeners (docs/aws-behaviour.md §4.5)' },
  'routes/router-update-strands-routes': { moto: 'ok', reason: 'moto does not check existing routes when router listeners change (docs/aws-behaviour.md §5.3)' },
  'routes/delete-router-with-routes': { moto: 'ok', reason: 'moto deletes a router that still has routes; AWS answers ResourceInUseException (docs/aws-behaviour.md §5.2)' },
  'routes/delete-route': { moto: 'NotFoundException', reason: 'follows from the previous step: moto deleted the router and its routes' },
  'routes/delete-router': { moto: 'NotFoundException', reason: 'follows from the previous steps: moto deleted the router already' },
};

const spec = (port = 8080) => ({ listeners: [{ portMapping: { port, protocol: 'http' as const } }] });
const routeTo = (node: string) => ({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: node, weight: 1 }] } } });

const SESSIONS: Record<string, Step<AppMeshClient>[]> = {
  meshes: [
    { id: 'create', run: (c) => c.send(new CreateMeshCommand({ meshName: 'm' })), expect: 'ok' },
    { id: 'create-duplicate', run: (c) => c.send(new CreateMeshCommand({ meshName: 'm' })), expect: 'ConflictException' },
    { id: 'describe', run: (c) => c.send(new DescribeMeshCommand({ meshName: 'm' })), expect: 'ok' },
    { id: 'describe-missing', run: (c) => c.send(new DescribeMeshCommand({ meshName: 'missing' })), expect: 'NotFoundException' },
    { id: 'update', run: (c) => c.send(new UpdateMeshCommand({ meshName: 'm', spec: { egressFilter: { type: 'ALLOW_ALL' } } })), expect: 'ok' },
    { id: 'update-missing', run: (c) => c.send(new UpdateMeshCommand({ meshName: 'missing', spec: {} })), expect: 'NotFoundException' },
    { id: 'list', run: (c) => c.send(new ListMeshesCommand({ limit: 1 })), expect: 'ok' },
    { id: 'list-limit-too-large', run: (c) => c.send(new ListMeshesCommand({ limit: 500 })), expect: 'BadRequestException' },
    { id: 'node-in-missing-mesh', run: (c) => c.send(new CreateVirtualNodeCommand({ meshName: 'missing', virtualNodeName: 'a', spec: spec() })), expect: 'NotFoundException' },
    { id: 'node', run: (c) => c.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: spec() })), expect: 'ok' },
    { id: 'delete-non-empty', run: (c) => c.send(new DeleteMeshCommand({ meshName: 'm' })), expect: 'ResourceInUseException' },
    { id: 'describe-after-refused-delete', run: (c) => c.send(new DescribeMeshCommand({ meshName: 'm' })), expect: 'ok' },
    { id: 'delete-missing', run: (c) => c.send(new DeleteMeshCommand({ meshName: 'missing' })), expect: 'NotFoundException' },
    { id: 'other-mesh', run: (c) => c.send(new CreateMeshCommand({ meshName: 'empty' })), expect: 'ok' },
    { id: 'delete-empty', run: (c) => c.send(new DeleteMeshCommand({ meshName: 'empty' })), expect: 'ok' },
    { id: 'describe-deleted', run: (c) => c.send(new DescribeMeshCommand({ meshName: 'empty' })), expect: 'NotFoundException' },
  ],
  nodes: [
    { id: 'mesh', run: (c) => c.send(new CreateMeshCommand({ meshName: 'm' })), expect: 'ok' },
    { id: 'create', run: (c) => c.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: spec() })), expect: 'ok' },
    { id: 'create-duplicate', run: (c) => c.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: spec() })), expect: 'ConflictException' },
    { id: 'create-port-out-of-range', run: (c) => c.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'p', spec: spec(70000) })), expect: 'BadRequestException' },
    { id: 'describe', run: (c) => c.send(new DescribeVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a' })), expect: 'ok' },
    { id: 'describe-missing', run: (c) => c.send(new DescribeVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'missing' })), expect: 'NotFoundException' },
    { id: 'update', run: (c) => c.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: spec(9090) })), expect: 'ok' },
    { id: 'update-missing', run: (c) => c.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'missing', spec: spec() })), expect: 'NotFoundException' },
    { id: 'list', run: (c) => c.send(new ListVirtualNodesCommand({ meshName: 'm', limit: 1 })), expect: 'ok' },
    { id: 'list-missing-mesh', run: (c) => c.send(new ListVirtualNodesCommand({ meshName: 'missing' })), expect: 'NotFoundException' },
    { id: 'router', run: (c) => c.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: spec(9090) })), expect: 'ok' },
    { id: 'route-to-node', run: (c) => c.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'to-a', spec: routeTo('a') })), expect: 'ok' },
    { id: 'delete-route-target', run: (c) => c.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a' })), expect: 'ResourceInUseException' },
    { id: 'describe-after-refused-delete', run: (c) => c.send(new DescribeVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a' })), expect: 'ok' },
    { id: 'node-b', run: (c) => c.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'b', spec: spec() })), expect: 'ok' },
    { id: 'delete', run: (c) => c.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'b' })), expect: 'ok' },
    { id: 'delete-again', run: (c) => c.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'b' })), expect: 'NotFoundException' },
  ],
  routes: [
    { id: 'mesh', run: (c) => c.send(new CreateMeshCommand({ meshName: 'm' })), expect: 'ok' },
    { id: 'node', run: (c) => c.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: spec() })), expect: 'ok' },
    { id: 'router', run: (c) => c.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: spec() })), expect: 'ok' },
    { id: 'router-duplicate', run: (c) => c.send(new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: spec() })), expect: 'ConflictException' },
    { id: 'router-describe', run: (c) => c.send(new DescribeVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' })), expect: 'ok' },
    { id: 'router-describe-missing', run: (c) => c.send(new DescribeVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'missing' })), expect: 'NotFoundException' },
    { id: 'routers-list', run: (c) => c.send(new ListVirtualRoutersCommand({ meshName: 'm' })), expect: 'ok' },
    { id: 'create-in-missing-router', run: (c) => c.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'missing', routeName: 'x', spec: routeTo('a') })), expect: 'NotFoundException' },
    { id: 'create-missing-target', run: (c) => c.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'ghost', spec: routeTo('ghost') })), expect: 'NotFoundException' },
    { id: 'create-without-route-type', run: (c) => c.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'none', spec: {} })), expect: 'BadRequestException' },
    {
      id: 'create-protocol-mismatch',
      run: (c) => c.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'tcp', spec: { tcpRoute: { action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } } })),
      expect: 'BadRequestException',
    },
    { id: 'create', run: (c) => c.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main', spec: routeTo('a') })), expect: 'ok' },
    { id: 'create-duplicate', run: (c) => c.send(new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main', spec: routeTo('a') })), expect: 'ConflictException' },
    { id: 'describe', run: (c) => c.send(new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main' })), expect: 'ok' },
    { id: 'describe-missing', run: (c) => c.send(new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'missing' })), expect: 'NotFoundException' },
    { id: 'update', run: (c) => c.send(new UpdateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main', spec: routeTo('a') })), expect: 'ok' },
    { id: 'list', run: (c) => c.send(new ListRoutesCommand({ meshName: 'm', virtualRouterName: 'r' })), expect: 'ok' },
    { id: 'router-update', run: (c) => c.send(new UpdateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: spec(9090) })), expect: 'ok' },
    { id: 'router-update-strands-routes', run: (c) => c.send(new UpdateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: { listeners: [...spec(9090).listeners, ...spec(9091).listeners] } })), expect: 'BadRequestException' },
    { id: 'delete-router-with-routes', run: (c) => c.send(new DeleteVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' })), expect: 'ResourceInUseException' },
    { id: 'delete-route', run: (c) => c.send(new DeleteRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'main' })), expect: 'ok' },
    { id: 'delete-router', run: (c) => c.send(new DeleteVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' })), expect: 'ok' },
    { id: 'delete-node', run: (c) => c.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a' })), expect: 'ok' },
    { id: 'delete-mesh', run: (c) => c.send(new DeleteMeshCommand({ meshName: 'm' })), expect: 'ok' },
  ],
};

describeDifferential('App Mesh: emulator vs moto (differential)', {
  sessions: SESSIONS,
  differences: MOTO_DIFFERENCES,
  motoErrorNames: MOTO_ERROR_NAMES,
  twoHundredIsOk: true,
  client: (endpoint) => new AppMeshClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 }),
});
