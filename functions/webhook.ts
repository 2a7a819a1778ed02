import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { appConfig } from '../lib/app/config';
import { createLogger } from '../lib/app/logger';
import { createWebhookDeps, receiveWebhook, type WebhookDeps } from '../lib/app/receive-webhook';

// Built on the first invocation and kept for the container's life (one SSM read per cold start);
// a failed build is retried on the next invocation.
let deps: Promise<WebhookDeps> | undefined;

function dependencies(): Promise<WebhookDeps> {
  if (!deps) {
    const config = appConfig();
    deps = createWebhookDeps(config, createLogger({ level: config.logLevel, fields: { function: 'webhook' } }));
    deps.catch(() => (deps = undefined));
  }
  return deps;
}

async function webhook(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const request = { headers: event.headers ?? {}, body: event.body ?? '', isBase64Encoded: event.isBase64Encoded };
  let resolved: WebhookDeps;
  try {
    resolved = await dependencies();
  } catch (err) {
    createLogger({ fields: { function: 'webhook' } }).error('webhook cannot start', { err });
    return { statusCode: 503, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'meshops webhook is not configured; see its logs' }) };
  }
  return receiveWebhook(request, resolved);
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(webhook);

/** Tests: forget the dependencies built by a previous case. */
export function resetWebhookDependencies(): void {
  deps = undefined;
}
