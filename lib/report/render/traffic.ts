/**
 * The traffic view (per virtual service, the share of each route's requests every virtual node gets,
 * before → after) as a headline per shift, Markdown tables and terminal lines. This is what a
 * reviewer of a canary weight change reads first.
 */
import type { TrafficRoute, TrafficTarget, TrafficView } from '../../plan/types';
import type { Style } from './ansi';
import { code, markdownText, terminalText } from './escape';
import { share } from './labels';

/** A node's share on one route as a movement: `before → after`, with 0% for "not a target". */
interface Movement {
  node: string;
  before: number;
  after: number;
}

function movements(route: TrafficRoute): Movement[] {
  return route.targets.map((t) => ({ node: t.virtualNode, before: t.before ?? 0, after: t.after ?? 0 }));
}

/** One line per thing that moves: a changed, new or removed route, or a provider switch. */
export interface Shift {
  mesh: string;
  service: string;
  route?: string;
  kind: 'provider' | 'changed' | 'added' | 'removed';
  /** For `changed`: only the nodes whose share moves; for `added`/`removed`: all of the route's targets. */
  moves: Movement[];
  providerBefore?: string;
  providerAfter?: string;
  match?: string;
  /** For `removed`: where the router's requests go once the route is gone. */
  fallback?: Fallback;
}

/**
 * Where a removed route's requests go: the routes its router keeps (App Mesh tries them in
 * priority order, so a request the removed route matched goes to the first of them that matches
 * it, or fails), or nothing left on that router (requests to the service fail).
 */
export interface Fallback {
  router: string;
  routes: { route: string; match: string; priority?: number }[];
}

function fallbackOf(v: TrafficView, router: string): Fallback {
  const kept = v.routes.filter((r) => r.router === router && r.status !== 'removed');
  return { router, routes: kept.map((r) => ({ route: r.route.startsWith(`${router}/`) ? r.route.slice(router.length + 1) : r.route, match: r.match, ...(r.priority !== undefined ? { priority: r.priority } : {}) })) };
}

/** Where requests to a removed route go, as one sentence. */
export function fallbackSentence(f: Fallback): string {
  if (!f.routes.length) return `no route is left on router ${f.router}: requests to it fail`;
  const first = f.routes.slice(0, 3).map((r) => `${r.route} (${r.priority !== undefined ? `priority ${r.priority} · ` : ''}${r.match})`);
  const more = f.routes.length > 3 ? ` and ${f.routes.length - 3} more` : '';
  return `its requests go to the first of router ${f.router}'s remaining routes that matches them, else fail: ${first.join(', ')}${more}`;
}

/** For a deleted route (`router/name` in `mesh`): where its requests go, or undefined when no traffic view has it. */
export function fallbackForRoute(views: readonly TrafficView[], mesh: string, router: string, name: string): Fallback | undefined {
  for (const v of views) {
    if (v.mesh !== mesh) continue;
    if (v.providerAfter !== `virtual router ${router}`) continue;
    if (v.routes.some((r) => r.router === router && r.route === `${router}/${name}` && r.status === 'removed')) return fallbackOf(v, router);
  }
  return undefined;
}

export function shifts(views: readonly TrafficView[]): Shift[] {
  const out: Shift[] = [];
  for (const v of views) {
    const base = { mesh: v.mesh, service: v.virtualService };
    if (v.providerBefore !== v.providerAfter) {
      out.push({ ...base, kind: 'provider', moves: [], ...(v.providerBefore ? { providerBefore: v.providerBefore } : {}), ...(v.providerAfter ? { providerAfter: v.providerAfter } : {}) });
    }
    for (const r of v.routes) {
      // A node provider's pseudo-route only changes with the provider, which has its own line.
      if (r.status === 'unchanged' || r.router === undefined) continue;
      const moves = movements(r);
      out.push({
        ...base,
        route: r.route,
        kind: r.status,
        match: r.match,
        moves: r.status === 'changed' ? moves.filter((m) => m.before !== m.after) : moves,
        // Only while the router still serves the service: otherwise the provider line says where requests go.
        ...(r.status === 'removed' && v.providerAfter === `virtual router ${r.router}` ? { fallback: fallbackOf(v, r.router) } : {}),
      });
    }
  }
  return out;
}

