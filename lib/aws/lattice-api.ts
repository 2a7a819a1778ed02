import {
  BatchUpdateRuleCommand,
  CreateListenerCommand,
  CreateRuleCommand,
  CreateServiceCommand,
  CreateServiceNetworkCommand,
  CreateServiceNetworkServiceAssociationCommand,
  CreateServiceNetworkVpcAssociationCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteRuleCommand,
  DeleteServiceCommand,
  DeleteServiceNetworkCommand,
  DeleteServiceNetworkServiceAssociationCommand,
  DeleteServiceNetworkVpcAssociationCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  GetListenerCommand,
  GetRuleCommand,
  GetServiceCommand,
  GetServiceNetworkCommand,
  GetServiceNetworkServiceAssociationCommand,
  GetServiceNetworkVpcAssociationCommand,
  GetTargetGroupCommand,
  ListListenersCommand,
  ListRulesCommand,
  ListServiceNetworkServiceAssociationsCommand,
  ListServiceNetworkVpcAssociationsCommand,
  ListServiceNetworksCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTargetGroupsCommand,
  ListTargetsCommand,
  RegisterTargetsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateListenerCommand,
  UpdateRuleCommand,
  UpdateServiceCommand,
  UpdateServiceNetworkCommand,
  UpdateServiceNetworkVpcAssociationCommand,
  UpdateTargetGroupCommand,
  type AuthType,
  type BatchUpdateRuleCommandInput,
  type RuleUpdateFailure,
  type RuleUpdateSuccess,
  type CreateListenerCommandInput,
  type CreateRuleCommandInput,
  type CreateServiceCommandInput,
  type CreateServiceNetworkCommandInput,
  type CreateServiceNetworkServiceAssociationCommandInput,
  type CreateServiceNetworkVpcAssociationCommandInput,
  type CreateTargetGroupCommandInput,
  type GetListenerCommandOutput,
  type GetRuleCommandOutput,
  type GetServiceCommandOutput,
  type GetServiceNetworkCommandOutput,
  type GetServiceNetworkServiceAssociationCommandOutput,
  type GetServiceNetworkVpcAssociationCommandOutput,
  type GetTargetGroupCommandOutput,
  type ListenerSummary,
  type RuleSummary,
  type ServiceNetworkServiceAssociationSummary,
  type ServiceNetworkSummary,
  type ServiceNetworkVpcAssociationSummary,
  type ServiceSummary,
  type TargetGroupSummary,
  type TargetFailure,
  type TargetSummary,
  type UpdateListenerCommandInput,
  type UpdateRuleCommandInput,
  type UpdateTargetGroupCommandInput,
  type VPCLatticeClient,
} from '@aws-sdk/client-vpc-lattice';
import type { Tags } from '../resources/types';
import type { CallPolicy } from './call-policy';
import { AwsCallError, isNotFound } from './errors';

export type {
  GetListenerCommandOutput,
  GetRuleCommandOutput,
  GetServiceCommandOutput,
  GetServiceNetworkCommandOutput,
  GetServiceNetworkServiceAssociationCommandOutput,
  GetServiceNetworkVpcAssociationCommandOutput,
  GetTargetGroupCommandOutput,
  ListenerSummary,
  RuleSummary,
  ServiceNetworkServiceAssociationSummary,
  ServiceNetworkSummary,
  ServiceNetworkVpcAssociationSummary,
  ServiceSummary,
  TargetGroupSummary,
  TargetSummary,
};

/** Lattice list pages hold at most 100 items. */
const PAGE_SIZE = 100;
/** RegisterTargets and DeregisterTargets take at most 100 targets a call. */
const TARGETS_PER_CALL = 100;

interface Page<T> {
  items?: T[];
  nextToken?: string;
}

/**
 * VPC Lattice operations shaped for the live reader and the applier, typed with the SDK's inputs and
 * outputs. Every call goes through the call policy (concurrency, retries); every list is read to its
 * last page. Get* answer undefined for a resource that is gone.
 */
export class LatticeApi {
  constructor(
    private readonly client: VPCLatticeClient,
    private readonly policy: CallPolicy,
  ) {}

