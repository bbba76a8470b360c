import Fastify from 'fastify';

/**
 * The bare baseline for the framework's fixed cost: Fastify alone (the same version the API runs
 * on), one trivial JSON route, no plugins, no logger. The API's GET /api/v1/health/live answers
 * the same body through the whole stack (Nest's router, global guard, pipes, interceptors,
 * filters, helmet's headers, the onSend hook).
 *
 * Environment: PORT.
 */
const app = Fastify({ logger: false });
app.get('/live', async () => ({ status: 'up' }));

const port = Number(process.env.PORT ?? 3102);
await app.listen({ port, host: '127.0.0.1' });
console.log(`bare Fastify baseline on ${port}`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
