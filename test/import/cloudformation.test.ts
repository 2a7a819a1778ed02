import { importCloudFormationTemplate, type ImportedDocument, type TemplateInputs } from '../../lib/import';

const inputs = (over: Partial<TemplateInputs> = {}): TemplateInputs => ({ parameters: {}, importValues: {}, resourceValues: {}, region: 'eu-west-1', ...over });

function run(template: string, over: Partial<TemplateInputs> = {}) {
  return importCloudFormationTemplate('t.yaml', template, inputs(over));
}

function doc(result: { documents: ImportedDocument[] }, kind: string, name: string) {
  const found = result.documents.find((d) => d.value.kind === kind && d.value.name === name);
  expect(found).toBeDefined();
  return found!.value;
}

const NODE = (props: string) => `
Resources:
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: m
${props}${props.includes('Spec:') ? '' : '\n      Spec: {}'}
`;

describe('CloudFormation intrinsics', () => {
  it('Ref: parameters with defaults, --parameter, list parameters and pseudo parameters', () => {
    const r = run(`
Parameters:
  Mesh: { Type: String, Default: watches }
  Port: { Type: Number }
  Names: { Type: CommaDelimitedList, Default: "a,b" }
Resources:
  M:
    Type: AWS::AppMesh::Mesh
    Properties: { MeshName: !Ref Mesh }
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: !Ref Mesh
      VirtualNodeName: !Select [1, !Ref Names]
      Spec:
        Listeners: [{ PortMapping: { Port: !Ref Port, Protocol: http } }]
        ServiceDiscovery: { DNS: { Hostname: !Sub "node.\${AWS::Region}.\${AWS::URLSuffix}" } }
`, { parameters: { Port: '8080' } });
    expect(r.problems).toEqual([]);
    expect(doc(r, 'VirtualNode', 'b')).toEqual({
      kind: 'VirtualNode', name: 'b', mesh: 'watches',
      spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'node.eu-west-1.amazonaws.com' } } },
    });
  });

  it('Fn::Sub in both forms, with ${!Literal}, Fn::Join, Fn::Split and Fn::FindInMap', () => {
    const r = run(`
Mappings:
  Env: { prod: { Domain: prod.local } }
Resources:
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: !Join ["-", [mesh, !Select [0, !Split [".", "a.b"]]]]
      VirtualNodeName: !Sub
        - "\${Name}-v1"
        - { Name: !FindInMap [Env, prod, Domain] }
      Spec:
        ServiceDiscovery: { DNS: { Hostname: "\${!kept}" } }
        Logging: { AccessLog: { File: { Path: !Sub "/dev/\${!Literal}" } } }
`);
    expect(r.problems).toEqual([]);
    const v = doc(r, 'VirtualNode', 'prod.local-v1');
    expect(v.mesh).toBe('mesh-a');
    expect(v.spec).toEqual({ serviceDiscovery: { dns: { hostname: '${!kept}' } }, logging: { accessLog: { file: { path: '/dev/${Literal}' } } } });
  });

  it('Fn::If on Conditions (Equals, And, Or, Not, Condition); AWS::NoValue drops the property; a false Condition leaves the resource out', () => {
    const r = run(`
Parameters:
  Env: { Type: String, Default: prod }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Equals [a, b], !Condition IsProd]]
Resources:
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: m
      VirtualNodeName: !If [Both, prod-node, dev-node]
      Spec:
        ServiceDiscovery: { DNS: { Hostname: n.local, ResponseType: !If [IsDev, ENDPOINTS, !Ref AWS::NoValue] } }
  DevOnly:
    Type: AWS::AppMesh::VirtualNode
    Condition: IsDev
    Properties: { MeshName: m, VirtualNodeName: dev, Spec: {} }
`);
    expect(r.problems).toEqual([]);
    expect(doc(r, 'VirtualNode', 'prod-node').spec).toEqual({ serviceDiscovery: { dns: { hostname: 'n.local' } } });
    expect(r.documents.map((d) => d.value.name)).toEqual(['prod-node']);
    expect(r.notes.join('\n')).toMatch(/t\.yaml:\d+: DevOnly left out: its condition IsDev is false/);
  });

  it('Fn::GetAtt between the template\'s mesh and Cloud Map resources; Ref of a namespace is the service\'s namespace', () => {
    const r = run(`
Resources:
  Mesh:
    Type: AWS::AppMesh::Mesh
    Properties: { MeshName: watches }
  Namespace:
    Type: AWS::ServiceDiscovery::PrivateDnsNamespace
    Properties: { Name: watches.local, Vpc: vpc-0123456789abcdef0, Tags: [{ Key: team, Value: search }] }
  Service:
    Type: AWS::ServiceDiscovery::Service
    Properties:
      Name: search
      NamespaceId: !Ref Namespace
      DnsConfig: { DnsRecords: [{ Type: A, TTL: "60" }], RoutingPolicy: MULTIVALUE }
      HealthCheckCustomConfig: { FailureThreshold: 1 }
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: !GetAtt Mesh.MeshName
      VirtualNodeName: search-v1
      Spec:
        ServiceDiscovery: { AWSCloudMap: { NamespaceName: watches.local, ServiceName: !GetAtt Service.Name } }
  Router:
    Type: AWS::AppMesh::VirtualRouter
    Properties: { MeshName: !GetAtt Mesh.MeshName, VirtualRouterName: r, Spec: { Listeners: [{ PortMapping: { Port: 80, Protocol: http } }] } }
  Route:
    Type: AWS::AppMesh::Route
    Properties:
      MeshName: !GetAtt Router.MeshName
      VirtualRouterName: !GetAtt Router.VirtualRouterName
      RouteName: default
      Spec: { HttpRoute: { Match: { Prefix: / }, Action: { WeightedTargets: [{ VirtualNode: !GetAtt Node.VirtualNodeName, Weight: 1 }] } } }
  Other:
    Type: AWS::EC2::SecurityGroup
    DependsOn: [Node]
    Properties: {}
`);
    expect(r.problems).toEqual([]);
    expect(doc(r, 'CloudMapNamespace', 'watches.local')).toEqual({ kind: 'CloudMapNamespace', name: 'watches.local', spec: { type: 'DNS_PRIVATE', vpc: 'vpc-0123456789abcdef0' }, tags: { team: 'search' } });
    expect(doc(r, 'CloudMapService', 'search')).toEqual({
      kind: 'CloudMapService', name: 'search', namespace: 'watches.local',
      spec: { dnsConfig: { dnsRecords: [{ type: 'A', ttl: 60 }], routingPolicy: 'MULTIVALUE' }, healthCheckCustomConfig: { failureThreshold: 1 } },
    });
    expect(doc(r, 'VirtualNode', 'search-v1').spec).toEqual({ serviceDiscovery: { awsCloudMap: { namespaceName: 'watches.local', serviceName: 'search' } } });
    expect(doc(r, 'Route', 'default')).toMatchObject({ mesh: 'watches', virtualRouter: 'r', spec: { httpRoute: { action: { weightedTargets: [{ virtualNode: 'search-v1', weight: 1 }] } } } });
    expect(r.notes).toContain('t.yaml: skipped 1 resource(s) of other types: AWS::EC2::SecurityGroup ×1');
  });

  it('reads JSON templates with long forms, and names an unnamed resource after its logical ID', () => {
    const r = importCloudFormationTemplate('t.json', JSON.stringify({
      Parameters: { Mesh: { Type: 'String', Default: 'm' } },
      Resources: {
        Svc: { Type: 'AWS::AppMesh::VirtualService', Properties: { MeshName: { Ref: 'Mesh' }, VirtualServiceName: { 'Fn::Join': ['.', ['a', 'local']] }, Spec: { Provider: { VirtualNode: { VirtualNodeName: { 'Fn::GetAtt': ['Node', 'VirtualNodeName'] } } } } } },
        Node: { Type: 'AWS::AppMesh::VirtualNode', Properties: { MeshName: { Ref: 'Mesh' }, Spec: {} } },
      },
    }, null, 2), inputs());
    expect(r.problems).toEqual([]);
    expect(doc(r, 'VirtualService', 'a.local').spec).toEqual({ provider: { virtualNode: { virtualNodeName: 'Node' } } });
    expect(r.notes.join('\n')).toMatch(/t\.json:\d+: Node sets no VirtualNodeName: named Node after its logical ID/);
  });
});