  /** One call through the policy, typed by the SDK's own input and output shapes; failures name the action. */
  private async send<O>(action: string, call: () => Promise<O>): Promise<O> {
    try {
      return await this.policy.call(call);
    } catch (err) {
      throw new AwsCallError(action, err);
    }
  }

  private async maybe<O>(action: string, call: () => Promise<O>): Promise<O | undefined> {
    try {
      return await this.send(action, call);
    } catch (err) {
      if (isNotFound((err as Error).cause)) return undefined;
      throw err;
    }
  }

  private async all<T>(action: string, page: (nextToken: string | undefined) => Promise<Page<T>>): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const result = await this.send(action, () => page(token));
      out.push(...(result.items ?? []));
      token = result.nextToken;
    } while (token);
    return out;
  }

  // ---- reads ----

  listServiceNetworks(): Promise<ServiceNetworkSummary[]> {
    return this.all('listing Lattice service networks', (nextToken) => this.client.send(new ListServiceNetworksCommand({ maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) })));
  }

  getServiceNetwork(id: string): Promise<GetServiceNetworkCommandOutput | undefined> {
    return this.maybe(`reading service network ${id}`, () => this.client.send(new GetServiceNetworkCommand({ serviceNetworkIdentifier: id })));
  }

  listVpcAssociations(serviceNetworkId: string): Promise<ServiceNetworkVpcAssociationSummary[]> {
    return this.all(`listing the VPC associations of ${serviceNetworkId}`, (nextToken) => this.client.send(new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: serviceNetworkId, maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) })));
  }

  getVpcAssociation(id: string): Promise<GetServiceNetworkVpcAssociationCommandOutput | undefined> {
    return this.maybe(`reading VPC association ${id}`, () => this.client.send(new GetServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: id })));
  }

  listServiceAssociations(serviceNetworkId: string): Promise<ServiceNetworkServiceAssociationSummary[]> {
    return this.all(`listing the service associations of ${serviceNetworkId}`, (nextToken) => this.client.send(new ListServiceNetworkServiceAssociationsCommand({ serviceNetworkIdentifier: serviceNetworkId, maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) })));
  }

  getServiceAssociation(id: string): Promise<GetServiceNetworkServiceAssociationCommandOutput | undefined> {
    return this.maybe(`reading service association ${id}`, () => this.client.send(new GetServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: id })));
  }

  listServices(): Promise<ServiceSummary[]> {
    return this.all('listing Lattice services', (nextToken) => this.client.send(new ListServicesCommand({ maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) })));
  }

  getService(id: string): Promise<GetServiceCommandOutput | undefined> {
    return this.maybe(`reading service ${id}`, () => this.client.send(new GetServiceCommand({ serviceIdentifier: id })));
  }

  listListeners(serviceId: string): Promise<ListenerSummary[]> {
    return this.all(`listing the listeners of ${serviceId}`, (nextToken) => this.client.send(new ListListenersCommand({ serviceIdentifier: serviceId, maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) })));
  }

  getListener(serviceId: string, listenerId: string): Promise<GetListenerCommandOutput | undefined> {
    return this.maybe(`reading listener ${listenerId}`, () => this.client.send(new GetListenerCommand({ serviceIdentifier: serviceId, listenerIdentifier: listenerId })));
  }

  listRules(serviceId: string, listenerId: string): Promise<RuleSummary[]> {
    return this.all(`listing the rules of ${listenerId}`, (nextToken) => this.client.send(new ListRulesCommand({ serviceIdentifier: serviceId, listenerIdentifier: listenerId, maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) })));
  }

  getRule(serviceId: string, listenerId: string, ruleId: string): Promise<GetRuleCommandOutput | undefined> {
    return this.maybe(`reading rule ${ruleId}`, () => this.client.send(new GetRuleCommand({ serviceIdentifier: serviceId, listenerIdentifier: listenerId, ruleIdentifier: ruleId })));
  }

  listTargetGroups(): Promise<TargetGroupSummary[]> {
    return this.all('listing Lattice target groups', (nextToken) => this.client.send(new ListTargetGroupsCommand({ maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) })));
  }

  getTargetGroup(id: string): Promise<GetTargetGroupCommandOutput | undefined> {
    return this.maybe(`reading target group ${id}`, () => this.client.send(new GetTargetGroupCommand({ targetGroupIdentifier: id })));
  }

  listTargets(targetGroupId: string): Promise<TargetSummary[]> {
    return this.all(`listing the targets of ${targetGroupId}`, (nextToken) => this.client.send(new ListTargetsCommand({ targetGroupIdentifier: targetGroupId, maxResults: PAGE_SIZE, ...(nextToken ? { nextToken } : {}) })));
  }

  async listTags(arn: string): Promise<Tags> {
    const out = await this.send(`reading the tags of ${arn}`, () => this.client.send(new ListTagsForResourceCommand({ resourceArn: arn })));
    return { ...(out.tags ?? {}) };
  }

  // ---- writes ----

  async tag(arn: string, tags: Tags): Promise<void> {
    if (Object.keys(tags).length) await this.send(`tagging ${arn}`, () => this.client.send(new TagResourceCommand({ resourceArn: arn, tags })));
  }

  async untag(arn: string, keys: string[]): Promise<void> {
    if (keys.length) await this.send(`untagging ${arn}`, () => this.client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys })));
  }

  createServiceNetwork(input: CreateServiceNetworkCommandInput): Promise<{ id?: string; arn?: string }> {
    return this.send(`creating service network ${input.name}`, () => this.client.send(new CreateServiceNetworkCommand(input)));
  }

  async updateServiceNetwork(id: string, authType: AuthType): Promise<void> {
    await this.send(`updating service network ${id}`, () => this.client.send(new UpdateServiceNetworkCommand({ serviceNetworkIdentifier: id, authType })));
  }

  async deleteServiceNetwork(id: string): Promise<void> {
    await this.maybe(`deleting service network ${id}`, () => this.client.send(new DeleteServiceNetworkCommand({ serviceNetworkIdentifier: id })));
  }

  createVpcAssociation(input: CreateServiceNetworkVpcAssociationCommandInput): Promise<{ id?: string; arn?: string; status?: string }> {
    return this.send(`associating VPC ${input.vpcIdentifier}`, () => this.client.send(new CreateServiceNetworkVpcAssociationCommand(input)));
  }

  async updateVpcAssociation(id: string, securityGroupIds: string[]): Promise<void> {
    await this.send(`updating VPC association ${id}`, () => this.client.send(new UpdateServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: id, securityGroupIds })));
  }

  async deleteVpcAssociation(id: string): Promise<void> {
    await this.maybe(`deleting VPC association ${id}`, () => this.client.send(new DeleteServiceNetworkVpcAssociationCommand({ serviceNetworkVpcAssociationIdentifier: id })));
  }

  createServiceAssociation(input: CreateServiceNetworkServiceAssociationCommandInput): Promise<{ id?: string; arn?: string; status?: string }> {
    return this.send(`associating service ${input.serviceIdentifier}`, () => this.client.send(new CreateServiceNetworkServiceAssociationCommand(input)));
  }

  async deleteServiceAssociation(id: string): Promise<void> {
    await this.maybe(`deleting service association ${id}`, () => this.client.send(new DeleteServiceNetworkServiceAssociationCommand({ serviceNetworkServiceAssociationIdentifier: id })));
  }

  createService(input: CreateServiceCommandInput): Promise<{ id?: string; arn?: string; status?: string }> {
    return this.send(`creating service ${input.name}`, () => this.client.send(new CreateServiceCommand(input)));
  }

  async updateService(id: string, authType: AuthType): Promise<void> {
    await this.send(`updating service ${id}`, () => this.client.send(new UpdateServiceCommand({ serviceIdentifier: id, authType })));
  }

  async deleteService(id: string): Promise<void> {
    await this.maybe(`deleting service ${id}`, () => this.client.send(new DeleteServiceCommand({ serviceIdentifier: id })));
  }

  createListener(input: CreateListenerCommandInput): Promise<{ id?: string; arn?: string }> {
    return this.send(`creating listener ${input.name}`, () => this.client.send(new CreateListenerCommand(input)));
  }

  async updateListener(input: UpdateListenerCommandInput): Promise<void> {
    await this.send(`updating listener ${input.listenerIdentifier}`, () => this.client.send(new UpdateListenerCommand(input)));
  }

  async deleteListener(serviceId: string, listenerId: string): Promise<void> {
    await this.maybe(`deleting listener ${listenerId}`, () => this.client.send(new DeleteListenerCommand({ serviceIdentifier: serviceId, listenerIdentifier: listenerId })));
  }

  createRule(input: CreateRuleCommandInput): Promise<{ id?: string; arn?: string }> {
    return this.send(`creating rule ${input.name}`, () => this.client.send(new CreateRuleCommand(input)));
  }

  async updateRule(input: UpdateRuleCommandInput): Promise<void> {
    await this.send(`updating rule ${input.ruleIdentifier}`, () => this.client.send(new UpdateRuleCommand(input)));
  }

  /**
   * Several rules of one listener in one call, checked together: Lattice refuses a priority two
   * rules would share after the batch (ConflictException, nothing written), so rules can swap
   * priorities. A rule it could not update is answered in `unsuccessful`, beside the ones it did
   * update: the caller decides what that means.
   */
  async batchUpdateRule(input: BatchUpdateRuleCommandInput): Promise<{ successful: RuleUpdateSuccess[]; unsuccessful: RuleUpdateFailure[] }> {
    const out = await this.send(`updating ${input.rules?.length ?? 0} rules of listener ${input.listenerIdentifier} together`, () => this.client.send(new BatchUpdateRuleCommand(input)));
    return { successful: out.successful ?? [], unsuccessful: out.unsuccessful ?? [] };
  }

  async deleteRule(serviceId: string, listenerId: string, ruleId: string): Promise<void> {
    await this.maybe(`deleting rule ${ruleId}`, () => this.client.send(new DeleteRuleCommand({ serviceIdentifier: serviceId, listenerIdentifier: listenerId, ruleIdentifier: ruleId })));
  }

  createTargetGroup(input: CreateTargetGroupCommandInput): Promise<{ id?: string; arn?: string; status?: string }> {
    return this.send(`creating target group ${input.name}`, () => this.client.send(new CreateTargetGroupCommand(input)));
  }

  async updateTargetGroup(input: UpdateTargetGroupCommandInput): Promise<void> {
    await this.send(`updating target group ${input.targetGroupIdentifier}`, () => this.client.send(new UpdateTargetGroupCommand(input)));
  }

  async deleteTargetGroup(id: string): Promise<void> {
    await this.maybe(`deleting target group ${id}`, () => this.client.send(new DeleteTargetGroupCommand({ targetGroupIdentifier: id })));
  }

  /** Registers targets; a target Lattice refuses (answered in `unsuccessful`) fails the call, naming it. */
  async registerTargets(targetGroupId: string, targets: { id: string; port: number }[]): Promise<void> {
    for (let i = 0; i < targets.length; i += TARGETS_PER_CALL) {
      const out = await this.send(`registering targets in ${targetGroupId}`, () => this.client.send(new RegisterTargetsCommand({ targetGroupIdentifier: targetGroupId, targets: targets.slice(i, i + TARGETS_PER_CALL) })));
      refused(`registering targets in ${targetGroupId}`, out.unsuccessful);
    }
  }

  async deregisterTargets(targetGroupId: string, targets: { id: string; port: number }[]): Promise<void> {
    for (let i = 0; i < targets.length; i += TARGETS_PER_CALL) {
      const out = await this.send(`deregistering targets from ${targetGroupId}`, () => this.client.send(new DeregisterTargetsCommand({ targetGroupIdentifier: targetGroupId, targets: targets.slice(i, i + TARGETS_PER_CALL) })));
      refused(`deregistering targets from ${targetGroupId}`, out.unsuccessful);
    }
  }
}

/** RegisterTargets and DeregisterTargets answer 200 with the targets they refused: those are failures too. */
function refused(action: string, unsuccessful: TargetFailure[] | undefined): void {
  if (!unsuccessful?.length) return;
  const which = unsuccessful.map((t) => `${t.id}:${t.port ?? ''} (${t.failureCode ?? 'refused'}${t.failureMessage ? `: ${t.failureMessage}` : ''})`).join(', ');
  throw new AwsCallError(action, new Error(`refused ${which}`));
}