// ---- Markdown ----

function movementMarkdown(m: Movement, kind: Shift['kind']): string {
  const node = markdownText(m.node);
  if (kind === 'added') return `${node} **${m.after}%**`;
  if (kind === 'removed') return `${node} ~~${m.before}%~~`;
  return `${node} ${m.before}% → **${m.after}%**`;
}

/** `- search.watches · search-router/canary: search-v2 10% → **50%**` */
export function shiftMarkdown(s: Shift): string {
  const head = `${code(s.service)}${s.route ? ` · ${code(s.route)}` : ''}`;
  if (s.kind === 'provider') {
    if (!s.providerBefore) return `${head} (new): provider **${markdownText(s.providerAfter ?? 'none')}**`;
    if (!s.providerAfter) return `${head}: provider ${markdownText(s.providerBefore)} → **none** (no longer routed)`;
    return `${head}: provider ${markdownText(s.providerBefore)} → **${markdownText(s.providerAfter)}**`;
  }
  const tag = s.kind === 'added' ? ' (new route)' : s.kind === 'removed' ? ' (route removed)' : '';
  const moves = s.moves.length ? s.moves.map((m) => movementMarkdown(m, s.kind)).join(', ') : s.kind === 'changed' ? 'shares unchanged (match or priority changes)' : 'no targets';
  const fallback = s.fallback ? `; ${s.fallback.routes.length ? '' : '**'}${markdownText(fallbackSentence(s.fallback))}${s.fallback.routes.length ? '' : '**'}` : '';
  return `${head}${tag}: ${moves}${fallback}`;
}

function shareCell(t: TrafficTarget, status: TrafficRoute['status']): string {
  if (status === 'added') return `**${share(t.after)}**`;
  if (status === 'removed') return `~~${share(t.before)}~~`;
  if (t.before === t.after) return share(t.after);
  return `${t.before ?? 0}% → **${t.after ?? 0}%**`;
}

function routeCell(r: TrafficRoute): string {
  const name = markdownText(r.route);
  if (r.status === 'added') return `**${name}** (new)`;
  if (r.status === 'removed') return `~~${name}~~ (removed)`;
  if (r.status === 'changed') return `**${name}** (changed)`;
  return name;
}

/** A heading line and a table per virtual service. */
export function trafficMarkdown(views: readonly TrafficView[]): string[] {
  const out: string[] = [];
  for (const v of views) {
    const provider =
      v.providerBefore === v.providerAfter
        ? markdownText(v.providerAfter ?? 'none')
        : v.providerBefore === undefined
          ? `**${markdownText(v.providerAfter ?? 'none')}** (new)`
          : `${markdownText(v.providerBefore)} → **${markdownText(v.providerAfter ?? 'none')}**`;
    out.push(`**${code(v.virtualService)}** · mesh ${code(v.mesh)} · provider: ${provider}`, '');
    if (v.gatewayRoutes.length) out.push(`Reached through gateway ${v.gatewayRoutes.length === 1 ? 'route' : 'routes'} ${v.gatewayRoutes.map(code).join(', ')}.`, '');
    if (!v.routes.length) {
      out.push('_No routes: this virtual service sends its requests nowhere._', '');
      continue;
    }
    out.push('| Route | Priority | Match | Virtual node | Share |', '|---|--:|---|---|--:|');
    for (const r of v.routes) {
      const first = `| ${routeCell(r)} | ${r.priority ?? ''} | ${markdownText(r.match)} |`;
      if (!r.targets.length) {
        out.push(`${first} – | – |`);
        continue;
      }
      r.targets.forEach((t, i) => out.push(`${i === 0 ? first : '| | | |'} ${markdownText(t.virtualNode)} | ${shareCell(t, r.status)} |`));
    }
    out.push('');
  }
  return out;
}