describe('CloudFormation refusals name file:line and the flag that supplies the value', () => {
  // name, template, message, flag, text on the reported line
  const cases: [string, string, RegExp, string | undefined, string][] = [
    ['Fn::ImportValue', NODE('      VirtualNodeName: !ImportValue shared-node-name'), /Fn::ImportValue "shared-node-name" reads another stack's export/, '--import-value shared-node-name=VALUE', '!ImportValue'],
    ['a parameter without a default', `Parameters:\n  Name: { Type: String }\n${NODE('      VirtualNodeName: !Ref Name')}`, /parameter Name has no default value/, '--parameter Name=VALUE', '!Ref Name'],
    ['a pseudo parameter only a stack knows', NODE('      VirtualNodeName: !Sub "${AWS::StackName}-node"'), /AWS::StackName is only known inside a stack/, '--parameter AWS::StackName=VALUE', 'AWS::StackName'],
    ['a resource of another type', `${NODE('      VirtualNodeName: n')}\n  Vpc:\n    Type: AWS::EC2::VPC\n  Ns:\n    Type: AWS::ServiceDiscovery::PrivateDnsNamespace\n    Properties: { Name: a.local, Vpc: !Ref Vpc }\n`, /Ref Vpc: Vpc is a AWS::EC2::VPC, which the import does not bring/, '--resource Vpc=VALUE', '!Ref Vpc'],
    ['an attribute known only once created', `${NODE('      VirtualNodeName: !GetAtt Other.Arn')}\n  Other:\n    Type: AWS::AppMesh::Mesh\n`, /Fn::GetAtt Other\.Arn is the Arn of AWS::AppMesh::Mesh Other, only known once CloudFormation has created it/, '--resource Other.Arn=VALUE', '!GetAtt Other.Arn'],
    ['a Cloud Map id inside a string', `${NODE('      VirtualNodeName: !Sub "${Ns}-node"')}\n  Ns:\n    Type: AWS::ServiceDiscovery::HttpNamespace\n    Properties: { Name: a }\n`, /!Ref Ns is only known once CloudFormation has created Ns/, '--resource Ns=VALUE', '${Ns}-node'],
    ['a reference to nothing', NODE('      VirtualNodeName: !Ref Missing'), /Ref Missing: the template has no parameter or resource named Missing/, '--parameter Missing=VALUE', '!Ref Missing'],
    ['a property CloudFormation does not have', NODE('      VirtualNodeName: n\n      Colour: blue'), /Colour is not a property of AWS::AppMesh::VirtualNode/, undefined, 'Colour'],
    ['a spec field the API does not have', NODE('      VirtualNodeName: n\n      Spec:\n        Listeners: [{ PortMaping: { Port: 80, Protocol: http } }]'), /PortMaping is not a field of the API's Listener \(did you mean portMapping\?\)/, undefined, 'PortMaping'],
    ['an unknown tag', NODE('      VirtualNodeName: !Reference n'), /unsupported tag !Reference: not a CloudFormation intrinsic function/, undefined, '!Reference'],
    ['an intrinsic that needs an account', NODE('      VirtualNodeName: !Select [0, !GetAZs ""]'), /Fn::GetAZs cannot be evaluated without an AWS account/, undefined, '!GetAZs'],
    ['a condition that is not declared', NODE('      VirtualNodeName: !If [Nope, a, b]'), /no condition named Nope/, undefined, '!If [Nope'],
  ];
  it.each(cases)('%s', (_name, template, message, flag, lineHas) => {
    const r = run(template);
    expect(r.problems).toHaveLength(1);
    const [p] = r.problems;
    expect(p.file).toBe('t.yaml');
    expect(p.message).toMatch(message);
    expect(p.flag).toBe(flag);
    // The line is where the offending value is written.
    expect(template.split('\n')[p.line! - 1]).toContain(lineHas);
  });

  it('a supplied value clears the refusal', () => {
    const r = run(NODE('      VirtualNodeName: !ImportValue shared-node-name'), { importValues: { 'shared-node-name': 'shared' } });
    expect(r.problems).toEqual([]);
    expect(r.documents[0].value.name).toBe('shared');
  });

  it('refuses a file that is not a template', () => {
    expect(run('just: a mapping\n').problems[0].message).toMatch(/not a CloudFormation template/);
  });
});
