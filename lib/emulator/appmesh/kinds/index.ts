import { gatewayRouteKind } from './gateway-route';
import type { KindDefinition } from './kind-definition';
import { meshKind } from './mesh';
import { routeKind } from './route';
import { virtualGatewayKind } from './virtual-gateway';
import { virtualNodeKind } from './virtual-node';
import { virtualRouterKind } from './virtual-router';
import { virtualServiceKind } from './virtual-service';

export type { KindDefinition } from './kind-definition';

/** The seven App Mesh kinds, one module each. */
export const KIND_DEFINITIONS: KindDefinition[] = [meshKind, virtualNodeKind, virtualServiceKind, virtualRouterKind, routeKind, virtualGatewayKind, gatewayRouteKind];