// ---- Terminal ----

function movementText(m: Movement, kind: Shift['kind'], style: Style): string {
  const node = terminalText(m.node);
  if (kind === 'added') return `${node} ${style.bold(`${m.after}%`)}`;
  if (kind === 'removed') return `${node} was ${m.before}%`;
  return `${node} ${m.before}% → ${style.bold(`${m.after}%`)}`;
}

/** `search.watches · search-router/canary: search-v2 10% → 50%` */
export function shiftText(s: Shift, style: Style): string {
  const head = `${style.cyan(terminalText(s.service))}${s.route ? ` · ${terminalText(s.route)}` : ''}`;
  if (s.kind === 'provider') {
    if (!s.providerBefore) return `${head} (new): provider ${style.bold(terminalText(s.providerAfter ?? 'none'))}`;
    if (!s.providerAfter) return `${head}: provider ${terminalText(s.providerBefore)} → ${style.bold('none')} (no longer routed)`;
    return `${head}: provider ${terminalText(s.providerBefore)} → ${style.bold(terminalText(s.providerAfter))}`;
  }
  const tag = s.kind === 'added' ? ' (new route)' : s.kind === 'removed' ? ' (route removed)' : '';
  const moves = s.moves.length ? s.moves.map((m) => movementText(m, s.kind, style)).join(', ') : s.kind === 'changed' ? 'shares unchanged (match or priority changes)' : 'no targets';
  const fallback = s.fallback ? `; ${(s.fallback.routes.length ? style.dim : style.red)(terminalText(fallbackSentence(s.fallback)))}` : '';
  return `${head}${tag}: ${moves}${fallback}`;
}

function targetText(t: TrafficTarget, status: TrafficRoute['status'], style: Style): string {
  if (status === 'added') return style.bold(share(t.after));
  if (status === 'removed') return style.dim(`was ${share(t.before)}`);
  if (t.before === t.after) return share(t.after);
  return `${t.before ?? 0}% → ${style.bold(`${t.after ?? 0}%`)}`;
}

/** The traffic view for the terminal, each line starting with `indent`. */
export function trafficText(views: readonly TrafficView[], style: Style, indent: string): string[] {
  const out: string[] = [];
  for (const v of views) {
    const provider =
      v.providerBefore === v.providerAfter
        ? terminalText(v.providerAfter ?? 'none')
        : v.providerBefore === undefined
          ? `${terminalText(v.providerAfter ?? 'none')} (new)`
          : `${terminalText(v.providerBefore)} → ${terminalText(v.providerAfter ?? 'none')}`;
    out.push(`${indent}${style.bold(style.cyan(terminalText(v.virtualService)))}  ${style.dim(`mesh ${terminalText(v.mesh)} · ${provider}`)}`);
    for (const r of v.routes) {
      const status = r.status === 'unchanged' ? '' : `  ${r.status === 'removed' ? style.red('(removed)') : r.status === 'added' ? style.green('(new)') : style.yellow('(changed)')}`;
      const priority = r.priority !== undefined ? `priority ${r.priority} · ` : '';
      out.push(`${indent}  ${terminalText(r.route)}  ${style.dim(`${priority}${terminalText(r.match)}`)}${status}`);
      const width = Math.max(0, ...r.targets.map((t) => terminalText(t.virtualNode).length));
      for (const t of r.targets) out.push(`${indent}    ${terminalText(t.virtualNode).padEnd(width)}  ${targetText(t, r.status, style)}`);
      if (!r.targets.length) out.push(`${indent}    ${style.dim('(no targets)')}`);
    }
    if (v.gatewayRoutes.length) out.push(`${indent}  ${style.dim(`reached through gateway routes: ${v.gatewayRoutes.map(terminalText).join(', ')}`)}`);
  }
  return out;
}
