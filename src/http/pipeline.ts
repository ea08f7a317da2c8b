// The path every request takes through the emulator, in one place: it is tagged with a request id,
// which is echoed in X-Request-Id, and logged as one JSON line when the response is done. Fault
// injection and a request journal belong here when they come.
import type { FastifyInstance, FastifyRequest } from 'fastify';

export function installRequestPipeline(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Older Huawei SDK cores look at the content type even of an empty 204 answer.
    if (reply.statusCode === 204) reply.header('content-type', 'application/json');
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 100) / 100,
        project: projectOf(request),
      },
      'request completed',
    );
  });
}

function projectOf(request: FastifyRequest): string | undefined {
  return (request.params as { project_id?: string } | undefined)?.project_id;
}
