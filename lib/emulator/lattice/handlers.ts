import type { OperationInput } from '../wire/rest-json';
import * as associations from './associations';
import type { LatticeContext } from './context';
import * as listeners from './listeners';
import * as policiesAndLogs from './policies-and-logs';
import * as rules from './rules';
import * as serviceNetworks from './service-networks';
import * as services from './services';
import * as tags from './tags';
import * as targetGroups from './target-groups';
import * as targets from './targets';

export interface OperationHandler {
  /** Whether the handler changes state (runs under the store's write lock). */
  mutates: boolean;
  /** Returns the output members (protocol.ts writes them in wire form). */
  run(ctx: LatticeContext, input: OperationInput): Record<string, unknown>;
}

type Run = OperationHandler['run'];
const read = (run: Run): OperationHandler => ({ mutates: false, run });
const write = (run: Run): OperationHandler => ({ mutates: true, run });

/**
 * The Lattice operations the emulator serves: what meshops plans and applies (service networks,
 * VPC and service associations, services, listeners, rules, target groups and targets), auth
 * policies, access-log subscriptions and tags. The model's other operations (resource policies,
 * resource gateways and configurations, domain verification) answer 501.
 */
export const OPERATION_HANDLERS: Record<string, OperationHandler> = {
  CreateServiceNetwork: write(serviceNetworks.createServiceNetwork),
  GetServiceNetwork: read(serviceNetworks.getServiceNetwork),
  UpdateServiceNetwork: write(serviceNetworks.updateServiceNetwork),
  DeleteServiceNetwork: write(serviceNetworks.deleteServiceNetwork),
  ListServiceNetworks: read(serviceNetworks.listServiceNetworks),

  CreateService: write(services.createService),
  GetService: read(services.getService),
  UpdateService: write(services.updateService),
  DeleteService: write(services.deleteService),
  ListServices: read(services.listServices),

  CreateListener: write(listeners.createListener),
  GetListener: read(listeners.getListener),
  UpdateListener: write(listeners.updateListener),
  DeleteListener: write(listeners.deleteListener),
  ListListeners: read(listeners.listListeners),

  CreateRule: write(rules.createRule),
  GetRule: read(rules.getRule),
  UpdateRule: write(rules.updateRule),
  BatchUpdateRule: write(rules.batchUpdateRule),
  DeleteRule: write(rules.deleteRule),
  ListRules: read(rules.listRules),

  CreateTargetGroup: write(targetGroups.createTargetGroup),
  GetTargetGroup: read(targetGroups.getTargetGroup),
  UpdateTargetGroup: write(targetGroups.updateTargetGroup),
  DeleteTargetGroup: write(targetGroups.deleteTargetGroup),
  ListTargetGroups: read(targetGroups.listTargetGroups),

  RegisterTargets: write(targets.registerTargets),
  DeregisterTargets: write(targets.deregisterTargets),
  ListTargets: read(targets.listTargets),

  CreateServiceNetworkServiceAssociation: write(associations.createServiceNetworkServiceAssociation),
  GetServiceNetworkServiceAssociation: read(associations.getServiceNetworkServiceAssociation),
  DeleteServiceNetworkServiceAssociation: write(associations.deleteServiceNetworkServiceAssociation),
  ListServiceNetworkServiceAssociations: read(associations.listServiceNetworkServiceAssociations),

  CreateServiceNetworkVpcAssociation: write(associations.createServiceNetworkVpcAssociation),
  GetServiceNetworkVpcAssociation: read(associations.getServiceNetworkVpcAssociation),
  UpdateServiceNetworkVpcAssociation: write(associations.updateServiceNetworkVpcAssociation),
  DeleteServiceNetworkVpcAssociation: write(associations.deleteServiceNetworkVpcAssociation),
  ListServiceNetworkVpcAssociations: read(associations.listServiceNetworkVpcAssociations),

  PutAuthPolicy: write(policiesAndLogs.putAuthPolicy),
  GetAuthPolicy: read(policiesAndLogs.getAuthPolicy),
  DeleteAuthPolicy: write(policiesAndLogs.deleteAuthPolicy),

  CreateAccessLogSubscription: write(policiesAndLogs.createAccessLogSubscription),
  GetAccessLogSubscription: read(policiesAndLogs.getAccessLogSubscription),
  UpdateAccessLogSubscription: write(policiesAndLogs.updateAccessLogSubscription),
  DeleteAccessLogSubscription: write(policiesAndLogs.deleteAccessLogSubscription),
  ListAccessLogSubscriptions: read(policiesAndLogs.listAccessLogSubscriptions),

  TagResource: write(tags.tagResource),
  UntagResource: write(tags.untagResource),
  ListTagsForResource: read(tags.listTagsForResource),
};
