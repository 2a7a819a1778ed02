/**
 * The Lattice sections of a plan, for the terminal and the PR comment: the App Mesh decommission,
 * the traffic per Lattice service and listener (rule weights before → after), what the mapping
 * could not carry over (file:line, field, why), and where each node's tasks register. Pure.
 */
import type { LatticeTraffic, ShownPlan } from '../../plan/types';
import type { TargetRegistration } from '../../resources/types';
import type { Style } from './ansi';
import { code, markdownText, terminalText } from './escape';
import { plural } from './labels';
import { details } from './markdown-blocks';

/** Warnings the Lattice sections show themselves (not repeated in the plain warning list). */
export function shownInLatticeSections(code: string): boolean {
  return code === 'lattice-unsupported';
}

function decommissionLine(plan: ShownPlan): string | undefined {
  if (!plan.decommission) return undefined;
  return `App Mesh is decommissioned: targets no longer lists appmesh, so this plan deletes the ${plural(plan.decommission.deletes, 'App Mesh resource')} meshops owns (prune and maxDeletes apply; Cloud Map stays).`;
}

function weights(before: number | undefined, after: number | undefined): string {
  const show = (w: number | undefined) => (w === undefined ? '–' : `${w}%`);
  return before === after ? show(after) : `${show(before)} → ${show(after)}`;
}

function trafficLines(traffic: LatticeTraffic[]): string[] {
  const out: string[] = [];
  for (const service of traffic) {
    out.push(`${service.service}${service.domain ? ` (${service.domain})` : ''}`);
    for (const listener of service.listeners) {
      out.push(`  listener ${listener.listener}`);
      for (const rule of listener.rules) {
        const targets = rule.targets.map((t) => `${t.targetGroup} ${weights(t.before, t.after)}`).join(', ');
        out.push(`    ${rule.rule}${rule.priority !== undefined ? ` (priority ${rule.priority})` : ''}${rule.status !== 'unchanged' ? ` [${rule.status}]` : ''}: ${targets || 'no target group'}`);
      }
    }
  }
  return out;
}

export function latticeText(plan: ShownPlan, style: Style): string[] {
  const out: string[] = [];
  const decommission = decommissionLine(plan);
  if (decommission) out.push(style.red(style.bold('Decommission')), `  ${decommission}`, '');
  if (plan.latticeTraffic?.length) out.push(style.bold('Traffic on VPC Lattice'), ...trafficLines(plan.latticeTraffic).map((l) => `  ${terminalText(l)}`), '');
  const lattice = plan.lattice;
  if (!lattice) return out;
  if (lattice.notCarried.length) {
    const paint = lattice.unsupported === 'error' ? style.red : style.yellow;
    out.push(paint(style.bold(`Not carried over to VPC Lattice (${lattice.notCarried.length}; unsupported: ${lattice.unsupported})`)));
    for (const n of lattice.notCarried) out.push(`  ${paint('!')} ${terminalText(`${n.file}:${n.line}:${n.column}`)} ${terminalText(n.source)}${n.path ? ` ${terminalText(n.path)}` : ''}: ${terminalText(n.feature)} — ${style.dim(terminalText(n.reason))}`);
    out.push('');
  }
  if (lattice.registrations.length) {
    out.push(style.bold(lattice.registration === 'cloudmap' ? 'Targets (meshops registers Cloud Map instances)' : 'Targets to register (registration: none)'));
    for (const r of lattice.registrations) {
      const from = lattice.registration === 'cloudmap' ? ` ${style.dim(terminalText(`(${targetsFrom(r)})`))}` : '';
      out.push(`  ${terminalText(r.node)} → ${terminalText(r.targetGroups.join(', '))}${from}`);
    }
    out.push('');
  }
  return out;
}

export function latticeMarkdown(plan: ShownPlan): string[] {
  const out: string[] = [];
  const decommission = decommissionLine(plan);
  if (decommission) out.push(`> [!IMPORTANT]`, `> **Decommission.** ${markdownText(decommission)}`, '');
  if (plan.latticeTraffic?.length) {
    out.push('### Traffic on VPC Lattice', '', '| Service | Listener | Rule | Target group | Weight |', '|---|---|---|---|---|');
    for (const s of plan.latticeTraffic) {
      for (const l of s.listeners) {
        for (const r of l.rules) {
          const rule = `${markdownText(r.rule)}${r.priority !== undefined ? ` (${r.priority})` : ''}${r.status !== 'unchanged' ? ` _${r.status}_` : ''}`;
          if (!r.targets.length) out.push(`| ${code(s.service)} | ${code(l.listener)} | ${rule} | – | – |`);
          for (const t of r.targets) out.push(`| ${code(s.service)} | ${code(l.listener)} | ${rule} | ${code(t.targetGroup)} | ${weights(t.before, t.after)} |`);
        }
      }
    }
    out.push('');
  }
  const lattice = plan.lattice;
  if (!lattice) return out;
  if (lattice.notCarried.length) {
    const title = `${lattice.unsupported === 'error' ? '⛔' : '⚠️'} ${plural(lattice.notCarried.length, 'App Mesh field or kind', 'App Mesh fields and kinds')} not carried over to VPC Lattice (unsupported: ${lattice.unsupported})`;
    out.push(
      ...details(title, [
        '| Where | Document | Field | What | Why |',
        '|---|---|---|---|---|',
        ...lattice.notCarried.map((n) => `| ${code(`${n.file}:${n.line}`)} | ${markdownText(n.source)} | ${n.path ? code(n.path) : '–'} | ${markdownText(n.feature)} | ${markdownText(n.reason)} |`),
      ]),
    );
  }
  if (lattice.registrations.length) {
    out.push(
      ...details(lattice.registration === 'cloudmap' ? 'Lattice targets: meshops registers each node\'s Cloud Map instances' : 'Lattice targets: where each node\'s tasks must register (registration: none)', [
        ...(lattice.registration === 'cloudmap'
          ? ['| Virtual node | Target groups | Targets from |', '|---|---|---|', ...lattice.registrations.map((r) => `| ${markdownText(r.node)} | ${r.targetGroups.map(code).join(', ')} | ${markdownText(targetsFrom(r))} |`)]
          : ['| Virtual node | Target groups |', '|---|---|', ...lattice.registrations.map((r) => `| ${markdownText(r.node)} | ${r.targetGroups.map(code).join(', ')} |`)]),
      ]),
    );
  }
  return out;
}

/** With `registration: cloudmap`: where a node's targets come from, or that meshops leaves them to others. */
function targetsFrom(r: TargetRegistration): string {
  if (!r.cloudMap) return 'no Cloud Map discovery: register its tasks yourself';
  const filter = Object.entries(r.cloudMap.attributes).map(([k, v]) => `${k}=${v}`).join(', ');
  return `Cloud Map ${r.cloudMap.namespace}/${r.cloudMap.service}${filter ? ` where ${filter}` : ''}`;
}
