/**
 * GET /metrics for the gateway: this process's Prometheus registry (runtime/metrics.ts), which
 * holds the callback counts and whatever else the gateway records. A Fastify plugin:
 *
 *   await app.register(metricsRoute);          // GET /metrics
 *
 * Frameworks other than Fastify can call `scrapeMetrics()` and send its contentType and body.
 */
import { type FastifyPluginAsync } from 'fastify';
import { scrapeMetrics } from '../../runtime/metrics';

export const metricsRoute: FastifyPluginAsync = (app) => {
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await scrapeMetrics();
    return reply.header('content-type', contentType).send(body);
  });
  return Promise.resolve();
};
