import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DemoReceivedWebhookListSchema, type DemoReceivedWebhook } from '@reviewtrace/contracts';
import { requireAllowed } from '../auth/access.ts';
import { authOf } from '../auth/auth.hooks.ts';
import { errorResponses } from '../http/openapi.ts';

/** What the routes read of the demo's receiver (demo-alert-receiver.ts). */
export interface DemoReceiverLog {
  receivedBy(orgId: number): DemoReceivedWebhook[];
}

/** Demo mode only: the built-in alert receiver's log, for the page that shows it (owners, their org's). */
export const demoRoutes =
  (receiver: DemoReceiverLog): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/demo/alert-receiver',
      {
        schema: {
          tags: ['demo'],
          summary: 'What the demo’s built-in alert receiver got for the org’s endpoints (demo mode only; owner)',
          response: { 200: DemoReceivedWebhookListSchema, ...errorResponses },
        },
      },
      (request) => {
        const auth = authOf(request);
        requireAllowed(auth, { permission: 'settings:manage', action: 'see what alert endpoints received' });
        return { items: receiver.receivedBy(auth.orgId) };
      },
    );
  };
